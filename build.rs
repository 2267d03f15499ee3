//! Makes the browser build depend on the Socket.IO client it imports from
//! `/vendor/socket.io-client-<version>.esm.min.js`: the pinned npm package
//! is copied into `public/vendor/` (served by the site), and a `hydrate`
//! build without it fails here instead of producing a page that breaks at
//! run time.
//!
//! The served name carries the package version so that browsers may cache
//! it for a year (a published npm version never changes). The WASM imports
//! it by a fixed path (`raw_module` in `src/sync/socket/socket_io.rs`), so a
//! version bump in package.json must change that path too: this script
//! fails until it does.

use std::{env, fs, path::Path};

const PACKAGE: &str = "node_modules/socket.io-client/package.json";
const SOURCE: &str = "node_modules/socket.io-client/dist/socket.io.esm.min.js";
const BINDINGS: &str = "src/sync/socket/socket_io.rs";

fn main() {
    println!("cargo:rerun-if-changed={SOURCE}");
    println!("cargo:rerun-if-changed={PACKAGE}");
    println!("cargo:rerun-if-changed={BINDINGS}");
    // `sqlx::migrate!` embeds the migrations: a new file must rebuild the crate.
    println!("cargo:rerun-if-changed=migrations");
    if env::var_os("CARGO_FEATURE_HYDRATE").is_none() {
        return;
    }
    if !Path::new(SOURCE).exists() {
        panic!(
            "{SOURCE} is missing: run `npm ci` (scripts/start and scripts/test do) \
             so the page can load the pinned socket.io-client"
        );
    }
    let version = package_version();
    let served = format!("/vendor/socket.io-client-{version}.esm.min.js");
    let bindings = fs::read_to_string(BINDINGS).expect("reading the socket.io-client bindings");
    if !bindings.contains(&format!("raw_module = \"{served}\"")) {
        panic!(
            "socket.io-client is {version} in node_modules: set the `raw_module` path \
             in {BINDINGS} to \"{served}\""
        );
    }
    let target = format!("public{served}");
    println!("cargo:rerun-if-changed={target}");
    let fresh = fs::read(SOURCE).expect("reading the socket.io-client bundle");
    if fs::read(&target).ok().as_deref() != Some(fresh.as_slice()) {
        fs::create_dir_all("public/vendor").expect("creating public/vendor");
        fs::write(&target, fresh).expect("copying the socket.io-client bundle");
    }
}

/// The `"version"` of the installed package (a build script has no JSON
/// parser at hand; package.json writes it as `"version": "x.y.z"`).
fn package_version() -> String {
    let manifest = fs::read_to_string(PACKAGE).expect("reading socket.io-client's package.json");
    manifest
        .split("\"version\"")
        .nth(1)
        .and_then(|rest| rest.split('"').nth(1))
        .map(str::to_owned)
        .expect("socket.io-client's package.json names its version")
}
