//! The fleet's settings: from the `config` string of `sessl_fleet_attach`
//! (`key=value` pairs separated by spaces, commas are part of values, `;`
//! also separates) or, for anything it leaves out, from the environment.
//!
//! | key              | environment                   | default   |
//! |------------------|-------------------------------|-----------|
//! | store            | SESSL_FLEET_STORE             | (needed)  |
//! | key_file         | SESSL_FLEET_KEY_FILE          | (needed)  |
//! | namespace        | SESSL_FLEET_NAMESPACE         | sessl     |
//! | timeout_ms       | SESSL_FLEET_TIMEOUT_MS        | 5         |
//! | ticket_rotate_s  | SESSL_FLEET_TICKET_ROTATE_S   | 3600      |
//! | tickets          | SESSL_FLEET_TICKETS           | on        |
//! | max_value        | SESSL_FLEET_MAX_VALUE         | 32768     |

use std::time::Duration;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub store: String,
    pub key_file: String,
    pub namespace: String,
    pub timeout: Duration,
    pub ticket_rotate: Duration,
    pub tickets: bool,
    pub max_value: usize,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn number(key: &str, value: &str) -> Result<u64, String> {
    value
        .parse::<u64>()
        .map_err(|_| format!("{key}={value}: not a number"))
}

impl Config {
    /// Settings from `text` (may be empty), completed from the environment.
    pub fn parse(text: &str) -> Result<Config, String> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for item in text.split([' ', ';', '\n', '\t']).filter(|s| !s.is_empty()) {
            let (k, v) = item
                .split_once('=')
                .ok_or_else(|| format!("'{item}': expected key=value"))?;
            pairs.push((k.to_string(), v.to_string()));
        }
        let get = |key: &str, var: &str| -> Option<String> {
            pairs
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .or_else(|| env(var))
        };
        for (k, _) in &pairs {
            if ![
                "store",
                "key_file",
                "namespace",
                "timeout_ms",
                "ticket_rotate_s",
                "tickets",
                "max_value",
            ]
            .contains(&k.as_str())
            {
                return Err(format!("unknown setting '{k}'"));
            }
        }
        let store = get("store", "SESSL_FLEET_STORE")
            .ok_or("no store: set SESSL_FLEET_STORE (redis://HOST:PORT or memcached://HOST:PORT[,HOST:PORT...]) or store=")?;
        let key_file = get("key_file", "SESSL_FLEET_KEY_FILE").ok_or(
            "no fleet key: set SESSL_FLEET_KEY_FILE (a file of 32 random bytes, e.g. `head -c 32 /dev/urandom`) \
             or key_file=; the fleet never stores sessions unsealed",
        )?;
        let timeout_ms = match get("timeout_ms", "SESSL_FLEET_TIMEOUT_MS") {
            Some(v) => number("timeout_ms", &v)?.clamp(1, 10_000),
            None => 5,
        };
        let rotate = match get("ticket_rotate_s", "SESSL_FLEET_TICKET_ROTATE_S") {
            Some(v) => number("ticket_rotate_s", &v)?.clamp(1, 7 * 86400),
            None => 3600,
        };
        let tickets = match get("tickets", "SESSL_FLEET_TICKETS").as_deref() {
            None | Some("on") | Some("1") | Some("yes") => true,
            Some("off") | Some("0") | Some("no") => false,
            Some(v) => return Err(format!("tickets={v}: expected on or off")),
        };
        let max_value = match get("max_value", "SESSL_FLEET_MAX_VALUE") {
            Some(v) => number("max_value", &v)?.clamp(256, 1 << 20) as usize,
            None => 32768,
        };
        let namespace = get("namespace", "SESSL_FLEET_NAMESPACE").unwrap_or_else(|| "sessl".into());
        if namespace
            .bytes()
            .any(|b| !(b.is_ascii_alphanumeric() || b"-_.".contains(&b)))
        {
            return Err(format!(
                "namespace '{namespace}': use letters, digits, '-', '_' and '.'"
            ));
        }
        Ok(Config {
            store,
            key_file,
            namespace,
            timeout: Duration::from_millis(timeout_ms),
            ticket_rotate: Duration::from_secs(rotate),
            tickets,
            max_value,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_settings() {
        let c = Config::parse(
            "store=redis://127.0.0.1:1 key_file=/k;namespace=a.b timeout_ms=9 tickets=off",
        )
        .unwrap();
        assert_eq!(c.store, "redis://127.0.0.1:1");
        assert_eq!(c.key_file, "/k");
        assert_eq!(c.namespace, "a.b");
        assert_eq!(c.timeout, Duration::from_millis(9));
        assert!(!c.tickets);
        assert!(Config::parse("store=x key_file=y bogus=1").is_err());
        assert!(Config::parse("store=x key_file=y namespace=a:b").is_err());
        assert!(Config::parse("store=x key_file=y timeout_ms=z").is_err());
    }
}
