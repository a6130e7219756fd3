//! User accounts and their sign-in sessions.
//!
//! Secrets never reach this module: passwords arrive as argon2id hashes and session
//! tokens as SHA-256 hashes, both computed by the web crate. Every change to an
//! account is written in one transaction with its audit record.

use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use trustboard_core::access::Role;
use trustboard_core::register::{AgencyId, PractitionerId};
use trustboard_core::sharing::LinkedPractitioner;

use crate::audit::{kept_if, AuditEntry, Outcome};
use crate::codec::corrupt;
use crate::error::StoreError;
use crate::register::rows::{organisation_id, organisation_id_or_add};
use crate::Store;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub disabled_at: Option<DateTime<Utc>>,
    /// The organisation the account belongs to: its plans and its register.
    pub organisation: Organisation,
    /// The register practitioner a practitioner's account works as, with
    /// their agency; `None` for other accounts, or when the practitioner is
    /// no longer on the register.
    pub practitioner: Option<LinkedPractitioner>,
    /// Counts the changes to the account: a role change names the version it
    /// was made from, and loses to any change made since.
    pub version: i64,
}

impl User {
    pub fn is_disabled(&self) -> bool {
        self.disabled_at.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
}

/// `Debug` for a struct of a `user` and one secret, which it prints as `<redacted>`.
macro_rules! debug_hiding_secret {
    ($type:ident, $secret:ident) => {
        impl std::fmt::Debug for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($type))
                    .field("user", &self.user)
                    .field(stringify!($secret), &"<redacted>")
                    .finish()
            }
        }
    };
}

/// A user with their stored password hash, for checking a sign-in.
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
}

debug_hiding_secret!(Credentials, password_hash);

/// An account to add; `username` must already be in its normal form.
pub struct NewUser<'a> {
    pub username: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub now: DateTime<Utc>,
    /// The organisation's name; it is added when this is its first use.
    pub organisation: &'a str,
    /// The reference of the register practitioner the account works as.
    pub practitioner: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InsertUser {
    Created(User),
    UsernameTaken,
    /// The organisation's register has no practitioner with that reference.
    UnknownPractitioner,
}

/// A session to start, keyed by the hash of the token the browser holds.
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: i64,
    pub csrf_token: &'a str,
    pub now: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// The signed-in user behind a live session.
#[derive(Clone)]
pub struct SessionUser {
    pub user: User,
    pub csrf_token: String,
}

debug_hiding_secret!(SessionUser, csrf_token);

const USER_COLUMNS: &str = "users.id, users.username, users.role, users.created_at, \
     users.disabled_at, users.version, users.organisation_id, organisations.name AS organisation_name, \
     users.practitioner, register_practitioners.agency AS practitioner_agency";

/// The tables [`USER_COLUMNS`] come from: an account, its organisation and
/// its practitioner on that organisation's register.
const USER_TABLES: &str = "users JOIN organisations ON organisations.id = users.organisation_id \
     LEFT JOIN register_practitioners \
       ON register_practitioners.organisation_id = users.organisation_id \
      AND register_practitioners.reference = users.practitioner";

/// What became of a role change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleChange {
    Changed,
    /// The account changed since the version the change was made from; it is now at `version`.
    Conflict {
        version: i64,
    },
    NoSuchUser,
}

impl Store {
    /// Adds an account unless the username is taken or its practitioner is
    /// not on the organisation's register, recording `audit` with it.
    pub async fn insert_user(
        &self,
        new: &NewUser<'_>,
        audit: &AuditEntry<'_>,
    ) -> Result<InsertUser, StoreError> {
        self.write_audited(audit, async |tx| {
            let organisation_id = organisation_id_or_add(tx, new.organisation).await?;
            if let Some(reference) = new.practitioner {
                let known = sqlx::query(
                    "SELECT 1 AS known FROM register_practitioners \
                     WHERE organisation_id = $1 AND reference = $2",
                )
                .bind(organisation_id)
                .bind(reference)
                .fetch_optional(&mut *tx)
                .await?;
                if known.is_none() {
                    return Ok(Outcome::Discard(InsertUser::UnknownPractitioner));
                }
            }
            let row = sqlx::query(
                "INSERT INTO users \
                   (username, password_hash, role, created_at, organisation_id, practitioner) \
                 VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (username) DO NOTHING RETURNING id",
            )
            .bind(new.username)
            .bind(new.password_hash)
            .bind(new.role.code())
            .bind(timestamp_text(new.now))
            .bind(organisation_id)
            .bind(new.practitioner)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(row) = row else {
                return Ok(Outcome::Discard(InsertUser::UsernameTaken));
            };
            let id: i64 = row.try_get("id")?;
            let sql = format!("SELECT {USER_COLUMNS} FROM {USER_TABLES} WHERE users.id = $1");
            let row = sqlx::query(&sql).bind(id).fetch_one(&mut *tx).await?;
            Ok(Outcome::Keep(InsertUser::Created(user_from_row(&row)?)))
        })
        .await
    }

