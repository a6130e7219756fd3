//! Live sessions remembered for a moment. Every page first finds whose
//! session its cookie names. Reading that from the database each time costs
//! every page one more statement, and on SQLite one more hand-off to the
//! connection's thread, which under load is most of a small page's time.
//!
//! A session read is kept for [`KEPT_FOR`]. Any change this store makes to
//! accounts or sessions (signing out, a role, disabling, a password) forgets
//! every kept session at once, so on one server it takes effect on the next
//! request. A change made elsewhere (another server or process on the same
//! database) takes effect within [`KEPT_FOR`], and so does a
//! session's expiry.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::accounts::SessionUser;

/// How long a session read stays good without reading it again.
pub const KEPT_FOR: Duration = Duration::from_secs(1);

/// Sessions kept before the stale ones are swept out: far more than the
/// people signed in to one council's server at once.
const SWEEP_OVER: usize = 4_096;

#[derive(Debug, Default)]
pub(crate) struct SessionCache {
    inner: Mutex<Kept>,
}

#[derive(Debug, Default)]
struct Kept {
    /// By the hash of the session's token.
    sessions: HashMap<String, (SessionUser, Instant)>,
    /// Counts the times everything was forgotten, so that a read which
    /// began before a change is not kept after it.
    generation: u64,
}

/// Where a session read began, to be kept if nothing changed meanwhile.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReadStart {
    generation: u64,
    at: Instant,
}

impl SessionCache {
    fn kept(&self) -> MutexGuard<'_, Kept> {
        // Entries are inserted and removed whole: a holder that panicked
        // cannot leave the map half-changed.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The session kept for `token_hash`, if read within [`KEPT_FOR`].
    pub(crate) fn get(&self, token_hash: &str) -> Option<SessionUser> {
        let kept = self.kept();
        let (session, read_at) = kept.sessions.get(token_hash)?;
        (read_at.elapsed() < KEPT_FOR).then(|| session.clone())
    }

    /// Marks the start of a read from the database.
    pub(crate) fn start_read(&self) -> ReadStart {
        ReadStart {
            generation: self.kept().generation,
            at: Instant::now(),
        }
    }

    /// Keeps what a read found, unless something was forgotten since it began.
    pub(crate) fn keep(&self, token_hash: &str, session: &SessionUser, start: ReadStart) {
        let mut kept = self.kept();
        if kept.generation != start.generation {
            return;
        }
        if kept.sessions.len() >= SWEEP_OVER {
            kept.sessions
                .retain(|_, (_, read_at)| read_at.elapsed() < KEPT_FOR);
        }
        kept.sessions
            .insert(token_hash.to_owned(), (session.clone(), start.at));
    }

    /// Forgets every kept session: an account or session has changed.
    pub(crate) fn forget_all(&self) {
        let mut kept = self.kept();
        kept.generation += 1;
        kept.sessions.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::{Organisation, User};
    use trustboard_core::access::Role;

    fn session(username: &str) -> SessionUser {
        SessionUser {
            user: User {
                id: 1,
                username: username.to_owned(),
                role: Role::BoardMember,
                created_at: chrono::Utc::now(),
                disabled_at: None,
                organisation: Organisation {
                    id: 1,
                    name: "Testshire".to_owned(),
                },
                practitioner: None,
                version: 1,
            },
            csrf_token: "token".to_owned(),
        }
    }

    #[test]
    fn a_session_read_is_kept_until_anything_is_forgotten() {
        let cache = SessionCache::default();
        assert!(cache.get("a").is_none());
        cache.keep("a", &session("alice"), cache.start_read());
        let kept = cache.get("a").expect("kept");
        assert_eq!(kept.user.username, "alice");
        assert!(cache.get("b").is_none());
        cache.forget_all();
        assert!(cache.get("a").is_none());
    }

    #[test]
    fn a_read_that_began_before_a_change_is_not_kept() {
        let cache = SessionCache::default();
        let before = cache.start_read();
        cache.forget_all();
        cache.keep("a", &session("alice"), before);
        assert!(cache.get("a").is_none());
        let after = cache.start_read();
        cache.keep("a", &session("alice"), after);
        assert!(cache.get("a").is_some());
    }

    #[test]
    fn a_read_older_than_the_moment_is_not_given_out() {
        let cache = SessionCache::default();
        let start = ReadStart {
            generation: 0,
            at: Instant::now()
                .checked_sub(KEPT_FOR)
                .expect("a second after boot"),
        };
        cache.keep("a", &session("alice"), start);
        assert!(cache.get("a").is_none());
    }
}
