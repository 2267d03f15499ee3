//! Socket.IO helpers: a real `rust_socketio` client that records every event
//! it receives, and a wait-for-condition over what it recorded.

use futures_util::FutureExt;
use rust_socketio::{
    Event, Payload,
    asynchronous::{Client, ClientBuilder},
};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::TestApp;

/// How a socket presents its token (SPEC §3 lists all four).
#[derive(Clone, Copy, Debug)]
pub enum Via {
    AuthPayload,
    Query,
    QueryWithBearer,
    Header,
    Cookie,
}

pub const ALL_SOURCES: [Via; 5] = [
    Via::AuthPayload,
    Via::Query,
    Via::QueryWithBearer,
    Via::Header,
    Via::Cookie,
];

/// Everything a client received, in order: (event name, first argument),
/// and beside it each event's second argument (its meta, SPEC §6–§7).
#[derive(Clone, Default)]
pub struct Recorder(Arc<Mutex<Vec<(String, Value, Value)>>>);

impl Recorder {
    fn push(&self, name: &str, payload: &Payload) {
        let (first, second) = match payload {
            Payload::Text(values) => (
                values.first().cloned().unwrap_or(Value::Null),
                values.get(1).cloned().unwrap_or(Value::Null),
            ),
            _ => (Value::Null, Value::Null),
        };
        self.0
            .lock()
            .unwrap()
            .push((name.to_owned(), first, second));
    }

    pub fn all(&self) -> Vec<(String, Value)> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .map(|(n, v, _)| (n.clone(), v.clone()))
            .collect()
    }

    /// The metas (second arguments) of the events called `name`.
    pub fn metas(&self, name: &str) -> Vec<Value> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter(|(n, _, _)| n == name)
            .map(|(_, _, m)| m.clone())
            .collect()
    }

    /// Everything received, with each event's meta.
    pub fn with_metas(&self) -> Vec<(String, Value, Value)> {
        self.0.lock().unwrap().clone()
    }

    /// Payloads of the events called `name`.
    pub fn named(&self, name: &str) -> Vec<Value> {
        self.all()
            .into_iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v)
            .collect()
    }

    /// Names of the `todo:*` events, in order.
    pub fn todo_events(&self) -> Vec<(String, Value)> {
        self.all()
            .into_iter()
            .filter(|(n, _)| n.starts_with("todo:"))
            .collect()
    }

    /// Waits until `done` holds over the recording; panics after 15 s with
    /// what was recorded, so a failure says what did arrive.
    pub async fn wait_until(&self, what: &str, done: impl Fn(&[(String, Value)]) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if done(&self.all()) {
                return;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; received {:?}", self.all());
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    pub async fn wait_for(&self, name: &str, count: usize) {
        self.wait_until(&format!("{count} × {name}"), |all| {
            all.iter().filter(|(n, _)| n == name).count() >= count
        })
        .await;
    }

    pub async fn connected(&self) {
        self.wait_for("connect", 1).await;
    }
}

/// Emits `event` with `data` and waits for the ack's first argument.
pub async fn ask(client: &Client, event: &str, data: Value) -> Value {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let tx = Arc::new(Mutex::new(Some(tx)));
    client
        .emit_with_ack(event, data, Duration::from_secs(10), move |payload, _| {
            // rust_socketio hands an ack's arguments over as one array.
            let value = match payload {
                Payload::Text(values) => match values.first() {
                    Some(Value::Array(args)) => args.first().cloned().unwrap_or(Value::Null),
                    other => other.cloned().unwrap_or(Value::Null),
                },
                _ => Value::Null,
            };
            if let Some(tx) = tx.lock().unwrap().take() {
                let _ = tx.send(value);
            }
            async {}.boxed()
        })
        .await
        .expect("emit with ack");
    tokio::time::timeout(Duration::from_secs(10), rx)
        .await
        .expect("an ack in time")
        .expect("an ack")
}

/// Opens a socket presenting `token` the way `via` says (no reconnects, so a
/// refusal stays a refusal).
pub async fn open(app: &TestApp, via: Via, token: &str) -> (Client, Recorder) {
    open_at(&app.base, via, token).await
}

/// `open` against any server address (`http://host:port`).
pub async fn open_at(base: &str, via: Via, token: &str) -> (Client, Recorder) {
    let url = match via {
        Via::Query => format!("{base}/?token={token}"),
        Via::QueryWithBearer => format!("{base}/?token=Bearer%20{token}"),
        _ => base.to_owned(),
    };
    let mut builder = ClientBuilder::new(url).namespace("/").reconnect(false);
    builder = match via {
        Via::AuthPayload => builder.auth(serde_json::json!({ "token": token })),
        Via::Header => builder.opening_header("Authorization", format!("Bearer {token}")),
        Via::Cookie => builder.opening_header("Cookie", format!("livetodo_session={token}")),
        Via::Query | Via::QueryWithBearer => builder,
    };
    open_with(builder).await
}

/// A connected socket on namespace `/presence` of the server at `base`.
pub async fn presence_at(base: &str, token: &str) -> (Client, Recorder) {
    let builder = ClientBuilder::new(base.to_owned())
        .namespace("/presence")
        .reconnect(false)
        .auth(serde_json::json!({ "token": token }));
    let (client, recorder) = open_with(builder).await;
    recorder.connected().await;
    (client, recorder)
}

/// Opens a socket with no token at all.
pub async fn open_anonymous(app: &TestApp) -> (Client, Recorder) {
    open_with(
        ClientBuilder::new(app.base.clone())
            .namespace("/")
            .reconnect(false),
    )
    .await
}

/// Connects `builder` with every event recorded.
pub async fn open_with(builder: ClientBuilder) -> (Client, Recorder) {
    let recorder = Recorder::default();
    let (on_connect, on_error, on_close, on_any) = (
        recorder.clone(),
        recorder.clone(),
        recorder.clone(),
        recorder.clone(),
    );
    let client = builder
        .on(Event::Connect, move |p, _| {
            on_connect.push("connect", &p);
            async {}.boxed()
        })
        .on(Event::Error, move |p, _| {
            on_error.push("error", &p);
            async {}.boxed()
        })
        .on(Event::Close, move |p, _| {
            on_close.push("close", &p);
            async {}.boxed()
        })
        .on_any(move |event, p, _| {
            on_any.push(event.as_str(), &p);
            async {}.boxed()
        })
        .connect()
        .await
        .expect("socket transport opens");
    (client, recorder)
}

/// Opens a socket with a bearer token in the auth payload and waits until it
/// is connected.
pub async fn connected(app: &TestApp, token: &str) -> (Client, Recorder) {
    let (client, recorder) = open(app, Via::AuthPayload, token).await;
    recorder.connected().await;
    (client, recorder)
}
