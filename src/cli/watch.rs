//! `livetodo-watch`: follows a user's live events from a terminal. It logs
//! in (or takes a token), connects with `rust_socketio`, sends `join`, and
//! prints every event (todos, lists, members) as one JSON line on stdout
//! until interrupted, all of them or those of one list (`--list ID`).
//! With `--since SEQ` it resumes that list after change SEQ (SPEC §7
//! `sync`), and again after every reconnect from the last change it
//! printed, printing each change once. The client reconnects by itself;
//! diagnostics go to stderr.

use futures_util::FutureExt;
use rust_socketio::{
    Event, Payload, TransportType,
    asynchronous::{Client, ClientBuilder},
};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use livetodo::domain::AuthResponse;
use livetodo::domain::events::{JOIN, JOINED, LIST_CREATED, LIST_DELETED, ListEvent, RESYNC, SYNC};

const USAGE: &str = "usage: livetodo-watch [--url URL] [--list ID [--since SEQ]] (--token JWT | --email EMAIL --password PASSWORD)
  URL defaults to http://127.0.0.1:3000; LIVETODO_TOKEN, LIVETODO_EMAIL and
  LIVETODO_PASSWORD may stand in for the flags. --list prints only the
  events of that list (and `joined`, `resync`); --since first prints the
  changes of that list after change SEQ, and resumes after reconnects.";

/// The events printed: every list event (each carries its meta, with
/// `listId`, as a second argument), then `joined` and `resync`.
fn events() -> impl Iterator<Item = &'static str> {
    ListEvent::NAMES.into_iter().chain([JOINED, RESYNC])
}

#[derive(Debug, Default)]
struct Options {
    url: String,
    token: Option<String>,
    email: Option<String>,
    password: Option<String>,
    list: Option<String>,
    since: Option<u64>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        url: "http://127.0.0.1:3000".into(),
        token: std::env::var("LIVETODO_TOKEN").ok(),
        email: std::env::var("LIVETODO_EMAIL").ok(),
        password: std::env::var("LIVETODO_PASSWORD").ok(),
        list: None,
        since: None,
    };
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let mut value = || rest.next().cloned().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--url" => options.url = value()?.trim_end_matches('/').to_owned(),
            "--token" => options.token = Some(value()?),
            "--email" => options.email = Some(value()?),
            "--password" => options.password = Some(value()?),
            "--list" => options.list = Some(value()?.to_lowercase()),
            "--since" => {
                let raw = value()?;
                let seq = raw
                    .parse()
                    .map_err(|_| format!("--since needs a change number, not {raw:?}"))?;
                options.since = Some(seq);
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if options.since.is_some() && options.list.is_none() {
        return Err("--since needs --list".into());
    }
    Ok(options)
}

/// Runs the command; returns the process exit code.
pub async fn run(args: &[String]) -> u8 {
    let options = match parse(args) {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("livetodo-watch: {e}");
            }
            eprintln!("{USAGE}");
            return 2;
        }
    };
    let token = match (&options.token, &options.email, &options.password) {
        (Some(token), _, _) => token.clone(),
        (None, Some(email), Some(password)) => match log_in(&options.url, email, password).await {
            Ok(token) => token,
            Err(e) => {
                eprintln!("livetodo-watch: log-in failed: {e}");
                return 1;
            }
        },
        _ => {
            eprintln!("{USAGE}");
            return 2;
        }
    };
    let client = match connect(&options.url, &token, options.list, options.since).await {
        Ok(c) => c,
        Err(e) => {
            eprintln!("livetodo-watch: cannot connect: {e}");
            return 1;
        }
    };
    let _ = tokio::signal::ctrl_c().await;
    let _ = client.disconnect().await;
    0
}

async fn log_in(url: &str, email: &str, password: &str) -> Result<String, String> {
    let res = reqwest::Client::new()
        .post(format!("{url}/api/v1/auth/login"))
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !res.status().is_success() {
        let status = res.status();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        return Err(format!(
            "{status}: {}",
            body["error"].as_str().unwrap_or("no details")
        ));
    }
    let answer: AuthResponse = res.json().await.map_err(|e| e.to_string())?;
    Ok(answer.access_token)
}

/// The followed list and the last change of it printed: what a reconnect
/// resumes from, and what tells a replayed change already printed.
struct Resume {
    list: String,
    last: AtomicU64,
}

async fn connect(
    url: &str,
    token: &str,
    list: Option<String>,
    since: Option<u64>,
) -> Result<Client, rust_socketio::Error> {
    let resume = match (&list, since) {
        (Some(list), Some(since)) => Some(Arc::new(Resume {
            list: list.clone(),
            last: AtomicU64::new(since),
        })),
        _ => None,
    };
    let on_connect = resume.clone();
    let mut builder = ClientBuilder::new(url)
        .namespace("/")
        .transport_type(TransportType::Websocket)
        .auth(json!({ "token": token }))
        .reconnect(true)
        .reconnect_on_disconnect(true)
        .on(Event::Connect, move |_, client: Client| {
            let resume = on_connect.clone();
            async move {
                eprintln!("livetodo-watch: connected");
                if let Err(e) = client.emit(JOIN, json!({})).await {
                    eprintln!("livetodo-watch: join failed: {e}");
                }
                if let Some(resume) = resume {
                    sync(&client, &resume).await;
                }
            }
            .boxed()
        })
        // Refused connects and the server's `error` events both land here.
        .on(Event::Error, |payload, _| {
            async move { eprintln!("livetodo-watch: {}", describe(&payload)) }.boxed()
        })
        .on(Event::Close, |_, _| {
            async move { eprintln!("livetodo-watch: disconnected; reconnecting") }.boxed()
        });
    for name in events() {
        let list = list.clone();
        let resume = resume.clone();
        builder = builder.on(name, move |payload, _| {
            let line = line(name, &payload, list.as_deref())
                .filter(|line| resume.as_deref().is_none_or(|r| first_time(r, line)));
            async move {
                if let Some(line) = line {
                    println!("{line}");
                }
            }
            .boxed()
        });
    }
    builder.connect().await
}

