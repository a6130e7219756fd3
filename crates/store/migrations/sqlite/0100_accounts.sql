-- Accounts, their sessions and the security audit log.
--
-- Timestamps are RFC 3339 text in UTC with a fixed width (`2026-11-24T05:01:37Z`),
-- so comparing them as text compares them in time on both backends.
-- Passwords are stored only as argon2id hashes and session tokens only as SHA-256
-- hashes: a copy of this database lets nobody sign in.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled_at TEXT
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- `actor` and `subject` keep the usernames as they were, so the log still reads
-- correctly after accounts change.
CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    occurred_at TEXT NOT NULL,
    actor_user_id INTEGER REFERENCES users (id),
    actor TEXT,
    action TEXT NOT NULL,
    subject TEXT,
    detail TEXT NOT NULL,
    client_address TEXT
);
