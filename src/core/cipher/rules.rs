//! OpenSSL's cipher-string rule language (`SSL_CTX_set_cipher_list`).
//!
//! A string is a list of rules separated by `:`, `,`, `;` or spaces. A rule is a
//! word, or words joined by `+` (their intersection), optionally prefixed by `!`
//! (kill: never again), `-` (delete: may come back), `+` (move to the end) or `@`
//! (a command: `@STRENGTH`, `@SECLEVEL=n`). A word is a suite name or an alias
//! of `aliases.rs`; unknown words make their rule a no-op.
//!
//! Rules work on every suite rules can select, kept in OpenSSL's default
//! preference order, each active or not: adding appends the matching inactive
//! suites to the end in their current order, moving appends the matching active
//! ones, deleting moves the matching active ones to the front (so that they come
//! back in the same order) and deactivates them, killing drops them for good.
//! The result is the active suites, in order.

use super::aliases::{lookup, Alias};
use super::attrs::*;

/// What a failed rule string raises (`SSL_R_INVALID_COMMAND`): a character that
/// is neither a separator nor part of a word, or a bad `@` command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidCommand;

/// A rule's selection: each mask 0 matches anything, otherwise the suite's
/// algorithm must be one of the mask's.
#[derive(Debug, Clone, Copy, Default)]
struct Selection {
    id: Option<u32>,
    kx: u32,
    auth: u32,
    enc: u32,
    mac: u32,
    min_tls: u16,
    strength: u8,
}

/// `OSSL_default_cipher_list()`: what `DEFAULT` stands for.
pub const DEFAULT_RULES: &str = "ALL:!COMPLEMENTOFDEFAULT:!eNULL";

/// The working list: indices into [`rule_suites`], in order, and which are
/// active. Killed suites are gone from `order`.
pub(crate) struct Work {
    order: Vec<u8>,
    active: Vec<bool>,
}

impl Work {
    /// Every suite, inactive, in the default preference order.
    pub(crate) fn new() -> Work {
        let n = rule_suites().len();
        Work {
            order: (0..n).map(|i| i as u8).collect(),
            active: vec![false; n],
        }
    }

    /// The active suites in order.
    pub(crate) fn selected(&self) -> impl Iterator<Item = &'static RuleSuite> + '_ {
        let suites = rule_suites();
        self.order
            .iter()
            .filter(|&&i| self.active[i as usize])
            .map(move |&i| &suites[i as usize])
    }

    /// Moves the entries `pick` selects to the front or the back, keeping the
    /// relative order of both parts; `then` runs on each moved entry.
    fn partition(
        &mut self,
        to_front: bool,
        pick: impl Fn(usize, bool) -> bool,
        mut then: impl FnMut(usize, &mut Vec<bool>),
    ) {
        let (mut moved, mut kept) = (Vec::new(), Vec::with_capacity(self.order.len()));
        for &i in &self.order {
            if pick(i as usize, self.active[i as usize]) {
                moved.push(i);
            } else {
                kept.push(i);
            }
        }
        for &i in &moved {
            then(i as usize, &mut self.active);
        }
        self.order = if to_front {
            moved.extend_from_slice(&kept);
            moved
        } else {
            kept.extend_from_slice(&moved);
            kept
        };
    }

    fn apply(&mut self, op: Op, sel: &Selection) {
        let suites = rule_suites();
        let hit = |i: usize| sel.matches(&suites[i]);
        match op {
            Op::Add => self.partition(false, |i, on| !on && hit(i), |i, a| a[i] = true),
            Op::Order => self.partition(false, |i, on| on && hit(i), |_, _| {}),
            Op::Delete => self.partition(true, |i, on| on && hit(i), |i, a| a[i] = false),
            Op::Kill => {
                let active = &mut self.active;
                self.order.retain(|&i| {
                    let gone = hit(i as usize);
                    if gone {
                        active[i as usize] = false;
                    }
                    !gone
                });
            }
        }
    }

    /// `@STRENGTH`: the active suites by strength bits, strongest first, each
    /// group in its current order, after the inactive ones.
    fn sort_by_strength(&mut self) {
        let suites = rule_suites();
        let active = &self.active;
        let key = |i: &u8| {
            let on = active[*i as usize];
            (
                on,
                if on {
                    -suites[*i as usize].info.strength_bits
                } else {
                    0
                },
            )
        };
        self.order.sort_by_key(key);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Kill,
    Delete,
    Order,
}

impl Selection {
    fn matches(&self, s: &RuleSuite) -> bool {
        let a = &s.attrs;
        let masked = |m: u32, v: u32| m == 0 || m & v != 0;
        self.id.is_none_or(|id| id == s.info.id)
            && masked(self.kx, a.kx)
            && masked(self.auth, a.auth)
            && masked(self.enc, a.enc)
            && masked(self.mac, a.mac)
            && (self.min_tls == 0 || self.min_tls == a.min_tls)
            && (self.strength & S_STRONG_MASK == 0
                || self.strength & S_STRONG_MASK & s.strength != 0)
            && (self.strength & S_DEFAULT_MASK == 0
                || self.strength & S_DEFAULT_MASK & s.strength != 0)
    }

