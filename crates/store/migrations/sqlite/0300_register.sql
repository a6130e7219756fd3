-- The early-help register: children, agencies, practitioners, each child's
-- steps, the audit of who looked at what, erasure decisions, and which plan
-- indicator each register measure feeds.
--
-- Every row carries organisation_id: one database can hold several
-- partnerships' registers and no query crosses between them.
-- Dates are ISO 8601 text; timestamps fixed-width RFC 3339 text in UTC
-- (`2026-11-24T05:01:37Z`), so comparing them as text compares them in time.

CREATE TABLE register_agencies (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    reference TEXT NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (organisation_id, reference)
);

CREATE TABLE register_practitioners (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    reference TEXT NOT NULL,
    name TEXT NOT NULL,
    agency TEXT NOT NULL,
    UNIQUE (organisation_id, reference),
    FOREIGN KEY (organisation_id, agency) REFERENCES register_agencies (organisation_id, reference)
);

-- `reference` is the council's own id for the child; `pseudonym` is a random
-- id that names nobody, used by the audit so that it survives erasure.
-- `version` is the number of steps recorded.
CREATE TABLE register_children (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    reference TEXT NOT NULL,
    pseudonym TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    date_of_birth TEXT,
    gender TEXT NOT NULL,
    ethnicity TEXT,
    setting TEXT,
    locality TEXT,
    family TEXT,
    flags TEXT NOT NULL,
    opened TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    UNIQUE (organisation_id, reference)
);

-- Append-only in use: a child's record is these steps replayed in `seq`
-- order through the core's rules. `payload` is the step as JSON.
CREATE TABLE register_steps (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    child_id INTEGER NOT NULL REFERENCES register_children (id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    payload TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (child_id, seq)
);

-- Who viewed, searched, exported or erased what. `child_pseudonym` is never
-- the child's reference or name, so the log keeps its rows after erasure and
-- names no one once the child's row is gone. The triggers below refuse every
-- UPDATE and DELETE.
CREATE TABLE register_audit (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    occurred_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    child_pseudonym TEXT,
    detail TEXT NOT NULL
);
CREATE INDEX register_audit_by_child ON register_audit (child_pseudonym);
CREATE INDEX register_audit_by_actor ON register_audit (actor);

CREATE TRIGGER register_audit_no_update BEFORE UPDATE ON register_audit
BEGIN
    SELECT RAISE(ABORT, 'the register audit is append-only: rows cannot be changed');
END;

CREATE TRIGGER register_audit_no_delete BEFORE DELETE ON register_audit
BEGIN
    SELECT RAISE(ABORT, 'the register audit is append-only: rows cannot be deleted');
END;

-- The decision to erase a child's record: who, when and why. It names the
-- child only by pseudonym.
CREATE TABLE register_erasures (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    child_pseudonym TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    reason TEXT NOT NULL
);

-- A register measure (`caf_within_15_working_days` …) feeding a plan indicator.
CREATE TABLE register_measure_mappings (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    measure TEXT NOT NULL,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    indicator_key TEXT NOT NULL,
    UNIQUE (organisation_id, measure, plan_id)
);
