//! The operation ids (SPEC §7 `opId`) of this tab's writes. Each write the
//! page makes carries a fresh one; the server echoes it in the meta of the
//! events the write causes, which is how the page knows a change is its own
//! ("this tab") rather than another tab's or another member's.

use leptos::prelude::*;
use uuid::Uuid;

/// Old ids are forgotten: an echo arrives within moments of its write.
const REMEMBERED: usize = 256;

#[derive(Clone, Copy)]
pub struct OwnOps(StoredValue<Vec<Uuid>>);

impl Default for OwnOps {
    fn default() -> Self {
        OwnOps(StoredValue::new(Vec::new()))
    }
}

impl OwnOps {
    /// A fresh id for a write about to be sent.
    pub fn next(&self) -> Uuid {
        let id = random_id();
        self.0.update_value(|ids| {
            if ids.len() == REMEMBERED {
                ids.remove(0);
            }
            ids.push(id);
        });
        id
    }

    pub fn is_own(&self, op: Option<Uuid>) -> bool {
        op.is_some_and(|op| self.0.with_value(|ids| ids.contains(&op)))
    }
}

/// A version-4 UUID from the browser's `Math.random` (an operation or todo
/// id needs to be unique, not secret; `crypto.getRandomValues` would bring
/// getrandom into the WASM for nothing).
#[cfg(feature = "hydrate")]
pub fn random_id() -> Uuid {
    let bits = || (js_sys::Math::random() * (1u64 << 53) as f64) as u128;
    let random = bits() << 75 | bits() << 22 | bits() & 0x3f_ffff;
    uuid::Builder::from_random_bytes(random.to_be_bytes()).into_uuid()
}

#[cfg(not(feature = "hydrate"))]
pub fn random_id() -> Uuid {
    Uuid::new_v4()
}