    /// Narrows by one more word of a `+` rule; false when nothing can match.
    fn narrow(&mut self, w: &Alias, id: Option<u32>) -> bool {
        fn and(acc: &mut u32, m: u32) -> bool {
            if m != 0 {
                *acc = if *acc != 0 { *acc & m } else { m };
            }
            *acc != 0 || m == 0
        }
        if !(and(&mut self.kx, w.kx)
            && and(&mut self.auth, w.auth)
            && and(&mut self.enc, w.enc)
            && and(&mut self.mac, w.mac))
        {
            return false;
        }
        let class = w.strength & S_STRONG_MASK;
        if class != 0 {
            if self.strength & S_STRONG_MASK != 0 {
                self.strength &= class | !S_STRONG_MASK;
                if self.strength & S_STRONG_MASK == 0 {
                    return false;
                }
            } else {
                // A class replaces the whole strength, NOT_DEFAULT included, as
                // in OpenSSL ("COMPLEMENTOFDEFAULT+HIGH" is HIGH).
                self.strength = class;
            }
        }
        let default = w.strength & S_DEFAULT_MASK;
        if default != 0 {
            if self.strength & S_DEFAULT_MASK != 0 {
                self.strength &= default | !S_DEFAULT_MASK;
                if self.strength & S_DEFAULT_MASK == 0 {
                    return false;
                }
            } else {
                self.strength |= default;
            }
        }
        match id {
            // A suite name selects that suite; its version is not part of the
            // selection.
            Some(id) => self.id = Some(id),
            None if w.min_tls != 0 => {
                if self.min_tls != 0 && self.min_tls != w.min_tls {
                    return false;
                }
                self.min_tls = w.min_tls;
            }
            None => {}
        }
        true
    }
}

fn is_separator(c: u8) -> bool {
    matches!(c, b':' | b' ' | b';' | b',')
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'=')
}

