//! Connections that share OpenSSL's `CERT`: `SSL_copy_session_id(t, f)` makes
//! `t` use `f`'s (certificates, keys, chains and stores, security level and
//! callback, certificate flags, signature algorithms...), so a later change
//! through either shows through the other, until `SSL_set_SSL_CTX` gives one
//! its own copy again. sessl keeps that state in several families, so it
//! keeps the members equal instead: a change through one is copied to the
//! others (the C shell's `cert_share`). The group names its members by
//! address; a member leaves it before its fields are dropped.

use crate::sync::lock;
use std::sync::{Arc, Mutex, MutexGuard};

/// The members of one shared `CERT`, by address.
#[derive(Default)]
pub struct CertGroup {
    members: Mutex<Vec<usize>>,
}

impl CertGroup {
    /// The members, locked: while the guard is held none of them can leave
    /// (nor be freed, since a member leaves before its fields are dropped).
    pub fn members(&self) -> MutexGuard<'_, Vec<usize>> {
        lock(&self.members)
    }
}

/// A connection's place in a group: none until it shares.
#[derive(Default)]
pub struct CertMembership(Mutex<Option<Arc<CertGroup>>>);

impl CertMembership {
    /// The group, if the connection shares its `CERT`.
    pub fn group(&self) -> Option<Arc<CertGroup>> {
        lock(&self.0).clone()
    }

    /// Leaves the group (`SSL_set_SSL_CTX`, `SSL_copy_session_id` onto
    /// another, the last `SSL_free`); `me` is the connection's address.
    pub fn leave(&self, me: usize) {
        let Some(group) = lock(&self.0).take() else {
            return;
        };
        group.members().retain(|&m| m != me);
    }

    /// Joins the group of `other` (made for both when it has none). Never
    /// holds the two connections' locks together.
    pub fn join(&self, me: usize, other: &CertMembership, other_addr: usize) {
        self.leave(me);
        let group = {
            let mut o = lock(&other.0);
            o.get_or_insert_with(|| {
                let g = Arc::new(CertGroup::default());
                g.members().push(other_addr);
                g
            })
            .clone()
        };
        group.members().push(me);
        *lock(&self.0) = Some(group);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(m: &CertMembership) -> Vec<usize> {
        m.group().map(|g| g.members().clone()).unwrap_or_default()
    }

    #[test]
    fn join_shares_one_group_and_leave_ends_it() {
        let (a, b, c) = (
            CertMembership::default(),
            CertMembership::default(),
            CertMembership::default(),
        );
        assert!(a.group().is_none());
        b.join(2, &a, 1);
        assert_eq!(members(&a), vec![1, 2]);
        assert!(Arc::ptr_eq(&a.group().unwrap(), &b.group().unwrap()));
        // onto another group: the old one keeps its other member
        b.join(2, &c, 3);
        assert_eq!(members(&a), vec![1]);
        assert_eq!(members(&c), vec![3, 2]);
        c.leave(3);
        assert!(c.group().is_none());
        assert_eq!(members(&b), vec![2]);
    }
}
