//! Bindings to the official `socket.io-client` (4.x, pinned in
//! package.json). scripts/tools.sh and build.rs copy its ESM build from
//! node_modules into `public/vendor/`, which the site serves at `/vendor/`
//! under a name carrying its version, cached for a year; build.rs fails when
//! the path below does not match the installed version.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(raw_module = "/vendor/socket.io-client-4.8.4.esm.min.js")]
extern "C" {
    /// A Socket.IO socket (`io(...)`'s result).
    #[derive(Clone)]
    pub type Socket;

    /// `io(options)`: connects to the page's own origin.
    #[wasm_bindgen(js_name = io)]
    pub fn io(options: &JsValue) -> Socket;

    /// `io("/namespace")`: another namespace over the same connection.
    #[wasm_bindgen(js_name = io)]
    pub fn io_at(namespace: &str) -> Socket;

    #[wasm_bindgen(method)]
    pub fn on(this: &Socket, event: &str, listener: &js_sys::Function);

    /// `emit(event, data)`.
    #[wasm_bindgen(method, js_name = emit)]
    pub fn send(this: &Socket, event: &str, data: &JsValue);

    /// `emit(event, data, ack)`: the server answers through `ack`.
    #[wasm_bindgen(method, js_name = emit)]
    pub fn ask(this: &Socket, event: &str, data: &JsValue, ack: &js_sys::Function);

    #[wasm_bindgen(method, getter)]
    pub fn connected(this: &Socket) -> bool;

    #[wasm_bindgen(method)]
    pub fn connect(this: &Socket);

    #[wasm_bindgen(method)]
    pub fn disconnect(this: &Socket);

    /// False once the client has given up (e.g. the server refused the token).
    #[wasm_bindgen(method, getter)]
    pub fn active(this: &Socket) -> bool;

    /// The connection manager (`socket.io`), which reports reconnect attempts.
    #[wasm_bindgen(method, getter, js_name = io)]
    pub fn manager(this: &Socket) -> Manager;

    #[derive(Clone)]
    pub type Manager;

    #[wasm_bindgen(method, js_name = on)]
    pub fn on_manager(this: &Manager, event: &str, listener: &js_sys::Function);
}