/// Applies one rule string to `work`. `@SECLEVEL=n` sets `*sec_level` when it is
/// met, even if a later rule fails. A bad `@` command fails the string but the
/// rest is still read (each bad command raises its own error); a character that
/// fits nowhere stops at once. Returns the errors to raise, in order.
pub(crate) fn apply_rules(
    rules: &[u8],
    work: &mut Work,
    sec_level: &mut i32,
) -> Result<(), Vec<InvalidCommand>> {
    let mut errors = Vec::new();
    let mut l = 0;
    while let Some(&ch) = rules.get(l) {
        let op = match ch {
            b'-' => Some(Op::Delete),
            b'+' => Some(Op::Order),
            b'!' => Some(Op::Kill),
            b'@' => None,
            _ => Some(Op::Add),
        };
        if matches!(ch, b'-' | b'+' | b'!' | b'@') {
            l += 1;
        }
        if is_separator(ch) {
            l += 1;
            continue;
        }
        let mut sel = Selection::default();
        let mut found = false;
        let word = loop {
            let start = l;
            while rules.get(l).is_some_and(|&c| is_word(c)) {
                l += 1;
            }
            let word = &rules[start..l];
            if word.is_empty() {
                errors.push(InvalidCommand);
                return Err(errors);
            }
            if op.is_none() {
                break word;
            }
            let multi = rules.get(l) == Some(&b'+');
            if multi {
                l += 1;
            }
            found = match lookup(word) {
                Some((w, id)) => sel.narrow(&w, id),
                None => false,
            };
            if !found || !multi {
                break word;
            }
        };
        match op {
            None => {
                let ok = if word == b"STRENGTH" {
                    work.sort_by_strength();
                    true
                } else if word.len() == 10 && word.starts_with(b"SECLEVEL=") {
                    let level = word[9] as i32 - b'0' as i32;
                    if (0..=5).contains(&level) {
                        *sec_level = level;
                    }
                    (0..=5).contains(&level)
                } else {
                    false
                };
                if !ok {
                    errors.push(InvalidCommand);
                }
                skip_to_separator(rules, &mut l);
            }
            Some(op) if found => work.apply(op, &sel),
            Some(_) => skip_to_separator(rules, &mut l),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn skip_to_separator(rules: &[u8], l: &mut usize) {
    while rules.get(*l).is_some_and(|&c| !is_separator(c)) {
        *l += 1;
    }
}

/// Suite B: a string starting with one of these names is replaced by the suites
/// it allows, and the mode sticks to the object (a later string is replaced
/// too), as in OpenSSL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SuiteB {
    #[default]
    Off,
    /// `SUITEB128` (and `SUITEB128C2`, which narrows the list to 192 bits once).
    Los128,
    /// `SUITEB128ONLY`.
    Los128Only,
    /// `SUITEB192`.
    Los192,
}

/// OpenSSL keeps the Suite B mode in the certificate flags
/// (`SSL_CERT_FLAG_SUITEB_*`), where `SSL_CTX_set_cert_flags` can set it too.
const SUITEB_FLAGS: u32 = 0x30000;

impl SuiteB {
    /// The mode the certificate flags `flags` hold.
    pub fn from_cert_flags(flags: u32) -> SuiteB {
        match flags & SUITEB_FLAGS {
            0x10000 => SuiteB::Los128Only,
            0x20000 => SuiteB::Los192,
            0x30000 => SuiteB::Los128,
            _ => SuiteB::Off,
        }
    }

    /// `flags` with their Suite B bits replaced by this mode's.
    pub fn into_cert_flags(self, flags: u32) -> u32 {
        let bits = match self {
            SuiteB::Off => 0,
            SuiteB::Los128Only => 0x10000,
            SuiteB::Los192 => 0x20000,
            SuiteB::Los128 => 0x30000,
        };
        (flags & !SUITEB_FLAGS) | bits
    }
}

/// The TLS 1.2-and-older part of a cipher list: the selected suites for
/// `rules`, after the Suite B substitution. `suite_b` and `sec_level` are the
/// object's, updated as OpenSSL updates them.
pub(crate) fn select(
    rules: &[u8],
    suite_b: &mut SuiteB,
    sec_level: &mut i32,
) -> Result<Vec<&'static RuleSuite>, Vec<InvalidCommand>> {
    let mut rules = rules;
    let mut comb2 = false;
    let named = if rules.starts_with(b"SUITEB128ONLY") {
        Some(SuiteB::Los128Only)
    } else if rules.starts_with(b"SUITEB128C2") {
        comb2 = true;
        Some(SuiteB::Los128)
    } else if rules.starts_with(b"SUITEB128") {
        Some(SuiteB::Los128)
    } else if rules.starts_with(b"SUITEB192") {
        Some(SuiteB::Los192)
    } else {
        None
    };
    if let Some(mode) = named {
        *suite_b = mode;
    }
    rules = match *suite_b {
        SuiteB::Off => rules,
        SuiteB::Los128 if comb2 => b"ECDHE-ECDSA-AES256-GCM-SHA384",
        SuiteB::Los128 => b"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384",
        SuiteB::Los128Only => b"ECDHE-ECDSA-AES128-GCM-SHA256",
        SuiteB::Los192 => b"ECDHE-ECDSA-AES256-GCM-SHA384",
    };
    let mut work = Work::new();
    let mut rest = rules;
    if let Some(after) = rules.strip_prefix(b"DEFAULT") {
        apply_rules(DEFAULT_RULES.as_bytes(), &mut work, sec_level)?;
        rest = after.strip_prefix(b":").unwrap_or(after);
    }
    if !rest.is_empty() {
        apply_rules(rest, &mut work, sec_level)?;
    }
    Ok(work.selected().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(rules: &str) -> Result<Vec<&'static str>, usize> {
        let (mut b, mut level) = (SuiteB::Off, 2);
        select(rules.as_bytes(), &mut b, &mut level)
            .map(|v| v.iter().map(|s| s.info.name).collect())
            .map_err(|e| e.len())
    }

    #[test]
    fn aliases_and_combinations() {
        assert_eq!(names("ALL").unwrap().len(), 137);
        assert_eq!(names("DEFAULT").unwrap().len(), 57);
        assert_eq!(
            names("ECDHE+AESGCM+aRSA").unwrap(),
            ["ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-AES128-GCM-SHA256"]
        );
        assert_eq!(
            names("AES128-SHA:bogus:AES256-SHA").unwrap(),
            ["AES128-SHA", "AES256-SHA"]
        );
        assert!(names("HIGH+FIPS").unwrap().is_empty());
        assert!(names("bogus").unwrap().is_empty());
        assert_eq!(names("ALL:@FOO:@BAR"), Err(2));
        assert_eq!(names("ALL:("), Err(1));
        assert_eq!(names("AES+"), Err(1));
    }

    #[test]
    fn seclevel_and_strength() {
        let (mut b, mut level) = (SuiteB::Off, 2);
        let r = select(b"@SECLEVEL=0:ALL:@SECLEVEL=9", &mut b, &mut level);
        assert!(r.is_err());
        assert_eq!(level, 0);
        let sorted = names("ALL:@STRENGTH").unwrap();
        let bits: Vec<i32> = sorted
            .iter()
            .map(|n| {
                rule_suites()
                    .iter()
                    .find(|s| s.info.name == *n)
                    .unwrap()
                    .info
                    .strength_bits
            })
            .collect();
        assert!(bits.windows(2).all(|w| w[0] >= w[1]));
    }

    #[test]
    fn suite_b_sticks() {
        let (mut b, mut level) = (SuiteB::Off, 2);
        select(b"SUITEB128", &mut b, &mut level).unwrap();
        let again = select(b"ALL", &mut b, &mut level).unwrap();
        assert_eq!(again.len(), 2);
    }
}
