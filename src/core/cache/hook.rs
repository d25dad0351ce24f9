//! The application's remove callback, as the cache keeps it.

use crate::core::session::Session;
use std::sync::Arc;

/// What a remove callback runs, with the session removed. The cache knows no
/// context: whoever sets the callback binds the context it belongs to.
pub type RemoveFn = dyn Fn(&Session) + Send + Sync;

/// The application's remove callback; `token` identifies it to whoever set it
/// (the C function pointer).
#[derive(Clone)]
pub struct RemoveHook {
    pub token: usize,
    pub call: Arc<RemoveFn>,
}