    /// The names of the organisations, oldest first.
    pub async fn organisation_names(&self) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query("SELECT name FROM organisations ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|row| Ok(row.try_get("name")?)).collect()
    }

    /// The organisation called `name`, if there is one.
    pub async fn organisation(&self, name: &str) -> Result<Option<Organisation>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let id = organisation_id(&mut conn, name).await?;
        Ok(id.map(|id| Organisation {
            id,
            name: name.to_string(),
        }))
    }

    pub async fn user_credentials(
        &self,
        username: &str,
    ) -> Result<Option<Credentials>, StoreError> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, users.password_hash FROM {USER_TABLES} WHERE users.username = $1"
        );
        let row = sqlx::query(&sql)
            .bind(username)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| {
            Ok(Credentials {
                user: user_from_row(&row)?,
                password_hash: row.try_get("password_hash")?,
            })
        })
        .transpose()
    }

    pub async fn user(&self, id: i64) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM {USER_TABLES} WHERE users.id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// Every account, in username order.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM {USER_TABLES} ORDER BY users.username");
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        rows.iter().map(user_from_row).collect()
    }

    /// The accounts of one organisation, in username order.
    pub async fn organisation_users(&self, organisation_id: i64) -> Result<Vec<User>, StoreError> {
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM {USER_TABLES} \
             WHERE users.organisation_id = $1 ORDER BY users.username"
        );
        let rows = sqlx::query(&sql)
            .bind(organisation_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(user_from_row).collect()
    }

    pub async fn user_count(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// Changes a role, if the account is still at version `based_on`: the
    /// version is checked by the statement that writes, so of two changes made
    /// from one version exactly one is made.
    pub async fn set_user_role(
        &self,
        id: i64,
        role: Role,
        based_on: i64,
        audit: &AuditEntry<'_>,
    ) -> Result<RoleChange, StoreError> {
        self.write_account(audit, async |tx| {
            let changed = sqlx::query(
                "UPDATE users SET role = $1, version = version + 1 WHERE id = $2 AND version = $3",
            )
            .bind(role.code())
            .bind(id)
            .bind(based_on)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed > 0 {
                return Ok(Outcome::Keep(RoleChange::Changed));
            }
            let found = sqlx::query("SELECT version FROM users WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            Ok(Outcome::Discard(match found {
                Some(row) => RoleChange::Conflict {
                    version: row.try_get("version")?,
                },
                None => RoleChange::NoSuchUser,
            }))
        })
        .await
    }

    /// Stops an account signing in and ends its sessions; false when there is no such user.
    pub async fn disable_user(&self, id: i64, audit: &AuditEntry<'_>) -> Result<bool, StoreError> {
        self.set_disabled_at(id, Some(timestamp_text(audit.at)), audit)
            .await
    }

    /// Lets a disabled account sign in again; false when there is no such disabled user.
    pub async fn enable_user(&self, id: i64, audit: &AuditEntry<'_>) -> Result<bool, StoreError> {
        self.set_disabled_at(id, None, audit).await
    }

    /// Disables (`Some` time) or enables (`None`) an account that is not so already,
    /// ending its sessions when it is disabled; false when nothing changed.
    async fn set_disabled_at(
        &self,
        id: i64,
        disabled_at: Option<String>,
        audit: &AuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        let disabling = disabled_at.is_some();
        let sql = if disabling {
            "UPDATE users SET disabled_at = $1, version = version + 1
             WHERE id = $2 AND disabled_at IS NULL"
        } else {
            "UPDATE users SET disabled_at = $1, version = version + 1
             WHERE id = $2 AND disabled_at IS NOT NULL"
        };
        self.write_account(audit, async |tx| {
            let changed = sqlx::query(sql)
                .bind(disabled_at.clone())
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if disabling && changed > 0 {
                end_sessions(tx, id, None).await?;
            }
            Ok(kept_if(changed > 0))
        })
        .await
    }

    /// Replaces a hash with one of the same password made under stronger parameters;
    /// not audited, since nothing the person chose has changed.
    pub async fn set_password_hash(&self, id: i64, password_hash: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Sets a new password and ends the account's sessions, except `keep_session`
    /// when the owners change it themselves and stay signed in.
    pub async fn change_password(
        &self,
        id: i64,
        password_hash: &str,
        keep_session: Option<&str>,
        audit: &AuditEntry<'_>,
    ) -> Result<(), StoreError> {
        self.write_account(audit, async |tx| {
            sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                .bind(password_hash)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            end_sessions(tx, id, keep_session).await?;
            Ok(Outcome::Keep(()))
        })
        .await
    }

    /// Starts a session, recording the sign-in with it; expired sessions are swept at the same time.
    pub async fn insert_session(
        &self,
        new: &NewSession<'_>,
        audit: &AuditEntry<'_>,
    ) -> Result<(), StoreError> {
        self.write_audited(audit, async |tx| {
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                .bind(timestamp_text(new.now))
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(new.token_hash)
            .bind(new.user_id)
            .bind(new.csrf_token)
            .bind(timestamp_text(new.now))
            .bind(timestamp_text(new.expires_at))
            .execute(&mut *tx)
            .await?;
            Ok(Outcome::Keep(()))
        })
        .await
    }

    /// The user of a session that has not expired and whose account is
    /// enabled, as read within the last second (see `sessions.rs`).
    pub async fn session_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<SessionUser>, StoreError> {
        if let Some(kept) = self.sessions.get(token_hash) {
            return Ok(Some(kept));
        }
        let start = self.sessions.start_read();
        let sql = format!(
            "SELECT {USER_COLUMNS}, sessions.csrf_token FROM {USER_TABLES} \
             JOIN sessions ON sessions.user_id = users.id \
             WHERE sessions.token_hash = $1 AND sessions.expires_at > $2 AND users.disabled_at IS NULL"
        );
        let row = sqlx::query(&sql)
            .bind(token_hash)
            .bind(timestamp_text(now))
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let session = SessionUser {
            user: user_from_row(&row)?,
            csrf_token: row.try_get("csrf_token")?,
        };
        self.sessions.keep(token_hash, &session, start);
        Ok(Some(session))
    }

    /// [`Store::write_audited`] for a change to accounts or sessions: every
    /// session kept in memory is forgotten once it is made, so the change
    /// holds from the next request on.
    async fn write_account<T>(
        &self,
        audit: &AuditEntry<'_>,
        write: impl AsyncFnOnce(&mut AnyConnection) -> Result<Outcome<T>, StoreError>,
    ) -> Result<T, StoreError> {
        let written = self.write_audited(audit, write).await;
        self.sessions.forget_all();
        written
    }

    /// Ends a session, recording the sign-out with it.
    pub async fn delete_session(
        &self,
        token_hash: &str,
        audit: &AuditEntry<'_>,
    ) -> Result<(), StoreError> {
        self.write_account(audit, async |tx| {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(&mut *tx)
                .await?;
            Ok(Outcome::Keep(()))
        })
        .await
    }
}

