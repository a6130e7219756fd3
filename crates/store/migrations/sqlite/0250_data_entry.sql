-- Entering figures through the web: who owns what, entries and their
-- sign-off, commentary, and the status and notes of action-plan milestones.
-- Timestamps are fixed-width RFC 3339 text in UTC, like the accounts tables.

-- The lead officer answerable for an indicator or a milestone.
CREATE TABLE indicator_owners (
    indicator_id INTEGER PRIMARY KEY REFERENCES indicators (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    assigned_at TEXT NOT NULL,
    assigned_by INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX indicator_owners_user ON indicator_owners (user_id);

CREATE TABLE milestone_owners (
    milestone_id INTEGER PRIMARY KEY REFERENCES milestones (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    assigned_at TEXT NOT NULL,
    assigned_by INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX milestone_owners_user ON milestone_owners (user_id);

-- An out-turn entered for one slot (indicator × period × locality × group),
-- moving draft → submitted → approved or returned. `base_version` is the
-- version of the stored value the author saw, so approval can refuse to
-- overwrite a figure someone else changed meanwhile.
CREATE TABLE submissions (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    period TEXT NOT NULL,
    locality TEXT,
    breakdown_group TEXT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
    text TEXT NOT NULL,
    parsed TEXT NOT NULL,
    commentary TEXT NOT NULL,
    commentary_internal INTEGER NOT NULL,
    base_version INTEGER NOT NULL,
    author_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT,
    decided_at TEXT,
    decided_by INTEGER REFERENCES users (id),
    return_reason TEXT
);
CREATE INDEX submissions_plan_status ON submissions (plan_id, status);
CREATE INDEX submissions_slot ON submissions (indicator_id, period);

-- Dated commentary on an indicator, written when an entry is submitted.
CREATE TABLE commentary (
    id INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    period TEXT NOT NULL,
    text TEXT NOT NULL,
    internal INTEGER NOT NULL,
    author_id INTEGER NOT NULL REFERENCES users (id),
    written_at TEXT NOT NULL,
    submission_id INTEGER REFERENCES submissions (id)
);
CREATE INDEX commentary_indicator ON commentary (indicator_id);

-- A milestone's delivery status; no row means none has been recorded.
CREATE TABLE milestone_status (
    milestone_id INTEGER PRIMARY KEY REFERENCES milestones (id),
    status TEXT NOT NULL CHECK (status IN ('not_started', 'on_track', 'at_risk', 'complete')),
    updated_at TEXT NOT NULL,
    updated_by INTEGER NOT NULL REFERENCES users (id)
);

CREATE TABLE milestone_notes (
    id INTEGER PRIMARY KEY,
    milestone_id INTEGER NOT NULL REFERENCES milestones (id),
    text TEXT NOT NULL,
    author_id INTEGER NOT NULL REFERENCES users (id),
    written_at TEXT NOT NULL
);
CREATE INDEX milestone_notes_milestone ON milestone_notes (milestone_id);
