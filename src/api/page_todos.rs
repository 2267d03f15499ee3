//! The todo list as the server-rendered page hands it to the WASM for
//! hydration. Leptos embeds a resource's JSON in the page as a JavaScript
//! string literal, where every `"` costs two bytes, and the wire shape of
//! `Todo` (named fields, the owner's id on every todo, RFC 3339 timestamps)
//! would make these data a third of the page. So the page's list travels in
//! columns instead: creators and lists once, the ids as one string of 22 characters
//! each, the titles, then small numbers (creators, lists and versions only
//! where they differ from the usual); empty descriptions and absent due
//! dates are left out. 100 todos take about 5 KB instead of 30. Only the page reads this shape:
//! the server function and the JSON API keep the wire shape of SPEC §1.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use crate::domain::{Priority, Todo, time::Timestamp};

/// Todos, oldest first, in the compact shape.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageTodos(pub Vec<Todo>);

/// `[refs, ids, titles, [[i, description]], flags, created, updated,
/// [[i, due]], [[i, creator, list]], [[i, version]]]`:
/// - `refs`: the distinct creators and lists, `ID_LEN` characters each,
///   back to back (see `encode_id`); the first todo's creator is ref 0 and
///   its list ref 1, and `[[i, creator, list]]` lists only the todos whose
///   creator or list differ from those (by ref);
/// - the ids are `ID_LEN` characters each, back to back;
/// - a flag is `priority index * 2 + completed`;
/// - `created` holds each creation time as milliseconds after the previous
///   todo's (the first after the epoch); `updated` holds milliseconds after
///   the todo's own creation;
/// - `[[i, version]]` only for versions other than 1.
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
    Vec<(usize, usize, usize)>,
    Vec<(usize, u64)>,
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

/// The distinct ids of creators and lists, each numbered once.
#[derive(Default)]
struct Refs(Vec<Uuid>);

impl Refs {
    fn of(&mut self, id: Uuid) -> usize {
        match self.0.iter().position(|r| *r == id) {
            Some(i) => i,
            None => {
                self.0.push(id);
                self.0.len() - 1
            }
        }
    }
}

impl Serialize for PageTodos {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let todos = &self.0;
        // The first todo's creator and list are refs 0 and 1, even when
        // they are the same id.
        let mut refs = Refs(
            todos
                .first()
                .map(|t| vec![t.user_id, t.list_id])
                .unwrap_or_default(),
        );
        let usual = todos.first().map(|_| (0, 1));
        let mut ids = String::with_capacity(ID_LEN * todos.len());
        let mut previous = 0;
        let mut columns = Columns(
            String::new(),
            String::new(),
            Vec::with_capacity(todos.len()),
            Vec::new(),
            Vec::with_capacity(todos.len()),
            Vec::with_capacity(todos.len()),
            Vec::with_capacity(todos.len()),
            Vec::new(),
            Vec::new(),
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
            let who = (refs.of(t.user_id), refs.of(t.list_id));
            if Some(who) != usual {
                columns.8.push((i, who.0, who.1));
            }
            if t.version != 1 {
                columns.9.push((i, t.version));
            }
        }
        for id in refs.0 {
            encode_id(id, &mut columns.0);
        }
        columns.1 = ids;
        columns.serialize(s)
    }
}

impl<'de> Deserialize<'de> for PageTodos {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Columns(refs, ids, titles, descriptions, flags, created, updated, dues, who, versions) =
            Columns::deserialize(d)?;
        let n = titles.len();
        if ids.len() != ID_LEN * n || flags.len() != n || created.len() != n || updated.len() != n {
            return Err(D::Error::custom("columns of different lengths"));
        }
        let uuid = |text: &str| decode_id(text).ok_or_else(|| D::Error::custom("malformed id"));
        if !refs.len().is_multiple_of(ID_LEN) {
            return Err(D::Error::custom("malformed refs"));
        }
        let refs = (0..refs.len() / ID_LEN)
            .map(|i| uuid(refs.get(ID_LEN * i..ID_LEN * (i + 1)).unwrap_or_default()))
            .collect::<Result<Vec<Uuid>, _>>()?;
        let reference = |i: usize| {
            refs.get(i)
                .copied()
                .ok_or_else(|| D::Error::custom("unknown ref"))
        };
        let (user_id, list_id) = if n == 0 {
            (Uuid::nil(), Uuid::nil())
        } else {
            (reference(0)?, reference(1)?)
        };
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
                list_id,
                version: 1,
                created_at: Timestamp::from_millis(at),
                updated_at: Timestamp::from_millis(at.saturating_add(updated[i])),
            });
        }
        fn todo_at<'a, E: serde::de::Error>(
            todos: &'a mut [Todo],
            i: usize,
            what: &str,
        ) -> Result<&'a mut Todo, E> {
            todos
                .get_mut(i)
                .ok_or_else(|| E::custom(format!("{what} of no todo")))
        }
        for (i, description) in descriptions {
            todo_at::<D::Error>(&mut todos, i, "description")?.description = description;
        }
        for (i, due) in dues {
            todo_at::<D::Error>(&mut todos, i, "due date")?.due_date =
                Some(Timestamp::from_millis(due));
        }
        for (i, creator, list) in who {
            let (user_id, list_id) = (reference(creator)?, reference(list)?);
            let todo = todo_at::<D::Error>(&mut todos, i, "creator")?;
            todo.user_id = user_id;
            todo.list_id = list_id;
        }
        for (i, version) in versions {
            todo_at::<D::Error>(&mut todos, i, "version")?.version = version;
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
            list_id: Uuid::from_u128(9),
            version: 1,
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
        b.version = 7;
        b.user_id = Uuid::from_u128(8);
        let mut c = todo(3, "ünïcode ✓", "2026-10-02", "2026-10-02");
        c.list_id = c.user_id; // the same id as creator and list
        let list = PageTodos(vec![a, b, c]);

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
        let refs = "AAAAAAAAAAAAAAAAAAAAAHAAAAAAAAAAAAAAAAAAAAAI";
        let short = format!(r#"["{refs}","",["a"],[],[2],[0],[0],[],[],[]]"#);
        assert!(serde_json::from_str::<PageTodos>(&short).is_err());
        let stray = format!(r#"["{refs}","",[],[[0,"x"]],[],[],[],[],[],[]]"#);
        assert!(serde_json::from_str::<PageTodos>(&stray).is_err());
        let id = "AAAAAAAAAAAAAAAAAAAAAB";
        let bad_ref = format!(r#"["{refs}","{id}",["a"],[],[2],[0],[0],[],[[0,5,1]],[]]"#);
        assert!(serde_json::from_str::<PageTodos>(&bad_ref).is_err());
        // A multi-byte character across an id's boundary is refused, not a panic.
        let split = format!(
            r#"["{}é{}","",[],[],[],[],[],[],[],[]]"#,
            "A".repeat(21),
            "A".repeat(21)
        );
        assert!(serde_json::from_str::<PageTodos>(&split).is_err());
        let overflow = r#"["zAAAAAAAAAAAAAAAAAAAAA","",[],[],[],[],[],[],[],[]]"#;
        assert!(serde_json::from_str::<PageTodos>(overflow).is_err());
    }
}
