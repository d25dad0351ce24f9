//! Configuration state that contexts and connections keep for the C shell's
//! families, one module per family. Each costs nothing until it is used.

pub mod alpn;
pub mod callbacks;
pub mod custom_ext;
