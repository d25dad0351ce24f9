//! Configuration state of contexts and connections, one module per family of
//! settings. Each is plain data (atomics, lazily filled slots) that costs
//! nothing until used; what `SSL_new` copies from the context is copied by the
//! family's `inherit` (or `copy_from`).

pub mod alpn;
pub mod callbacks;
pub mod conf;
pub mod ctrl;
pub mod custom_ext;
pub mod security;

use std::any::Any;

/// State the C shell keeps for a context or connection (libcrypto objects live
/// only there). A context's state says what a new connection of that context
/// starts with, because `SSL_new` copies some settings and shares none.
pub trait ShellState: Any + Send + Sync {
    /// The state `SSL_new` gives a connection of the context holding `self`.
    fn for_new_ssl(&self) -> Box<dyn ShellState>;
    /// For downcasting to the shell's concrete type.
    fn as_any(&self) -> &dyn Any;
}