/// Asks for the followed list's changes after the last one printed; they
/// arrive as ordinary events before the answer, which goes to stderr.
async fn sync(client: &Client, resume: &Resume) {
    let last = resume.last.load(Ordering::SeqCst);
    let request = json!({ "lists": { resume.list.clone(): last } });
    let list = resume.list.clone();
    let asked = client
        .emit_with_ack(SYNC, request, Duration::from_secs(30), move |payload, _| {
            let entry = match &payload {
                Payload::Text(values) => {
                    let answer = match values.first() {
                        Some(Value::Array(args)) => args.first().cloned(),
                        other => other.cloned(),
                    };
                    answer.map(|a| a["lists"][&list].clone())
                }
                _ => None,
            };
            async move {
                match entry {
                    Some(entry) if entry["resync"] == true => eprintln!(
                        "livetodo-watch: the log no longer reaches back to change {last}; \
                         refetch the list (it is at change {})",
                        entry["seq"]
                    ),
                    Some(entry) if entry["replayed"].is_u64() => eprintln!(
                        "livetodo-watch: resumed after change {last}: {} replayed, now at {}",
                        entry["replayed"], entry["seq"]
                    ),
                    other => eprintln!("livetodo-watch: sync failed: {other:?}"),
                }
            }
            .boxed()
        })
        .await;
    if let Err(e) = asked {
        eprintln!("livetodo-watch: sync failed: {e}");
    }
}

/// Whether a line of the followed list carries a change not printed yet
/// (and notes it); lines without a change number always pass.
fn first_time(resume: &Resume, line: &Value) -> bool {
    let Some(seq) = line["meta"]["seq"].as_u64() else {
        return true;
    };
    if line["event"] == LIST_CREATED || line["event"] == LIST_DELETED {
        // These carry the list's latest number without taking one.
        return true;
    }
    resume.last.fetch_max(seq, Ordering::SeqCst) < seq
}

/// One line per event: `{"event": "todo:created", "data": {...}, "meta":
/// {...}}` (no `meta` for events without one); `None` for an event of
/// another list than the one followed.
fn line(name: &str, payload: &Payload, list: Option<&str>) -> Option<Value> {
    let (data, meta) = match payload {
        Payload::Text(values) => (
            values.first().cloned().unwrap_or(Value::Null),
            values.get(1).cloned(),
        ),
        _ => (Value::Null, None),
    };
    if let (Some(list), Some(meta)) = (list, &meta)
        && meta["listId"].as_str().map(str::to_lowercase).as_deref() != Some(list)
    {
        return None;
    }
    Some(match meta {
        Some(meta) => json!({ "event": name, "data": data, "meta": meta }),
        None => json!({ "event": name, "data": data }),
    })
}

fn describe(payload: &Payload) -> String {
    match payload {
        Payload::Text(values) => values
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join(" "),
        _ => "error".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_override_the_defaults() {
        let args: Vec<String> = ["--url", "http://h:1/", "--token", "t"]
            .map(String::from)
            .to_vec();
        let o = parse(&args).unwrap();
        assert_eq!(o.url, "http://h:1");
        assert_eq!(o.token.as_deref(), Some("t"));
        assert!(parse(&["--bogus".to_string()]).is_err());
        let list = parse(&["--list".to_string(), "ABC".to_string()]).unwrap();
        assert_eq!(list.list.as_deref(), Some("abc"));
        assert!(parse(&["--email".to_string()]).is_err());
        let resumed = parse(&["--list", "a", "--since", "41"].map(String::from)).unwrap();
        assert_eq!(resumed.since, Some(41));
        assert!(parse(&["--since", "41"].map(String::from)).is_err());
        assert!(parse(&["--list", "a", "--since", "x"].map(String::from)).is_err());
    }

    #[test]
    fn a_resumed_list_prints_each_change_once() {
        let resume = Resume {
            list: "a".into(),
            last: AtomicU64::new(5),
        };
        let change = |seq: u64| json!({ "event": "todo:created", "meta": { "seq": seq } });
        assert!(!first_time(&resume, &change(5)), "seen before the resume");
        assert!(first_time(&resume, &change(6)));
        assert!(!first_time(&resume, &change(6)), "replayed and live");
        assert!(first_time(&resume, &change(7)));
        assert!(first_time(&resume, &json!({ "event": "joined" })));
    }
}

#[cfg(test)]
mod line_tests {
    use super::*;
    use livetodo::domain::events::TODO_CREATED;

    #[test]
    fn a_followed_list_keeps_its_own_events_and_the_greetings() {
        let event = |list: &str| {
            Payload::Text(vec![
                json!({ "id": "t" }),
                json!({ "listId": list, "seq": 1 }),
            ])
        };
        let mine = line(TODO_CREATED, &event("aa"), Some("aa")).unwrap();
        assert_eq!(mine["meta"]["seq"], 1);
        assert!(line(TODO_CREATED, &event("bb"), Some("aa")).is_none());
        assert!(line(TODO_CREATED, &event("bb"), None).is_some());
        let joined = Payload::Text(vec![json!({ "message": "hi" })]);
        assert_eq!(
            line(JOINED, &joined, Some("aa")).unwrap(),
            json!({ "event": "joined", "data": { "message": "hi" } })
        );
    }
}
