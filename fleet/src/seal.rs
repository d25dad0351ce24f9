//! Sealing: every value the fleet stores (a session, a ticket key) is
//! encrypted and authenticated with AES-256-GCM under the fleet key, through
//! the system libcrypto's EVP. The associated data binds a value to its
//! namespace, its kind and its session id context, so a value copied to
//! another key, another kind or another context fails to open.
//!
//! Sealed layout: `SF1` | key id (8) | nonce (12) | ciphertext | tag (16).
//! The key id is the first 8 bytes of SHA-256("sessl-fleet key id" || key):
//! it names the key without revealing it, so a key file may hold the current
//! key (used to seal) and older ones (still accepted to open) during a
//! rotation.

use crate::ffi;
use std::ptr;
use std::sync::{RwLock, RwLockReadGuard, TryLockError};
use std::time::{Duration, Instant};

const MAGIC: &[u8; 3] = b"SF1";
const ID_LEN: usize = 8;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
/// Bytes a sealed value adds to its plaintext.
pub const OVERHEAD: usize = MAGIC.len() + ID_LEN + NONCE_LEN + TAG_LEN;

/// What a stored value is; part of the associated data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A TLS 1.2 session (looked up by session id).
    Session12 = 1,
    /// A TLS 1.3 session behind a stateful ticket (taken once).
    Session13 = 2,
    /// A session-ticket key shared by the fleet.
    TicketKey = 3,
}

/// Why a stored value was not used.
#[derive(Debug, PartialEq, Eq)]
pub enum OpenError {
    /// Larger than the configured bound.
    Oversized,
    /// Too short or without the magic prefix.
    Malformed,
    /// Sealed under a key this process does not hold.
    UnknownKey,
    /// Authentication failed: tampered, or another namespace, kind or id context.
    Rejected,
}

struct FleetKey {
    id: [u8; ID_LEN],
    key: [u8; 32],
}

impl Drop for FleetKey {
    fn drop(&mut self) {
        wipe(&mut self.key);
    }
}

/// The fleet keys of this process: the first seals, all open.
pub struct Sealer {
    keys: Vec<FleetKey>,
}

/// Overwrites secret bytes (a session's DER holds its master key).
pub fn wipe(buf: &mut [u8]) {
    for b in buf.iter_mut() {
        // SAFETY: a valid, aligned, exclusive reference; volatile so the
        // compiler keeps the writes.
        unsafe { ptr::write_volatile(b, 0) };
    }
}

fn sha256(data: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut len = 0u32;
    // SAFETY: data and out are valid for the lengths given.
    let ok = unsafe {
        ffi::EVP_Digest(
            data.as_ptr().cast(),
            data.len(),
            out.as_mut_ptr(),
            &mut len,
            ffi::EVP_sha256(),
            ptr::null_mut(),
        )
    };
    assert!(ok == 1 && len == 32, "EVP_Digest(SHA-256) failed");
    out
}

/// Whether libcrypto may still be called. At exit libcrypto tears itself
/// down (OPENSSL_cleanup, its own atexit handler) while the ticket
/// refresher thread may be sealing a key: it crashed there (1 exit in 30
/// of a program that attached and returned from main at once). Sealing,
/// opening and random bytes run under the read side; `close_libcrypto`,
/// an exit handler that runs before libcrypto's, waits for the calls in
/// flight and closes it, and later calls fail as a store error would.
static LIBCRYPTO_OPEN: RwLock<bool> = RwLock::new(true);

/// The read side while libcrypto is open: held for the calls, None once
/// `close_libcrypto` closed it.
fn libcrypto_open() -> Option<RwLockReadGuard<'static, bool>> {
    let open = LIBCRYPTO_OPEN.read().unwrap_or_else(|p| p.into_inner());
    (*open).then_some(open)
}

/// Closes libcrypto to this library's threads once the calls in flight are
/// done. Bounded: a forked child may have inherited the lock held by a
/// thread that does not exist in it, and then it goes on after 200 ms.
pub extern "C" fn close_libcrypto() {
    let until = Instant::now() + Duration::from_millis(200);
    loop {
        match LIBCRYPTO_OPEN.try_write() {
            Ok(mut open) => {
                *open = false;
                return;
            }
            Err(TryLockError::Poisoned(p)) => {
                *p.into_inner() = false;
                return;
            }
            Err(TryLockError::WouldBlock) if Instant::now() < until => {
                std::thread::sleep(Duration::from_micros(200))
            }
            Err(TryLockError::WouldBlock) => return,
        }
    }
}

