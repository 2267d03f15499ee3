//! The todo list as the server-rendered page hands it to the WASM for
//! hydration. Leptos embeds a resource's JSON in the page as a JavaScript
//! string literal, where every `"` costs two bytes, and the wire shape of
//! `Todo` (named fields, the owner's id on every todo, RFC 3339 timestamps)
//! would make these data a third of the page. So the page's list travels in
//! columns instead: the owner once, the ids as one string of 22 characters
//! each, the titles, then small numbers; empty descriptions and absent due
//! dates are left out. 100 todos take about 5 KB instead of 30. Only the page reads this shape:
//! the server function and the JSON API keep the wire shape of SPEC §1.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use crate::domain::{Priority, Todo, time::Timestamp};

/// One user's todos, oldest first, in the compact shape.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageTodos(pub Vec<Todo>);

/// `[owner, ids, titles, [[i, description]], flags, created, updated, [[i, due]]]`:
/// the ids are `ID_LEN` characters each (see `encode_id`), back to back; a flag is
/// `priority index * 2 + completed`; `created` holds each creation time as
/// milliseconds after the previous todo's (the first after the epoch);
/// `updated` holds milliseconds after the todo's own creation.
#[derive(Serialize, Deserialize)]
struct Columns(
    String,
    String,
    Vec<String>,
    Vec<(usize, String)>,
    Vec<u8>,
    Vec<i64>,
    Vec<i64>,
    Vec<(usize, i64)>,
);

/// Characters per id: 128 bits, six per character.
const ID_LEN: usize = 22;
/// URL-safe base 64 digits, none of which JSON or a JavaScript string escapes.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn encode_id(id: Uuid, out: &mut String) {
    let bits = id.as_u128();
    for k in (0..ID_LEN).rev() {
        out.push(char::from(DIGITS[((bits >> (6 * k)) & 63) as usize]));
    }
}

fn decode_id(text: &str) -> Option<Uuid> {
    if text.len() != ID_LEN {
        return None;
    }
    text.bytes()
        .try_fold(0u128, |bits, c| {
            let digit = DIGITS.iter().position(|d| *d == c)? as u128;
            // The first character carries only 2 of the 128 bits.
            bits.checked_mul(64).map(|b| b | digit)
        })
        .map(Uuid::from_u128)
}

fn millis(t: &Timestamp) -> i64 {
    t.millis()
}

impl Serialize for PageTodos {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let todos = &self.0;
        let owner = todos.first().map(|t| t.user_id).unwrap_or_default();
        let mut ids = String::with_capacity(ID_LEN * todos.len());
        let mut previous = 0;
        let mut columns = Columns(
            String::with_capacity(ID_LEN),
            String::new(),
            Vec::with_capacity(todos.len()),
            Vec::new(),
            Vec::with_capacity(todos.len()),
            Vec::with_capacity(todos.len()),
            Vec::with_capacity(todos.len()),
            Vec::new(),
        );
        for (i, t) in todos.iter().enumerate() {
            encode_id(t.id, &mut ids);
            columns.2.push(t.title.clone());
            if !t.description.is_empty() {
                columns.3.push((i, t.description.clone()));
            }
            let priority = Priority::ALL.iter().position(|p| *p == t.priority);
            columns
                .4
                .push(priority.unwrap_or(1) as u8 * 2 + u8::from(t.completed));
            let created = millis(&t.created_at);
            columns.5.push(created - previous);
            previous = created;
            columns.6.push(millis(&t.updated_at) - created);
            if let Some(due) = &t.due_date {
                columns.7.push((i, millis(due)));
            }
        }
        encode_id(owner, &mut columns.0);
        columns.1 = ids;
        columns.serialize(s)
    }
}

