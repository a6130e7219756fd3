//! Accounts: usernames and passwords checked at the boundary, argon2id hashing off the
//! async runtime, and sign-in verification that takes the same time and gives the same
//! answer whether or not the account exists.

use std::sync::OnceLock;
use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{DateTime, Utc};
use rand_core::{OsRng, RngCore};
use tokio::sync::Semaphore;
use trustboard_core::access::Role;
use trustboard_store::audit::{Actor, AuditAction, AuditEntry};
use trustboard_store::Store;

pub use trustboard_store::accounts::{InsertUser, User};

/// A password in memory: never printed by `Debug`.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub fn new(text: impl Into<String>) -> Self {
        Password(text.into())
    }

    /// The password itself, for showing once to the person who will use it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

pub const MIN_PASSWORD_CHARS: usize = 12;
/// Bounds the work an attacker can make one sign-in cost.
pub const MAX_PASSWORD_CHARS: usize = 256;
const MAX_USERNAME_CHARS: usize = 64;

/// A username in its normal form: trimmed, lower case, from a small safe alphabet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(text: &str) -> Result<Username, AccountError> {
        let normal = text.trim().to_lowercase();
        if normal.is_empty() {
            return Err(AccountError::InvalidUsername("Enter a username".into()));
        }
        if normal.chars().count() > MAX_USERNAME_CHARS {
            return Err(AccountError::InvalidUsername(format!(
                "Username must be {MAX_USERNAME_CHARS} characters or fewer"
            )));
        }
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-@".contains(c);
        if !normal.chars().all(allowed) {
            return Err(AccountError::InvalidUsername(
                "Username must only include letters, numbers, dots, hyphens, underscores and @"
                    .into(),
            ));
        }
        Ok(Username(normal))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{0}")]
    InvalidUsername(String),
    #[error("{0}")]
    WeakPassword(String),
    #[error("A user called {0} already exists")]
    UsernameTaken(String),
    #[error("Enter the register reference of the practitioner this account works as")]
    PractitionerMissing,
    #[error("Only practitioner accounts are linked to a practitioner: leave the practitioner reference empty for this role")]
    PractitionerNotWanted,
    #[error("There is no practitioner with reference {0} on the register of {1}: check the reference, or add the practitioner to the register first")]
    UnknownPractitioner(String, String),
    #[error("password hashing failed: {0}")]
    Hashing(String),
    /// Every password check slot stayed taken for the whole wait.
    #[error("too many passwords are being checked at once")]
    Busy,
    #[error(transparent)]
    Store(#[from] trustboard_store::StoreError),
}

impl From<AccountError> for crate::error::AppError {
    /// Only a busy password checker is the visitor's to know; the rest is internal.
    fn from(error: AccountError) -> Self {
        match error {
            AccountError::Busy => crate::error::AppError::Busy,
            error => crate::error::AppError::internal(error),
        }
    }
}

/// Checks a new password against the policy: long enough, not absurdly long, not the username.
pub fn check_password_policy(password: &Password, username: &Username) -> Result<(), AccountError> {
    let chars = password.0.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(AccountError::WeakPassword(format!(
            "Password must be {MIN_PASSWORD_CHARS} characters or more"
        )));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(AccountError::WeakPassword(format!(
            "Password must be {MAX_PASSWORD_CHARS} characters or fewer"
        )));
    }
    if password.0.trim().to_lowercase() == username.as_str() {
        return Err(AccountError::WeakPassword(
            "Password must not be the same as the username".into(),
        ));
    }
    Ok(())
}

/// Where an account works: its organisation and, for a practitioner, the
/// reference of the practitioner on that organisation's register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub organisation: String,
    pub practitioner: Option<String>,
}

impl Membership {
    /// A member of `organisation` who is not a practitioner.
    pub fn of(organisation: impl Into<String>) -> Membership {
        Membership {
            organisation: organisation.into(),
            practitioner: None,
        }
    }
}

/// Adds an account from the command line (no signed-in actor), e.g. `trustboard user add`
/// or the first administrator. The audit log records it.
pub async fn create_user(
    store: &Store,
    username: &str,
    password: &Password,
    role: Role,
    membership: Membership,
) -> Result<User, AccountError> {
    let entry = NewAccount {
        username: Username::parse(username)?,
        password: password.clone(),
        role,
        membership,
    };
    create_user_as(store, entry, None, None, Utc::now()).await
}

/// A validated request to add an account.
pub(crate) struct NewAccount {
    pub username: Username,
    pub password: Password,
    pub role: Role,
    pub membership: Membership,
}