/// Fills `buf` from the system's CSPRNG.
pub fn random(buf: &mut [u8]) -> bool {
    let Some(_open) = libcrypto_open() else {
        return false;
    };
    // SAFETY: buf is valid for its length.
    unsafe { ffi::RAND_bytes(buf.as_mut_ptr(), buf.len() as libc::c_int) == 1 }
}

fn key_id(key: &[u8; 32]) -> [u8; ID_LEN] {
    let mut data = b"sessl-fleet key id".to_vec();
    data.extend_from_slice(key);
    let digest = sha256(&data);
    wipe(&mut data);
    let mut id = [0u8; ID_LEN];
    id.copy_from_slice(&digest[..ID_LEN]);
    id
}

fn hex_nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Hex key lines (64 hex digits each; blank lines and `#` comments ignored),
/// or None when the text is not in that form.
fn parse_hex_lines(bytes: &[u8]) -> Option<Vec<[u8; 32]>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut keys = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let raw = line.as_bytes();
        if raw.len() != 64 {
            return None;
        }
        let mut key = [0u8; 32];
        for (i, pair) in raw.chunks(2).enumerate() {
            key[i] = hex_nibble(pair[0])? << 4 | hex_nibble(pair[1])?;
        }
        keys.push(key);
    }
    (!keys.is_empty()).then_some(keys)
}

impl Sealer {
    /// Keys from a key file's bytes: 32 random bytes (one key), or 32·n raw
    /// bytes (the current key first, then older ones still accepted), or text
    /// lines of 64 hex digits in the same order.
    pub fn from_bytes(bytes: &[u8]) -> Result<Sealer, String> {
        let raw_keys = match parse_hex_lines(bytes) {
            Some(keys) => keys,
            None if !bytes.is_empty() && bytes.len().is_multiple_of(32) => bytes
                .chunks(32)
                .map(|c| {
                    let mut k = [0u8; 32];
                    k.copy_from_slice(c);
                    k
                })
                .collect(),
            None => {
                return Err(format!(
                "the key file holds {} bytes: expected 32 random bytes (or several 32-byte keys, \
                     the current one first), or lines of 64 hex digits",
                bytes.len()
            ))
            }
        };
        if raw_keys.iter().any(|k| k.iter().all(|&b| b == 0)) {
            return Err("the key file holds an all-zero key".into());
        }
        let keys = raw_keys
            .into_iter()
            .map(|mut key| {
                let fk = FleetKey {
                    id: key_id(&key),
                    key,
                };
                wipe(&mut key);
                fk
            })
            .collect();
        Ok(Sealer { keys })
    }

    /// Keys from the file at `path` (see `from_bytes`).
    pub fn from_file(path: &str) -> Result<Sealer, String> {
        let mut bytes =
            std::fs::read(path).map_err(|e| format!("cannot read the key file {path}: {e}"))?;
        let sealer = Sealer::from_bytes(&bytes).map_err(|e| format!("{path}: {e}"));
        wipe(&mut bytes);
        sealer
    }

    /// The id of the sealing key, in hex (for logs and stats).
    pub fn current_key_id(&self) -> String {
        self.keys[0].id.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The number of keys accepted when opening.
    pub fn key_count(&self) -> usize {
        self.keys.len()
    }

    /// Seals `plain` under the current key.
    pub fn seal(
        &self,
        namespace: &[u8],
        kind: Kind,
        id_ctx: &[u8],
        plain: &[u8],
    ) -> Option<Vec<u8>> {
        let key = &self.keys[0];
        let mut nonce = [0u8; NONCE_LEN];
        if !random(&mut nonce) {
            return None;
        }
        let aad = associated_data(namespace, kind, id_ctx, &key.id);
        let mut out = Vec::with_capacity(plain.len() + OVERHEAD);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&key.id);
        out.extend_from_slice(&nonce);
        let (body, tag) = gcm(true, &key.key, &nonce, &aad, plain, None)?;
        out.extend_from_slice(&body);
        out.extend_from_slice(&tag);
        Some(out)
    }

