//! Property tests of the page store's merge rule: whatever order versions of
//! todos arrive in, the list holds each todo once, at its newest version,
//! oldest-created first; and a deleted todo never comes back.

use leptos::prelude::*;
use proptest::prelude::*;
use std::collections::{BTreeMap, HashSet};
use uuid::Uuid;

use super::store::{TodoStore, merge};
use super::test_todos;
use crate::domain::{Todo, time::Timestamp};

fn at(secs: i64) -> Timestamp {
    Timestamp::from_millis(secs * 1000)
}

/// Version `version` of todo `id`; its title tells which version it is.
fn todo(id: u8, version: u8) -> Todo {
    test_todos::todo_at(
        u128::from(id) + 1,
        &format!("{id}@{version}"),
        at(i64::from(id) * 86_400),
        at(i64::from(id) * 86_400 + i64::from(version)),
    )
}

/// Distinct (id, version) pairs in some arrival order.
fn arrivals() -> impl Strategy<Value = Vec<(u8, u8)>> {
    prop::collection::hash_set((0u8..6, 0u8..12), 0..30)
        .prop_map(|set| set.into_iter().collect::<Vec<_>>())
        .prop_shuffle()
}

#[derive(Debug, Clone)]
enum Op {
    Upsert(u8, u8),
    Delete(u8),
    /// A refetch answering these (id, version) pairs.
    Fetch(Vec<(u8, u8)>),
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    let op = prop_oneof![
        4 => (0u8..6, 0u8..12).prop_map(|(i, v)| Op::Upsert(i, v)),
        1 => (0u8..6).prop_map(Op::Delete),
        // The server lists each todo once, oldest first.
        1 => prop::collection::btree_map(0u8..6, 0u8..12, 0..6)
            .prop_map(|list| Op::Fetch(list.into_iter().collect())),
    ];
    prop::collection::vec(op, 0..30)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn merging_keeps_the_newest_version_once_in_creation_order(arrived in arrivals()) {
        let mut all = Vec::new();
        for (id, version) in &arrived {
            merge(&mut all, todo(*id, *version));
        }
        let mut newest = BTreeMap::new();
        for (id, version) in arrived {
            let v = newest.entry(id).or_insert(version);
            *v = (*v).max(version);
        }
        // BTreeMap order is id order, which is creation order here.
        let expected: Vec<String> = newest.iter().map(|(id, v)| format!("{id}@{v}")).collect();
        let titles: Vec<String> = all.iter().map(|t| t.title.clone()).collect();
        prop_assert_eq!(titles, expected);
    }

    #[test]
    fn a_deleted_todo_never_comes_back(ops in ops()) {
        let owner = Owner::new();
        owner.with(|| {
            let store = TodoStore::default();
            let mut deleted = HashSet::new();
            for op in ops {
                match op {
                    Op::Upsert(id, version) => store.upsert(todo(id, version)),
                    Op::Delete(id) => {
                        deleted.insert(todo(id, 0).id);
                        store.remove(todo(id, 0).id);
                    }
                    Op::Fetch(list) => {
                        store.begin_fetch();
                        store.finish_fetch(list.into_iter().map(|(i, v)| todo(i, v)).collect());
                    }
                }
                let ids: Vec<Uuid> = store.with(|all| all.iter().map(|t| t.id).collect());
                let unique: HashSet<Uuid> = ids.iter().copied().collect();
                prop_assert_eq!(unique.len(), ids.len(), "a todo shown twice");
                prop_assert!(unique.is_disjoint(&deleted), "a deleted todo came back");
            }
            Ok(())
        })?;
    }
}