/// Adds an account on behalf of `actor` (None: the command line), auditing it.
pub(crate) async fn create_user_as(
    store: &Store,
    account: NewAccount,
    actor: Option<Actor<'_>>,
    client_address: Option<&str>,
    now: DateTime<Utc>,
) -> Result<User, AccountError> {
    check_password_policy(&account.password, &account.username)?;
    check_practitioner_link(account.role, &account.membership)?;
    let password_hash = hash_password(account.password).await?;
    let membership = &account.membership;
    let mut detail = format!(
        "with role {} in {}",
        account.role.label(),
        membership.organisation
    );
    if let Some(practitioner) = &membership.practitioner {
        detail.push_str(&format!(", as practitioner {practitioner}"));
    }
    if actor.is_none() {
        detail.push_str(", from the command line");
    }
    let audit = AuditEntry {
        at: now,
        actor,
        action: AuditAction::UserCreated,
        subject: Some(account.username.as_str()),
        detail: &detail,
        client_address,
    };
    let new = trustboard_store::accounts::NewUser {
        username: account.username.as_str(),
        password_hash: &password_hash,
        role: account.role,
        now,
        organisation: &membership.organisation,
        practitioner: membership.practitioner.as_deref(),
    };
    match store.insert_user(&new, &audit).await? {
        InsertUser::Created(user) => Ok(user),
        InsertUser::UsernameTaken => Err(AccountError::UsernameTaken(account.username.0)),
        InsertUser::UnknownPractitioner => Err(AccountError::UnknownPractitioner(
            membership.practitioner.clone().unwrap_or_default(),
            membership.organisation.clone(),
        )),
    }
}

/// A practitioner's account is linked to a practitioner, and no other is.
pub fn check_practitioner_link(role: Role, membership: &Membership) -> Result<(), AccountError> {
    match (role.needs_practitioner(), &membership.practitioner) {
        (true, None) => Err(AccountError::PractitionerMissing),
        (false, Some(_)) => Err(AccountError::PractitionerNotWanted),
        _ => Ok(()),
    }
}

/// Who is setting a password, which decides what is recorded and which sessions end.
pub(crate) enum PasswordChange<'a> {
    /// The owner, keeping the session they are using.
    ByOwner { keep_session: &'a str },
    /// An administrator, for someone who has forgotten theirs: every session ends.
    ByAdministrator { actor: Actor<'a> },
}

/// Replaces `user`'s password, ending their other sessions and auditing the change.
pub(crate) async fn set_password(
    store: &Store,
    user: &User,
    new_password: Password,
    change: PasswordChange<'_>,
    client_address: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), AccountError> {
    let password_hash = hash_password(new_password).await?;
    let owner = Actor {
        user_id: user.id,
        username: &user.username,
    };
    let (actor, action, detail, keep_session) = match change {
        PasswordChange::ByOwner { keep_session } => (
            owner,
            AuditAction::PasswordChanged,
            "other sessions signed out",
            Some(keep_session),
        ),
        PasswordChange::ByAdministrator { actor } => (
            actor,
            AuditAction::PasswordReset,
            "all sessions signed out",
            None,
        ),
    };
    let audit = AuditEntry {
        at: now,
        actor: Some(actor),
        action,
        subject: Some(&user.username),
        detail,
        client_address,
    };
    store
        .change_password(user.id, &password_hash, keep_session, &audit)
        .await?;
    Ok(())
}

/// A random password of 20 characters from an alphabet without look-alikes (about 115 bits).
pub fn generate_password() -> Password {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    // Rejection sampling keeps every character equally likely.
    let limit = 256 - 256 % ALPHABET.len();
    let mut password = String::with_capacity(20);
    while password.len() < 20 {
        let mut byte = [0u8; 1];
        OsRng.fill_bytes(&mut byte);
        let value = usize::from(byte[0]);
        if value < limit {
            password.push(char::from(ALPHABET[value % ALPHABET.len()]));
        }
    }
    Password(password)
}

/// The argon2id parameters for new hashes (the OWASP recommendation: 19 MiB, 2 passes).
fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

fn hash_blocking(password: &Password) -> Result<String, AccountError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.0.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| AccountError::Hashing(error.to_string()))
}

/// How long a request waits for a password check slot before it is told the
/// service is busy.
const ARGON2_WAIT: Duration = Duration::from_secs(20);

/// One password check per core at a time: each takes about 19 MiB and a core's
/// worth of time, so a burst of sign-ins queues here instead of exhausting the
/// machine.
fn argon2_slots() -> &'static Semaphore {
    static SLOTS: OnceLock<Semaphore> = OnceLock::new();
    SLOTS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        Semaphore::new(cores)
    })
}

/// Runs `work` (hashing or verifying) on a blocking thread once a slot is free,
/// waiting at most [`ARGON2_WAIT`] for one.
async fn with_argon2_slot<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AccountError> {
    let permit = tokio::time::timeout(ARGON2_WAIT, argon2_slots().acquire())
        .await
        .map_err(|_| AccountError::Busy)?
        .map_err(|error| AccountError::Hashing(error.to_string()))?;
    let result = tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| AccountError::Hashing(error.to_string()));
    drop(permit);
    result
}

/// Hashes on a blocking thread: argon2id is deliberately slow.
pub(crate) async fn hash_password(password: Password) -> Result<String, AccountError> {
    with_argon2_slot(move || hash_blocking(&password)).await?
}

/// A hash of a random password nobody knows, verified against when the username is
/// unknown so that answering takes as long as for a real account.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking(&generate_password()).unwrap_or_default())
}