/// Ends the account's sessions, except `keep` when one is named.
async fn end_sessions(
    conn: &mut AnyConnection,
    user_id: i64,
    keep: Option<&str>,
) -> Result<(), StoreError> {
    let query = match keep {
        Some(keep) => sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(keep),
        None => sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id),
    };
    query.execute(conn).await?;
    Ok(())
}

/// Fixed-width UTC text, so that text order is time order.
pub(crate) fn timestamp_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub(crate) fn timestamp_from_text(
    column: &'static str,
    text: &str,
) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|error| corrupt(column, text, error))
}

fn user_from_row(row: &AnyRow) -> Result<User, StoreError> {
    let role: String = row.try_get("role")?;
    let created_at: String = row.try_get("created_at")?;
    let disabled_at: Option<String> = row.try_get("disabled_at")?;
    let practitioner: Option<String> = row.try_get("practitioner")?;
    let agency: Option<String> = row.try_get("practitioner_agency")?;
    Ok(User {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        organisation: Organisation {
            id: row.try_get("organisation_id")?,
            name: row.try_get("organisation_name")?,
        },
        practitioner: practitioner
            .zip(agency)
            .map(|(id, agency)| LinkedPractitioner {
                practitioner: PractitionerId(id),
                agency: AgencyId(agency),
            }),
        role: Role::from_code(&role)
            .ok_or_else(|| corrupt("users.role", &role, "not a known role"))?,
        created_at: timestamp_from_text("users.created_at", &created_at)?,
        disabled_at: disabled_at
            .map(|text| timestamp_from_text("users.disabled_at", &text))
            .transpose()?,
        version: row.try_get("version")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_have_a_fixed_width_so_text_order_is_time_order() {
        let early = DateTime::from_timestamp(1_000_000_000, 0).unwrap_or_default();
        let late = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        assert_eq!(timestamp_text(early), "2001-09-09T01:46:40Z");
        assert!(timestamp_text(early) < timestamp_text(late));
        assert_eq!(
            timestamp_from_text("t", &timestamp_text(late)).ok(),
            Some(late)
        );
    }
}