impl<'de> Deserialize<'de> for PageTodos {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Columns(owner, ids, titles, descriptions, flags, created, updated, dues) =
            Columns::deserialize(d)?;
        let n = titles.len();
        if ids.len() != ID_LEN * n || flags.len() != n || created.len() != n || updated.len() != n {
            return Err(D::Error::custom("columns of different lengths"));
        }
        let uuid = |text: &str| decode_id(text).ok_or_else(|| D::Error::custom("malformed id"));
        let user_id = uuid(&owner)?;
        let mut at = 0i64;
        let mut todos = Vec::with_capacity(n);
        for (i, title) in titles.into_iter().enumerate() {
            at = at.saturating_add(created[i]);
            let flag = flags[i];
            todos.push(Todo {
                id: uuid(ids.get(ID_LEN * i..ID_LEN * (i + 1)).unwrap_or_default())?,
                title,
                description: String::new(),
                completed: flag & 1 == 1,
                priority: *Priority::ALL
                    .get(usize::from(flag / 2))
                    .ok_or_else(|| D::Error::custom("unknown priority"))?,
                due_date: None,
                user_id,
                created_at: Timestamp::from_millis(at),
                updated_at: Timestamp::from_millis(at.saturating_add(updated[i])),
            });
        }
        for (i, description) in descriptions {
            todos
                .get_mut(i)
                .ok_or_else(|| D::Error::custom("description of no todo"))?
                .description = description;
        }
        for (i, due) in dues {
            todos
                .get_mut(i)
                .ok_or_else(|| D::Error::custom("due date of no todo"))?
                .due_date = Some(Timestamp::from_millis(due));
        }
        Ok(PageTodos(todos))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_due_date;

    fn todo(n: u128, title: &str, created: &str, updated: &str) -> Todo {
        Todo {
            id: Uuid::from_u128(n * 0x1234_5678_9abc_def0_1122_3344),
            title: title.into(),
            description: String::new(),
            completed: false,
            priority: Priority::Medium,
            due_date: None,
            user_id: Uuid::from_u128(7),
            created_at: parse_due_date(created).unwrap(),
            updated_at: parse_due_date(updated).unwrap(),
        }
    }

    fn round_trip(list: &PageTodos) -> PageTodos {
        serde_json::from_str(&serde_json::to_string(list).unwrap()).unwrap()
    }

    #[test]
    fn every_field_survives_the_round_trip() {
        let mut a = todo(
            1,
            "Buy \"milk\" <now>",
            "2026-10-01T08:00:00.123Z",
            "2026-10-01T08:00:00.123Z",
        );
        a.description = "two\nlines".into();
        a.priority = Priority::High;
        a.due_date = parse_due_date("2026-10-03");
        let mut b = todo(
            2,
            "",
            "2026-10-01T07:59:59.999Z",
            "2026-12-24T00:00:00.001Z",
        );
        b.completed = true;
        b.priority = Priority::Low;
        let list = PageTodos(vec![a, b, todo(3, "ünïcode ✓", "2026-10-02", "2026-10-02")]);

        assert_eq!(round_trip(&list), list);
        assert_eq!(round_trip(&PageTodos::default()), PageTodos::default());
    }

    #[test]
    fn a_hundred_todos_take_far_less_than_their_wire_shape() {
        let list = PageTodos(
            (0..100)
                .map(|i| todo(i, &format!("todo number {i}"), "2026-10-01", "2026-10-01"))
                .collect(),
        );

        let compact = serde_json::to_string(&list).unwrap().len();
        let wire = serde_json::to_string(&list.0).unwrap().len();

        assert!(compact * 4 < wire, "{compact} bytes vs {wire}");
    }

    #[test]
    fn ids_survive_their_short_form() {
        for id in [
            Uuid::nil(),
            Uuid::max(),
            Uuid::from_u128(0x0123_4567_89ab_cdef),
        ] {
            let mut text = String::new();
            encode_id(id, &mut text);
            assert_eq!((text.len(), decode_id(&text)), (ID_LEN, Some(id)));
        }
    }

    #[test]
    fn columns_that_do_not_line_up_are_refused() {
        let owner = "AAAAAAAAAAAAAAAAAAAAAH";
        let short = format!(r#"["{owner}","",["a"],[],[2],[0],[0],[]]"#);
        assert!(serde_json::from_str::<PageTodos>(&short).is_err());
        let stray = format!(r#"["{owner}","",[],[[0,"x"]],[],[],[],[]]"#);
        assert!(serde_json::from_str::<PageTodos>(&stray).is_err());
        let overflow = r#"["zAAAAAAAAAAAAAAAAAAAAA","",[],[],[],[],[],[]]"#;
        assert!(serde_json::from_str::<PageTodos>(overflow).is_err());
    }
}
