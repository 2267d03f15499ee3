//! An instance killed with SIGKILL in the middle of a burst of writes
//! (issue 10, SPEC §8): nothing acknowledged is lost. Writers retry what
//! the dead instance did not answer on another one (with the same client
//! todo ids, so a retry never makes a second todo), and every client that
//! was connected to it reconnects elsewhere and resumes from its last
//! change number: in the end each client has every change exactly once.

mod common;

use common::cluster::Cluster;
use common::socket::{Recorder, Via, ask, open_at};
use reqwest::StatusCode;
use rust_socketio::asynchronous::Client;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use uuid::Uuid;

const WRITES: usize = 300;
const WRITERS: usize = 4;

/// A client following the list: its socket, and what it received on
/// this socket and the ones before (across reconnects).
struct Follower {
    client: Client,
    events: Recorder,
    earlier: Vec<Recorder>,
}

impl Follower {
    async fn open(cluster: &Cluster, node: usize, token: &str) -> Follower {
        let (client, events) = open_at(cluster.base(node), Via::AuthPayload, token).await;
        events.connected().await;
        Follower {
            client,
            events,
            earlier: Vec::new(),
        }
    }

    /// Connects again, to `node`, keeping what it received so far.
    async fn reconnect(&mut self, cluster: &Cluster, node: usize, token: &str) {
        let (client, events) = open_at(cluster.base(node), Via::AuthPayload, token).await;
        events.connected().await;
        self.client = client;
        self.earlier
            .push(std::mem::replace(&mut self.events, events));
    }

    /// Every `todo:created` received, with its meta, oldest first.
    fn created(&self) -> Vec<(Value, Value)> {
        self.earlier
            .iter()
            .chain([&self.events])
            .flat_map(|r| r.with_metas())
            .filter(|(name, _, _)| name == "todo:created")
            .map(|(_, todo, meta)| (todo, meta))
            .collect()
    }

    /// Every change received, live or replayed: seq → todo id. Panics if
    /// one number ever named two different todos.
    fn changes(&self) -> BTreeMap<u64, String> {
        let mut changes = BTreeMap::new();
        for (todo, meta) in self.created() {
            let seq = meta["seq"].as_u64().expect("a change number");
            let id = todo["id"].as_str().expect("a todo id").to_owned();
            if let Some(earlier) = changes.insert(seq, id.clone()) {
                assert_eq!(earlier, id, "change {seq} named two todos");
            }
        }
        changes
    }

    /// The last change it holds with none missing before it.
    fn last_in_order(&self) -> u64 {
        let changes = self.changes();
        (1..)
            .take_while(|s| changes.contains_key(s))
            .last()
            .unwrap_or(0)
    }
}

/// Sends one create, first to `node`, then (if that instance does not
/// answer) to `fallback`, with the same client-made id.
async fn create(cluster_bases: &[String; 2], token: &str, list: &str, id: Uuid, n: usize) -> bool {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    for base in cluster_bases {
        let sent = http
            .post(format!("{base}/api/v1/todos"))
            .bearer_auth(token)
            .json(&json!({ "id": id, "title": format!("burst {n}"), "listId": list }))
            .send()
            .await;
        match sent {
            Ok(res) if res.status() == StatusCode::CREATED || res.status() == StatusCode::OK => {
                return true;
            }
            // The instance died under the request (or refused it while
            // going): try the next one.
            _ => continue,
        }
    }
    false
}