    /// Opens a sealed value, checking its size, key, namespace, kind and id context.
    pub fn open(
        &self,
        namespace: &[u8],
        kind: Kind,
        id_ctx: &[u8],
        sealed: &[u8],
        max_len: usize,
    ) -> Result<Vec<u8>, OpenError> {
        if sealed.len() > max_len {
            return Err(OpenError::Oversized);
        }
        if sealed.len() < OVERHEAD || &sealed[..3] != MAGIC {
            return Err(OpenError::Malformed);
        }
        let id = &sealed[3..3 + ID_LEN];
        let key = self
            .keys
            .iter()
            .find(|k| k.id == id)
            .ok_or(OpenError::UnknownKey)?;
        let nonce = &sealed[3 + ID_LEN..3 + ID_LEN + NONCE_LEN];
        let body = &sealed[3 + ID_LEN + NONCE_LEN..sealed.len() - TAG_LEN];
        let tag = &sealed[sealed.len() - TAG_LEN..];
        let aad = associated_data(namespace, kind, id_ctx, &key.id);
        gcm(false, &key.key, nonce, &aad, body, Some(tag))
            .map(|(plain, _)| plain)
            .ok_or(OpenError::Rejected)
    }
}

fn associated_data(namespace: &[u8], kind: Kind, id_ctx: &[u8], key_id: &[u8]) -> Vec<u8> {
    let mut aad = Vec::with_capacity(32 + namespace.len() + id_ctx.len());
    aad.extend_from_slice(b"sessl-fleet/1");
    aad.push(kind as u8);
    aad.extend_from_slice(&(namespace.len() as u32).to_be_bytes());
    aad.extend_from_slice(namespace);
    aad.extend_from_slice(&(id_ctx.len() as u32).to_be_bytes());
    aad.extend_from_slice(id_ctx);
    aad.extend_from_slice(key_id);
    aad
}

