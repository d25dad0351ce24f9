//! ALPN/NPN protocol lists in their wire format: a sequence of entries, each
//! a length byte followed by that many bytes.

/// Whether `SSL_CTX_set_alpn_protos` accepts `list`: at least two bytes, no
/// empty entry, and the last entry ending exactly at the end.
pub fn alpn_list_ok(list: &[u8]) -> bool {
    if list.len() < 2 {
        return false;
    }
    let mut at = 0;
    while at < list.len() {
        let n = list[at] as usize;
        if n == 0 {
            return false;
        }
        at += n + 1;
    }
    at == list.len()
}

/// The entries of a list, in order, stopping at the first one that does not
/// fit (trailing bytes are ignored), as byte ranges of `list`.
fn entries(list: &[u8]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let n = *list.get(at)? as usize;
        let start = at + 1;
        if start + n > list.len() {
            at = list.len();
            return None;
        }
        at = start + n;
        Some(start..start + n)
    })
}

/// Which list a selected protocol points into.
#[derive(Debug, PartialEq, Eq, Clone)]
pub enum Picked {
    Server(std::ops::Range<usize>),
    Client(std::ops::Range<usize>),
}

/// `SSL_select_next_proto`: the first of the server's protocols (in its order)
/// that the client lists too (`negotiated` true), else the client's first
/// protocol as an opportunistic choice; `None` when the client's list has no
/// usable first entry (empty or malformed).
pub fn select_next_proto(server: &[u8], client: &[u8]) -> (bool, Option<Picked>) {
    let Some(first) = entries(client).next().filter(|r| !r.is_empty()) else {
        return (false, None);
    };
    for s in entries(server).filter(|r| !r.is_empty()) {
        if entries(client).any(|c| client[c] == server[s.clone()]) {
            return (true, Some(Picked::Server(s)));
        }
    }
    (false, Some(Picked::Client(first)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists() {
        assert!(alpn_list_ok(b"\x02h2\x08http/1.1"));
        assert!(!alpn_list_ok(b"\x02h2\x00"));
        assert!(!alpn_list_ok(b"\x01"));
        assert!(!alpn_list_ok(b"\x02h2\x09http/1.1"));
    }

    #[test]
    fn selection() {
        let server = b"\x08http/1.1\x02h2";
        let client = b"\x02h2\x08http/1.1";
        assert_eq!(
            select_next_proto(server, client),
            (true, Some(Picked::Server(1..9)))
        );
        assert_eq!(
            select_next_proto(b"\x03abc", client),
            (false, Some(Picked::Client(1..3)))
        );
        assert_eq!(select_next_proto(server, b""), (false, None));
    }
}