#[tokio::test]
async fn an_instance_killed_mid_burst_loses_nothing_and_its_clients_resume_elsewhere() {
    let mut cluster = Cluster::start(3).await;
    let ann = cluster.register(1, "ann").await;
    let (_, lists) = cluster.get(1, &ann.access_token, "/api/v1/lists").await;
    let list = lists[0]["id"].as_str().unwrap().to_owned();
    // Two clients on the instance that will die, one on another.
    let mut followers = [
        Follower::open(&cluster, 0, &ann.access_token).await,
        Follower::open(&cluster, 0, &ann.access_token).await,
        Follower::open(&cluster, 2, &ann.access_token).await,
    ];

    // The burst: writers alternate between instance 0 (falling back to 1)
    // and instance 1; instance 0 is killed a third of the way through.
    let acknowledged = Arc::new(std::sync::Mutex::new(BTreeSet::new()));
    let answered = Arc::new(AtomicUsize::new(0));
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let bases = [cluster.base(w % 2).to_owned(), cluster.base(1).to_owned()];
        let (token, list) = (ann.access_token.clone(), list.clone());
        let (acknowledged, answered) = (acknowledged.clone(), answered.clone());
        writers.push(tokio::spawn(async move {
            for n in (w..WRITES).step_by(WRITERS) {
                let id = Uuid::new_v4();
                assert!(
                    create(&bases, &token, &list, id, n).await,
                    "write {n} answered nowhere"
                );
                acknowledged.lock().unwrap().insert(id.to_string());
                answered.fetch_add(1, Ordering::SeqCst);
            }
        }));
    }
    while answered.load(Ordering::SeqCst) < WRITES / 3 {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    cluster.nodes[0].kill();
    for writer in writers {
        writer.await.expect("a writer");
    }

    // The dead instance's clients notice, reconnect to instance 1 and
    // resume from the last change they hold in order.
    for follower in followers.iter_mut().take(2) {
        // (rust_socketio reports a dead server as an error, or a close.)
        follower
            .events
            .wait_until("the connection to end", |all| {
                all.iter().any(|(n, _)| n == "close" || n == "error")
            })
            .await;
        let after = follower.last_in_order();
        follower.reconnect(&cluster, 1, &ann.access_token).await;
        let ack = ask(
            &follower.client,
            "sync",
            json!({ "lists": { list.clone(): after } }),
        )
        .await;
        assert!(ack["lists"][&list]["replayed"].is_u64(), "{ack}");
    }

    // Every client ends with every change, each once and in one place.
    let (_, listed) = cluster
        .get(1, &ann.access_token, &format!("/api/v1/lists/{list}"))
        .await;
    let latest = listed["seq"].as_u64().unwrap();
    let (_, todos) = cluster
        .get(2, &ann.access_token, &format!("/api/v1/lists/{list}/todos"))
        .await;
    let stored: BTreeSet<String> = todos
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect();
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert_eq!(acknowledged.len(), WRITES);
    assert_eq!(
        stored, acknowledged,
        "the database holds exactly what was acknowledged"
    );
    assert_eq!(
        latest as usize, WRITES,
        "one change per todo: no retry made a second"
    );
    let (mut redelivered, mut gap_syncs, mut replayed) = (0, 0, 0);
    for (i, follower) in followers.iter().enumerate() {
        // As every client does (SPEC §7): the latest change arrives live;
        // one that arrives with a gap before it (changes the dead instance
        // committed but never passed on) makes the client sync the gap.
        follower
            .events
            .wait_until("the latest change", |_| {
                follower.changes().contains_key(&latest)
            })
            .await;
        let after = follower.last_in_order();
        if after < latest {
            let ack = ask(
                &follower.client,
                "sync",
                json!({ "lists": { list.clone(): after } }),
            )
            .await;
            gap_syncs += 1;
            replayed += ack["lists"][&list]["replayed"].as_u64().expect("replayed");
        }
        assert_eq!(
            follower.changes().len(),
            WRITES,
            "client {i} has every change"
        );
        let changes = follower.changes();
        let held: BTreeSet<String> = changes.values().cloned().collect();
        assert_eq!(
            changes.keys().copied().collect::<Vec<_>>(),
            (1..=latest).collect::<Vec<_>>()
        );
        assert_eq!(held, acknowledged, "client {i}: lost or foreign todos");
        redelivered += follower.created().len() - WRITES;
    }
    println!(
        "kill test: {WRITES} writes acknowledged, {} stored, 0 lost, 0 duplicated; \
         {redelivered} events received twice across the resumes (ignored by number); \
         {gap_syncs} clients synced a gap ({replayed} changes replayed)",
        stored.len()
    );
}
