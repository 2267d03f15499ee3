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

    /// The connection to the page's own origin, which carries a socket per
    /// namespace. Each page makes its own (`new Manager()`): `io()`'s
    /// cached manager, once closed by the page before, could leave a new
    /// socket on it unconnected.
    #[derive(Clone)]
    pub type Manager;

    #[wasm_bindgen(constructor)]
    pub fn new() -> Manager;

    /// `manager.socket("/ns")`: that namespace's socket; it connects at once.
    #[wasm_bindgen(method, js_name = socket)]
    pub fn socket(this: &Manager, namespace: &str) -> Socket;

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

    /// `socket.timeout(ms)`: the next `emit` with an ack gets `(err,
    /// answer)`, with `err` set when no answer came in time (the connection
    /// dropped meanwhile, say).
    #[wasm_bindgen(method)]
    pub fn timeout(this: &Socket, ms: u32) -> Socket;

    #[wasm_bindgen(method)]
    pub fn connect(this: &Socket);

    #[wasm_bindgen(method)]
    pub fn disconnect(this: &Socket);

    /// False once the client has given up (e.g. the server refused the token).
    #[wasm_bindgen(method, getter)]
    pub fn active(this: &Socket) -> bool;

    /// The manager's events: reconnect attempts and their end.
    #[wasm_bindgen(method, js_name = on)]
    pub fn on_manager(this: &Manager, event: &str, listener: &js_sys::Function);
}