/// Computes the dummy hash at start-up rather than during the first sign-in.
pub(crate) async fn prepare() {
    if tokio::task::spawn_blocking(dummy_hash).await.is_err() {
        tracing::warn!("could not prepare the password check for unknown users");
    }
}

fn verify_blocking(password: &Password, stored_hash: Option<&str>) -> bool {
    let hash_text = match stored_hash {
        Some(hash) => hash,
        None => dummy_hash(),
    };
    let Ok(hash) = PasswordHash::new(hash_text) else {
        return false;
    };
    let matches = hasher()
        .verify_password(password.0.as_bytes(), &hash)
        .is_ok();
    matches && stored_hash.is_some()
}

/// True when a stored hash was made with other parameters than new hashes get.
fn needs_rehash(stored_hash: &str) -> bool {
    let Ok(hash) = PasswordHash::new(stored_hash) else {
        return true;
    };
    let current = Params::default();
    let param = |name: &str| hash.params.get_decimal(name);
    hash.algorithm.as_str() != Algorithm::Argon2id.ident().as_str()
        || hash.version != Some(Version::V0x13.into())
        || param("m") != Some(current.m_cost())
        || param("t") != Some(current.t_cost())
        || param("p") != Some(current.p_cost())
}

async fn upgrade_hash(store: &Store, user_id: i64, password: Password) -> Result<(), AccountError> {
    let upgraded = hash_password(password).await?;
    store.set_password_hash(user_id, &upgraded).await?;
    Ok(())
}

/// The user whose username and password these are, if any and if enabled. Unknown
/// users, wrong passwords and disabled accounts are indistinguishable to the caller.
pub(crate) async fn verify_credentials(
    store: &Store,
    username: &Username,
    password: Password,
) -> Result<Option<User>, AccountError> {
    let credentials = store.user_credentials(username.as_str()).await?;
    let stored_hash = credentials.as_ref().map(|c| c.password_hash.clone());
    let for_rehash = password.clone();
    let verified =
        with_argon2_slot(move || verify_blocking(&password, stored_hash.as_deref())).await?;
    let Some(credentials) = credentials.filter(|c| verified && !c.user.is_disabled()) else {
        return Ok(None);
    };
    if needs_rehash(&credentials.password_hash) {
        // An upgrade that fails is retried at the next sign-in; it must not block this one.
        if let Err(error) = upgrade_hash(store, credentials.user.id, for_rehash).await {
            tracing::warn!(%error, user = credentials.user.id, "password hash not upgraded");
        }
    }
    Ok(Some(credentials.user))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_normalised_and_restricted() {
        assert_eq!(
            Username::parse("  Alice.Smith@Kingston.gov.uk ")
                .map(|u| u.0)
                .ok(),
            Some("alice.smith@kingston.gov.uk".into())
        );
        assert!(Username::parse("   ").is_err());
        assert!(Username::parse("alice smith").is_err());
        assert!(Username::parse("<script>").is_err());
        assert!(Username::parse(&"a".repeat(65)).is_err());
    }

    #[test]
    fn password_policy_rejects_short_long_and_username_passwords() {
        let alice = Username::parse("alice-in-kingston").ok();
        let Some(alice) = alice else {
            panic!("valid username rejected")
        };
        assert!(check_password_policy(&Password::new("short"), &alice).is_err());
        assert!(check_password_policy(&Password::new("x".repeat(257)), &alice).is_err());
        assert!(check_password_policy(&Password::new("Alice-In-Kingston"), &alice).is_err());
        assert!(check_password_policy(&Password::new("correct horse battery"), &alice).is_ok());
    }

    #[test]
    fn passwords_are_redacted_in_debug() {
        let text = format!("{:?}", Password::new("hunter2-hunter2"));
        assert!(!text.contains("hunter2"), "{text}");
    }

    #[test]
    fn generated_passwords_are_long_and_differ() {
        let a = generate_password();
        let b = generate_password();
        assert_eq!(a.expose().chars().count(), 20);
        assert_ne!(a.expose(), b.expose());
    }

    #[test]
    fn hashes_verify_only_the_right_password() {
        let hash = hash_blocking(&Password::new("correct horse battery"));
        let Ok(hash) = hash else {
            panic!("hashing failed")
        };
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_blocking(
            &Password::new("correct horse battery"),
            Some(&hash)
        ));
        assert!(!verify_blocking(
            &Password::new("wrong horse battery"),
            Some(&hash)
        ));
        assert!(!needs_rehash(&hash));
    }

    #[test]
    fn unknown_users_never_verify_even_with_the_dummy_password() {
        assert!(!verify_blocking(&Password::new(""), None));
        assert!(!verify_blocking(&Password::new("anything at all"), None));
    }

    #[test]
    fn hashes_with_weaker_parameters_are_upgraded() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 1, 1, None).unwrap_or_default(),
        );
        let salt = SaltString::generate(&mut OsRng);
        let hash = weak
            .hash_password(b"correct horse battery", &salt)
            .map(|h| h.to_string());
        let Ok(hash) = hash else {
            panic!("hashing failed")
        };
        assert!(needs_rehash(&hash));
    }
}
