//! Makes the browser build depend on the Socket.IO client it imports from
//! `/vendor/socket.io.esm.min.js`: the pinned npm package is copied into
//! `public/vendor/` (served by the site), and a `hydrate` build without it
//! fails here instead of producing a page that breaks at run time.

use std::{env, fs, path::Path};

const SOURCE: &str = "node_modules/socket.io-client/dist/socket.io.esm.min.js";
const TARGET: &str = "public/vendor/socket.io.esm.min.js";

fn main() {
    println!("cargo:rerun-if-changed={SOURCE}");
    println!("cargo:rerun-if-changed={TARGET}");
    if env::var_os("CARGO_FEATURE_HYDRATE").is_none() {
        return;
    }
    let source = Path::new(SOURCE);
    if !source.exists() {
        panic!(
            "{SOURCE} is missing: run `npm ci` (scripts/start and scripts/test do) \
             so the page can load the pinned socket.io-client"
        );
    }
    let fresh = fs::read(source).expect("reading the socket.io-client bundle");
    if fs::read(TARGET).ok().as_deref() != Some(fresh.as_slice()) {
        fs::create_dir_all("public/vendor").expect("creating public/vendor");
        fs::write(TARGET, fresh).expect("copying the socket.io-client bundle");
    }
}
