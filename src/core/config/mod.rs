//! Configuration state of contexts and connections, one module per family of
//! settings. Each is plain data (atomics, lazily filled slots) that costs
//! nothing until used; what `SSL_new` copies from the context is copied by the
//! family's `inherit` (or `copy_from`).

pub mod alpn;
pub mod callbacks;
pub mod ctrl;
pub mod custom_ext;
