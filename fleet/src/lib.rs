//! libsessl_fleet.so: fleet session sharing for any program that speaks
//! OpenSSL's libssl ABI (sessl or the system OpenSSL).
//!
//! Layout:
//! - `store`: the shared stores (Redis, memcached) behind one trait, with
//!   time bounds, a circuit breaker and a bounded write queue;
//! - the TLS side (session callbacks, ticket keys, sealing, the C API and the
//!   LD_PRELOAD interposition) lives beside it.

pub mod store;
