//! Sign-in throttling. Failures are counted per (username, client address) and, with a
//! higher limit, per client address alone, so that guessing one account's password and
//! spraying one password across many accounts are both slowed down. Time is a parameter.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// How many failed sign-ins are tolerated, and for how long they count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures allowed for one username from one address within the window.
    pub per_account_and_address: u32,
    /// Failures allowed from one address, whatever the usernames, within the window.
    pub per_address: u32,
    /// How long a run of failures counts; the wait ends when the window that began
    /// with the first failure closes.
    pub window: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        ThrottlePolicy {
            per_account_and_address: 5,
            per_address: 50,
            window: Duration::from_secs(15 * 60),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    AccountAndAddress(String, IpAddr),
    Address(IpAddr),
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    first_at: Instant,
    count: u32,
}

/// Entries beyond this many trigger a sweep of expired ones, bounding memory.
const SWEEP_THRESHOLD: usize = 10_000;

/// Failed sign-in counts, kept in memory.
#[derive(Debug)]
pub struct LoginThrottle {
    policy: ThrottlePolicy,
    failures: HashMap<Key, Failures>,
}

impl LoginThrottle {
    pub fn new(policy: ThrottlePolicy) -> Self {
        LoginThrottle {
            policy,
            failures: HashMap::new(),
        }
    }

    /// `Err(wait)` when an attempt for `username` from `address` must not be checked now.
    pub fn check(&self, username: &str, address: IpAddr, now: Instant) -> Result<(), Duration> {
        let waits = self
            .keys(username, address)
            .into_iter()
            .filter_map(|(key, limit)| self.wait_for(&key, limit, now));
        match waits.max() {
            Some(wait) => Err(wait),
            None => Ok(()),
        }
    }

    pub fn record_failure(&mut self, username: &str, address: IpAddr, now: Instant) {
        if self.failures.len() > SWEEP_THRESHOLD {
            let window = self.policy.window;
            self.failures
                .retain(|_, f| now.saturating_duration_since(f.first_at) < window);
        }
        for (key, _) in self.keys(username, address) {
            let entry = self.failures.entry(key).or_insert(Failures {
                first_at: now,
                count: 0,
            });
            if now.saturating_duration_since(entry.first_at) >= self.policy.window {
                *entry = Failures {
                    first_at: now,
                    count: 0,
                };
            }
            entry.count = entry.count.saturating_add(1);
        }
    }

    /// A successful sign-in clears that account's count from that address; the
    /// per-address count stays, so one good account cannot shield a spraying run.
    pub fn record_success(&mut self, username: &str, address: IpAddr) {
        self.failures
            .remove(&Key::AccountAndAddress(username.to_owned(), address));
    }

    fn keys(&self, username: &str, address: IpAddr) -> [(Key, u32); 2] {
        [
            (
                Key::AccountAndAddress(username.to_owned(), address),
                self.policy.per_account_and_address,
            ),
            (Key::Address(address), self.policy.per_address),
        ]
    }

    fn wait_for(&self, key: &Key, limit: u32, now: Instant) -> Option<Duration> {
        let failures = self.failures.get(key)?;
        let closes = failures.first_at + self.policy.window;
        (failures.count >= limit && now < closes).then(|| closes - now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    const MINUTE: Duration = Duration::from_secs(60);

    fn policy() -> ThrottlePolicy {
        ThrottlePolicy {
            per_account_and_address: 3,
            per_address: 5,
            window: 10 * MINUTE,
        }
    }

    fn address(last: u8) -> IpAddr {
        IpAddr::V4(Ipv4Addr::new(192, 0, 2, last))
    }

    #[test]
    fn allows_attempts_below_the_limit() {
        let mut throttle = LoginThrottle::new(policy());
        let start = Instant::now();
        throttle.record_failure("alice", address(1), start);
        throttle.record_failure("alice", address(1), start);
        assert_eq!(throttle.check("alice", address(1), start), Ok(()));
    }

    #[test]
    fn refuses_at_the_limit_until_the_window_closes() {
        let mut throttle = LoginThrottle::new(policy());
        let start = Instant::now();
        for minute in 0..3 {
            throttle.record_failure("alice", address(1), start + minute * MINUTE);
        }
        let later = start + 4 * MINUTE;
        assert_eq!(throttle.check("alice", address(1), later), Err(6 * MINUTE));
        assert_eq!(
            throttle.check("alice", address(1), start + 10 * MINUTE),
            Ok(())
        );
    }

    #[test]
    fn other_accounts_and_addresses_are_unaffected() {
        let mut throttle = LoginThrottle::new(policy());
        let start = Instant::now();
        for _ in 0..3 {
            throttle.record_failure("alice", address(1), start);
        }
        assert_eq!(throttle.check("bob", address(1), start), Ok(()));
        assert_eq!(throttle.check("alice", address(2), start), Ok(()));
    }

    #[test]
    fn spraying_many_usernames_from_one_address_is_refused() {
        let mut throttle = LoginThrottle::new(policy());
        let start = Instant::now();
        for name in ["a", "b", "c", "d", "e"] {
            throttle.record_failure(name, address(1), start);
        }
        assert!(throttle.check("f", address(1), start).is_err());
        assert_eq!(throttle.check("f", address(2), start), Ok(()));
    }

    #[test]
    fn success_clears_the_account_count_but_not_the_address_count() {
        let mut throttle = LoginThrottle::new(policy());
        let start = Instant::now();
        for _ in 0..2 {
            throttle.record_failure("alice", address(1), start);
        }
        throttle.record_success("alice", address(1));
        for _ in 0..2 {
            throttle.record_failure("alice", address(1), start);
        }
        assert_eq!(throttle.check("alice", address(1), start), Ok(()));
        throttle.record_failure("alice", address(1), start);
        // Five failures from this address in all: the per-address limit applies too.
        assert!(throttle.check("zoe", address(1), start).is_err());
    }

    #[test]
    fn failures_after_the_window_start_a_new_count() {
        let mut throttle = LoginThrottle::new(policy());
        let start = Instant::now();
        for _ in 0..2 {
            throttle.record_failure("alice", address(1), start);
        }
        let next_window = start + 11 * MINUTE;
        throttle.record_failure("alice", address(1), next_window);
        assert_eq!(throttle.check("alice", address(1), next_window), Ok(()));
    }
}