/// One AES-256-GCM operation; on decryption `tag` is checked and a failure
/// is None (no partial plaintext escapes).
fn gcm(
    encrypt: bool,
    key: &[u8; 32],
    nonce: &[u8],
    aad: &[u8],
    input: &[u8],
    tag: Option<&[u8]>,
) -> Option<(Vec<u8>, [u8; TAG_LEN])> {
    let _open = libcrypto_open()?;
    struct Ctx(*mut ffi::EVP_CIPHER_CTX);
    impl Drop for Ctx {
        fn drop(&mut self) {
            // SAFETY: created by EVP_CIPHER_CTX_new, freed once.
            unsafe { ffi::EVP_CIPHER_CTX_free(self.0) }
        }
    }
    let enc = encrypt as libc::c_int;
    // SAFETY: every pointer passed is valid for the length given; the
    // context is owned by `ctx` and freed on every path.
    unsafe {
        let ctx = Ctx(ffi::EVP_CIPHER_CTX_new());
        if ctx.0.is_null() {
            return None;
        }
        let c = ctx.0;
        let mut ok = ffi::EVP_CipherInit_ex(
            c,
            ffi::EVP_aes_256_gcm(),
            ptr::null_mut(),
            ptr::null(),
            ptr::null(),
            enc,
        ) == 1
            && ffi::EVP_CIPHER_CTX_ctrl(
                c,
                ffi::EVP_CTRL_GCM_SET_IVLEN,
                nonce.len() as _,
                ptr::null_mut(),
            ) == 1
            && ffi::EVP_CipherInit_ex(
                c,
                ptr::null(),
                ptr::null_mut(),
                key.as_ptr(),
                nonce.as_ptr(),
                enc,
            ) == 1;
        let mut outl = 0;
        ok = ok
            && ffi::EVP_CipherUpdate(c, ptr::null_mut(), &mut outl, aad.as_ptr(), aad.len() as _)
                == 1;
        let mut out = vec![0u8; input.len() + 16];
        let mut n = 0;
        ok = ok
            && ffi::EVP_CipherUpdate(
                c,
                out.as_mut_ptr(),
                &mut n,
                input.as_ptr(),
                input.len() as _,
            ) == 1;
        if let Some(t) = tag {
            ok = ok
                && ffi::EVP_CIPHER_CTX_ctrl(
                    c,
                    ffi::EVP_CTRL_GCM_SET_TAG,
                    TAG_LEN as _,
                    t.as_ptr() as *mut _,
                ) == 1;
        }
        let mut m = 0;
        ok = ok && ffi::EVP_CipherFinal_ex(c, out.as_mut_ptr().add(n as usize), &mut m) == 1;
        let mut tag_out = [0u8; TAG_LEN];
        if ok && encrypt {
            ok = ffi::EVP_CIPHER_CTX_ctrl(
                c,
                ffi::EVP_CTRL_GCM_GET_TAG,
                TAG_LEN as _,
                tag_out.as_mut_ptr().cast(),
            ) == 1;
        }
        if !ok {
            wipe(&mut out);
            return None;
        }
        out.truncate((n + m) as usize);
        Some((out, tag_out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealer(byte: u8) -> Sealer {
        Sealer::from_bytes(&[byte; 32]).unwrap()
    }

    #[test]
    fn round_trip_and_bindings() {
        let s = sealer(7);
        let v = s
            .seal(b"ns", Kind::Session12, b"ctx", b"secret session")
            .unwrap();
        assert_eq!(v.len(), 14 + OVERHEAD);
        assert!(!v.windows(6).any(|w| w == b"secret"));
        assert_eq!(
            s.open(b"ns", Kind::Session12, b"ctx", &v, 1024).unwrap(),
            b"secret session"
        );
        assert_eq!(
            s.open(b"ns", Kind::Session12, b"other", &v, 1024),
            Err(OpenError::Rejected)
        );
        assert_eq!(
            s.open(b"nz", Kind::Session12, b"ctx", &v, 1024),
            Err(OpenError::Rejected)
        );
        assert_eq!(
            s.open(b"ns", Kind::Session13, b"ctx", &v, 1024),
            Err(OpenError::Rejected)
        );
        assert_eq!(
            s.open(b"ns", Kind::Session12, b"ctx", &v, 20),
            Err(OpenError::Oversized)
        );
        let mut t = v.clone();
        t[20] ^= 1;
        assert_eq!(
            s.open(b"ns", Kind::Session12, b"ctx", &t, 1024),
            Err(OpenError::Rejected)
        );
        let l = t.len();
        let mut t = v.clone();
        t[l - 1] ^= 1;
        assert_eq!(
            s.open(b"ns", Kind::Session12, b"ctx", &t, 1024),
            Err(OpenError::Rejected)
        );
        assert_eq!(
            sealer(8).open(b"ns", Kind::Session12, b"ctx", &v, 1024),
            Err(OpenError::UnknownKey)
        );
        assert_eq!(
            s.open(b"ns", Kind::Session12, b"ctx", b"junk", 1024),
            Err(OpenError::Malformed)
        );
    }

    #[test]
    fn rotation_keeps_old_keys_for_opening() {
        let old = sealer(1);
        let v = old.seal(b"ns", Kind::TicketKey, b"", b"k").unwrap();
        let mut both = vec![2u8; 32];
        both.extend_from_slice(&[1u8; 32]);
        let rotated = Sealer::from_bytes(&both).unwrap();
        assert_eq!(
            rotated.open(b"ns", Kind::TicketKey, b"", &v, 100).unwrap(),
            b"k"
        );
        let w = rotated.seal(b"ns", Kind::TicketKey, b"", b"k").unwrap();
        assert_eq!(
            old.open(b"ns", Kind::TicketKey, b"", &w, 100),
            Err(OpenError::UnknownKey)
        );
    }

    #[test]
    fn key_file_forms() {
        let hex = format!("# fleet key\n{}\n{}\n", "ab".repeat(32), "01".repeat(32));
        let s = Sealer::from_bytes(hex.as_bytes()).unwrap();
        assert_eq!(s.key_count(), 2);
        assert!(Sealer::from_bytes(&[5u8; 31]).is_err());
        assert!(Sealer::from_bytes(&[0u8; 32]).is_err());
        assert!(Sealer::from_bytes(b"").is_err());
    }
}
