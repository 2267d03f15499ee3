//! A minimal Socket.IO v5 client over Engine.IO v4 WebSocket transport:
//! just enough to authenticate, answer pings and receive events, with as
//! little client work per event as possible so the server is what is measured.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async_with_config};

type Ws = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

/// What the client reads at a time, per socket.
const READ_BUFFER_BYTES: usize = 4096;

/// An authenticated socket, connected to namespace `/`.
pub struct Socket {
    ws: Ws,
}

/// Opens a WebSocket to `port`, answers pings, sends the connect packet with
/// `token`, and returns once the server acknowledged the connect.
pub async fn connect(port: u16, token: &str) -> Result<Socket, String> {
    let url = format!("ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket");
    // tungstenite's default read buffer is 128 KiB, touched on the first
    // read: 2.5 GB for 20,000 idle sockets. Events are a few hundred bytes.
    // No Nagle: the server sets TCP_NODELAY too; small frames go at once.
    let config = WebSocketConfig::default().read_buffer_size(READ_BUFFER_BYTES);
    let (mut ws, _) = connect_async_with_config(url.as_str(), Some(config), true)
        .await
        .map_err(|e| format!("websocket: {e}"))?;
    let connect = format!("40{}", serde_json::json!({ "token": token }));
    let mut sent_connect = false;
    let wait = async {
        while let Some(msg) = ws.next().await {
            let text = match msg.map_err(|e| format!("websocket: {e}"))? {
                Message::Text(t) => t,
                Message::Close(_) => return Err("closed before connect".to_string()),
                _ => continue,
            };
            match text.as_str() {
                // Engine.IO ping: socketioxide sends one right after the open packet.
                "2" => send(&mut ws, "3").await?,
                t if t.starts_with('0') && !sent_connect => {
                    send(&mut ws, &connect).await?;
                    sent_connect = true;
                }
                t if t.starts_with("40") => return Ok(()),
                t if t.starts_with("44") => return Err(format!("connect refused: {t}")),
                _ => {}
            }
        }
        Err("closed before connect".to_string())
    };
    tokio::time::timeout(Duration::from_secs(30), wait)
        .await
        .map_err(|_| "no connect ack within 30 s".to_string())??;
    Ok(Socket { ws })
}

async fn send(ws: &mut Ws, text: &str) -> Result<(), String> {
    ws.send(Message::text(text))
        .await
        .map_err(|e| format!("websocket send: {e}"))
}

impl Socket {
    /// Reads until the socket closes, answering pings and calling `on_event`
    /// with the raw JSON array of every event packet (`42[…]`).
    pub async fn run(mut self, mut on_event: impl FnMut(&str)) {
        while let Some(Ok(msg)) = self.ws.next().await {
            let Message::Text(text) = msg else { continue };
            if text.as_str() == "2" {
                if send(&mut self.ws, "3").await.is_err() {
                    return;
                }
            } else if let Some(event) = text.as_str().strip_prefix("42") {
                on_event(event);
            }
        }
    }

    /// Sends event `name` with `data` and an acknowledgement id, then reads
    /// until the acknowledgement: returns the event packets received before
    /// it (their JSON arrays, as `run` gives them) and the ack's JSON array.
    pub async fn ask(
        &mut self,
        name: &str,
        data: &serde_json::Value,
    ) -> Result<(Vec<String>, String), String> {
        let packet = format!("421{}", serde_json::json!([name, data]));
        send(&mut self.ws, &packet).await?;
        let mut events = Vec::new();
        let read = async {
            while let Some(msg) = self.ws.next().await {
                let Message::Text(text) = msg.map_err(|e| format!("websocket: {e}"))? else {
                    continue;
                };
                let text = text.as_str();
                if text == "2" {
                    send(&mut self.ws, "3").await?;
                } else if let Some(ack) = text.strip_prefix("431") {
                    return Ok(ack.to_string());
                } else if let Some(event) = text.strip_prefix("42") {
                    events.push(event.to_string());
                }
            }
            Err(format!("closed before the {name} ack"))
        };
        // A server that does not know the event never answers.
        let ack = tokio::time::timeout(Duration::from_secs(30), read)
            .await
            .map_err(|_| format!("no {name} ack within 30 s"))??;
        Ok((events, ack))
    }

    /// Closes the socket politely.
    pub async fn close(mut self) {
        let _ = self.ws.close(None).await;
    }
}

/// The title of a `todo:created` event, found without decoding the whole
/// todo (the harness encodes its send sequence number in the title).
pub fn created_title(event: &str) -> Option<&str> {
    let rest = event.strip_prefix("[\"todo:created\",")?;
    let at = rest.find("\"title\":\"")? + "\"title\":\"".len();
    let end = rest[at..].find('"')?;
    Some(&rest[at..at + end])
}

#[cfg(test)]
mod tests {
    use super::created_title;

    #[test]
    fn finds_the_title_of_a_created_event_only() {
        let ev = r#"["todo:created",{"id":"x","title":"b42","completed":false}]"#;
        assert_eq!(created_title(ev), Some("b42"));
        assert_eq!(created_title(r#"["todo:updated",{"title":"b1"}]"#), None);
    }
}
