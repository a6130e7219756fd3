//! Sign-in throttling. Failures are counted per (username, client address), with a
//! higher limit per client address alone and per username alone, so that guessing
//! one account's password, spraying one password across many accounts and guessing
//! one account from many addresses are all slowed down. Time is a parameter.
//!
//! An attempt is counted as a failure *before* its password is checked
//! ([`LoginThrottle::reserve`]) and given back if it succeeds, so a burst of
//! parallel guesses cannot all be checked before the first failure is recorded.

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
    /// Failures allowed for one username, whatever the addresses, within the window.
    /// Higher than the others: reaching it locks the account's owner out too.
    pub per_account: u32,
    /// How long a run of failures counts; the wait ends when the window that began
    /// with the first failure closes.
    pub window: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        ThrottlePolicy {
            per_account_and_address: 5,
            per_address: 50,
            per_account: 100,
            window: Duration::from_secs(15 * 60),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    AccountAndAddress(String, IpAddr),
    Address(IpAddr),
    Account(String),
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

    /// Counts an attempt for `username` from `address` as a failure before it is
    /// checked, or `Err(wait)` when it must not be checked now. Checking and
    /// counting happen under one borrow, so parallel attempts queue here.
    pub fn reserve(
        &mut self,
        username: &str,
        address: IpAddr,
        now: Instant,
    ) -> Result<(), Duration> {
        let waits = self
            .keys(username, address)
            .into_iter()
            .filter_map(|(key, limit)| self.wait_for(&key, limit, now));
        if let Some(wait) = waits.max() {
            return Err(wait);
        }
        self.record_failure(username, address, now);
        Ok(())
    }

    fn record_failure(&mut self, username: &str, address: IpAddr, now: Instant) {
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

    /// A successful sign-in gives back its reservation and clears that account's
    /// count from that address; the other failures counted stay, so one good
    /// account cannot shield a spraying run.
    pub fn record_success(&mut self, username: &str, address: IpAddr) {
        self.failures
            .remove(&Key::AccountAndAddress(username.to_owned(), address));
        for key in [Key::Address(address), Key::Account(username.to_owned())] {
            if let Some(failures) = self.failures.get_mut(&key) {
                failures.count = failures.count.saturating_sub(1);
            }
        }
    }

    fn keys(&self, username: &str, address: IpAddr) -> [(Key, u32); 3] {
        [
            (
                Key::AccountAndAddress(username.to_owned(), address),
                self.policy.per_account_and_address,
            ),
            (Key::Address(address), self.policy.per_address),
            (Key::Account(username.to_owned()), self.policy.per_account),
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
            per_account: 8,
            window: 10 * MINUTE,
        }
    }

    fn address(last: u8) -> IpAddr {
        IpAddr::V4(Ipv4Addr::new(192, 0, 2, last))
    }

    /// `count` failed attempts, each reserved and never given back.
    fn fail(throttle: &mut LoginThrottle, name: &str, from: u8, count: u32, at: Instant) {
        for _ in 0..count {
            assert_eq!(throttle.reserve(name, address(from), at), Ok(()));
        }
    }

    #[test]
    fn attempts_up_to_the_limit_are_checked_and_the_next_waits_for_the_window() {
        let mut throttle = LoginThrottle::new(policy());
        let start = Instant::now();
        for minute in 0..3 {
            fail(&mut throttle, "alice", 1, 1, start + minute * MINUTE);
        }
        let later = start + 4 * MINUTE;
        assert_eq!(
            throttle.reserve("alice", address(1), later),
            Err(6 * MINUTE)
        );
        assert_eq!(
            throttle.reserve("alice", address(1), start + 10 * MINUTE),
            Ok(())
        );
    }

    #[test]
    fn other_accounts_and_addresses_are_unaffected() {
        let mut throttle = LoginThrottle::new(policy());
        let start = Instant::now();
        fail(&mut throttle, "alice", 1, 3, start);
        assert_eq!(throttle.reserve("bob", address(1), start), Ok(()));
        assert_eq!(throttle.reserve("alice", address(2), start), Ok(()));
    }

    #[test]
    fn spraying_many_usernames_from_one_address_is_refused() {
        let mut throttle = LoginThrottle::new(policy());
        let start = Instant::now();
        for name in ["a", "b", "c", "d", "e"] {
            fail(&mut throttle, name, 1, 1, start);
        }
        assert!(throttle.reserve("f", address(1), start).is_err());
        assert_eq!(throttle.reserve("f", address(2), start), Ok(()));
    }

    #[test]
    fn guessing_one_account_from_many_addresses_is_refused() {
        let mut throttle = LoginThrottle::new(policy());
        let start = Instant::now();
        for from in 1..=4 {
            fail(&mut throttle, "alice", from, 2, start);
        }
        assert!(throttle.reserve("alice", address(9), start).is_err());
        assert_eq!(throttle.reserve("bob", address(9), start), Ok(()));
    }

    #[test]
    fn success_gives_back_its_reservation_and_clears_the_account_count() {
        let mut throttle = LoginThrottle::new(policy());
        let start = Instant::now();
        fail(&mut throttle, "alice", 1, 2, start);
        assert_eq!(throttle.reserve("alice", address(1), start), Ok(()));
        throttle.record_success("alice", address(1));
        fail(&mut throttle, "alice", 1, 3, start);
        assert!(throttle.reserve("alice", address(1), start).is_err());
        // Two failures, one success and three failures: five from this address.
        assert!(throttle.reserve("zoe", address(1), start).is_err());
    }

    #[test]
    fn failures_after_the_window_start_a_new_count() {
        let mut throttle = LoginThrottle::new(policy());
        let start = Instant::now();
        fail(&mut throttle, "alice", 1, 3, start);
        let next_window = start + 11 * MINUTE;
        fail(&mut throttle, "alice", 1, 2, next_window);
        assert_eq!(throttle.reserve("alice", address(1), next_window), Ok(()));
    }
}
