//! Register accesses written in groups. Every search and every record opened
//! is audited before its page is answered. Written one transaction each, a
//! hundred practitioners searching at once would queue for the database's
//! one writer (on SQLite by polling its lock) and pay a commit each. Instead
//! an access joins a queue; one task writes all that have gathered in one
//! transaction (and a hundred to a statement) while the next ones gather,
//! and tells each waiter how its own row went. A page is still answered only
//! once its access is committed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, AnyPool};
use tokio::sync::oneshot;
use trustboard_core::register::ChildId;

use crate::connect::{begin_write, Backend};
use crate::error::StoreError;

use super::access::{insert_accesses, RegisterAccess, RegisterAction};
use super::error::RegisterError;
use super::rows::existing_organisation;
use super::steps::child_row;

/// At most this many accesses to one transaction, so a burst is committed
/// in parts rather than held back until all of it is written.
const MOST_PER_TRANSACTION: usize = 512;

/// The accesses waiting to be written and whether a task is writing them.
#[derive(Debug)]
pub(crate) struct AccessLog {
    pool: AnyPool,
    backend: Backend,
    queue: Mutex<Queue>,
}

#[derive(Debug, Default)]
struct Queue {
    waiting: Vec<Pending>,
    writing: bool,
}

/// An access as it waits: owned, to cross to the writing task.
#[derive(Debug)]
struct Pending {
    organisation: String,
    actor: String,
    action: RegisterAction,
    child: Option<ChildId>,
    detail: String,
    at: DateTime<Utc>,
    done: oneshot::Sender<Result<(), RegisterError>>,
}

impl Pending {
    fn access(&self) -> RegisterAccess<'_> {
        RegisterAccess {
            actor: &self.actor,
            action: self.action,
            child: self.child.as_ref(),
            detail: &self.detail,
            at: self.at,
        }
    }
}

impl AccessLog {
    pub(crate) fn new(pool: AnyPool, backend: Backend) -> Arc<AccessLog> {
        Arc::new(AccessLog {
            pool,
            backend,
            queue: Mutex::default(),
        })
    }

    fn queue(&self) -> MutexGuard<'_, Queue> {
        // The queue is whole between statements: a holder cannot leave it half-changed.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues `access` and waits until it is committed or refused.
    pub(crate) async fn record(
        self: &Arc<Self>,
        organisation: &str,
        access: &RegisterAccess<'_>,
    ) -> Result<(), RegisterError> {
        let (done, heard) = oneshot::channel();
        let pending = Pending {
            organisation: organisation.to_owned(),
            actor: access.actor.to_owned(),
            action: access.action,
            child: access.child.cloned(),
            detail: access.detail.to_owned(),
            at: access.at,
            done,
        };
        let start_writer = {
            let mut queue = self.queue();
            queue.waiting.push(pending);
            !std::mem::replace(&mut queue.writing, true)
        };
        // A task of its own: a request given up half way must not strand
        // the accesses of others it was writing.
        if start_writer {
            tokio::spawn(Writer(Arc::clone(self)).write_while_waiting());
        }
        heard.await.unwrap_or_else(|_| {
            Err(StoreError::AccessNotRecorded {
                reason: "the task writing it stopped".to_owned(),
            }
            .into())
        })
    }
}

/// The one task writing the queue.
struct Writer(Arc<AccessLog>);

impl Writer {
    async fn write_while_waiting(self) {
        loop {
            let batch: Vec<Pending> = {
                let mut queue = self.0.queue();
                if queue.waiting.is_empty() {
                    queue.writing = false;
                    return;
                }
                let n = queue.waiting.len().min(MOST_PER_TRANSACTION);
                queue.waiting.drain(..n).collect()
            };
            self.write(batch).await;
        }
    }

    /// Writes `batch` in one transaction and answers each of its waiters.
    async fn write(&self, batch: Vec<Pending>) {
        let mut refusals: Vec<Option<RegisterError>> = batch.iter().map(|_| None).collect();
        let outcome = self.write_rows(&batch, &mut refusals).await;
        for (pending, refusal) in batch.into_iter().zip(refusals) {
            let result = match (refusal, &outcome) {
                (Some(refused), _) => Err(refused),
                (None, Ok(())) => Ok(()),
                (None, Err(error)) => Err(StoreError::AccessNotRecorded {
                    reason: error.to_string(),
                }
                .into()),
            };
            // A waiter that has gone needs no answer.
            let _ = pending.done.send(result);
        }
    }

    /// Inserts each access of `batch` but those naming an organisation or a
    /// child the register does not have, whose refusals go in `refusals`.
    async fn write_rows(
        &self,
        batch: &[Pending],
        refusals: &mut [Option<RegisterError>],
    ) -> Result<(), StoreError> {
        let mut tx = begin_write(&self.0.pool, self.0.backend).await?;
        let mut organisations: HashMap<&str, i64> = HashMap::new();
        let mut rows = Vec::with_capacity(batch.len());
        for (pending, refusal) in batch.iter().zip(refusals.iter_mut()) {
            match whom(&mut tx, &mut organisations, pending).await {
                Ok((organisation_id, pseudonym)) => {
                    rows.push((organisation_id, pseudonym, pending))
                }
                // A failed statement ends the whole transaction on PostgreSQL.
                Err(RegisterError::Store(error)) => return Err(error),
                Err(refused) => *refusal = Some(refused),
            }
        }
        let accesses: Vec<_> = rows
            .iter()
            .map(|(organisation_id, pseudonym, pending)| {
                (*organisation_id, pseudonym.as_deref(), pending.access())
            })
            .collect();
        insert_accesses(&mut tx, &accesses).await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Drop for Writer {
    /// Should writing panic, the waiters hear so rather than wait for ever,
    /// and the next access starts a writer again.
    fn drop(&mut self) {
        if !std::thread::panicking() {
            return;
        }
        let mut queue = self.0.queue();
        queue.writing = false;
        for pending in queue.waiting.drain(..) {
            let _ = pending.done.send(Err(StoreError::AccessNotRecorded {
                reason: "the task writing it failed".to_owned(),
            }
            .into()));
        }
    }
}

/// The organisation's row id and the child's pseudonym an access is written
/// with, reading each organisation once a transaction.
async fn whom<'a>(
    conn: &mut AnyConnection,
    organisations: &mut HashMap<&'a str, i64>,
    pending: &'a Pending,
) -> Result<(i64, Option<String>), RegisterError> {
    let organisation = pending.organisation.as_str();
    let organisation_id = match organisations.get(organisation) {
        Some(id) => *id,
        None => {
            let id = existing_organisation(conn, organisation).await?;
            organisations.insert(organisation, id);
            id
        }
    };
    let pseudonym = match &pending.child {
        Some(child) => Some(
            child_row(conn, organisation_id, organisation, child)
                .await?
                .pseudonym,
        ),
        None => None,
    };
    Ok((organisation_id, pseudonym))
}
