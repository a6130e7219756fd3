-- Plans and everything that hangs from them.
--
-- Dates are ISO 8601 text (`2012-03-31`), timestamps RFC 3339 text in UTC and
-- parsed values JSON text, on both backends, so one set of queries serves both.
-- Nothing a council wrote is deleted: rows that a later import no longer
-- contains are marked `retired_by` (or, for nodes, `retired_when`) and kept.

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    title TEXT NOT NULL,
    period TEXT NOT NULL,
    UNIQUE (organisation_id, name)
);

CREATE TABLE nodes (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    code TEXT NOT NULL,
    parent_code TEXT,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    position INTEGER NOT NULL,
    retired_when TEXT,
    merged_into TEXT,
    UNIQUE (plan_id, code),
    FOREIGN KEY (plan_id, parent_code) REFERENCES nodes (plan_id, code) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    key TEXT NOT NULL,
    code TEXT,
    title TEXT NOT NULL,
    definition TEXT,
    unit TEXT,
    polarity TEXT CHECK (polarity IN ('higher_is_better', 'lower_is_better', 'band')),
    polarity_source TEXT CHECK (polarity_source IN ('stated', 'inferred')),
    frequency TEXT,
    lead_officer TEXT,
    delivery_board TEXT,
    position INTEGER NOT NULL,
    retired_by TEXT,
    UNIQUE (plan_id, key)
);

CREATE TABLE indicator_objectives (
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    node_id INTEGER NOT NULL REFERENCES nodes (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (indicator_id, node_id)
);

-- The national indicator set, shared by every plan.
CREATE TABLE national_indicators (
    code TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    unit TEXT,
    polarity TEXT CHECK (polarity IN ('higher_is_better', 'lower_is_better', 'band')),
    definition TEXT
);

-- A locality belongs to one plan, or (plan_id NULL) to the organisation as a whole.
CREATE TABLE localities (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    plan_id INTEGER REFERENCES plans (id),
    name TEXT NOT NULL,
    parent TEXT,
    kind TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT,
    position INTEGER NOT NULL,
    retired_by TEXT
);
CREATE UNIQUE INDEX localities_name ON localities (organisation_id, COALESCE(plan_id, 0), name);

-- One row per slot (indicator × period × kind × locality × group). Workflow
-- columns (status, reviewer) can be added beside `updated_by` later.
CREATE TABLE observations (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    period TEXT NOT NULL,
    period_kind TEXT NOT NULL,
    period_start TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('actual', 'target', 'england', 'region', 'statistical_neighbours')),
    locality TEXT,
    breakdown_group TEXT,
    text TEXT NOT NULL,
    parsed TEXT NOT NULL,
    figure REAL,
    numerator REAL,
    denominator REAL,
    position INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    retired_by TEXT
);
CREATE UNIQUE INDEX observations_slot
    ON observations (indicator_id, period, kind, COALESCE(locality, ''), COALESCE(breakdown_group, ''));
CREATE INDEX observations_plan ON observations (plan_id);

-- Every text a slot held before it was replaced.
CREATE TABLE observation_history (
    id INTEGER PRIMARY KEY,
    observation_id INTEGER NOT NULL REFERENCES observations (id),
    text TEXT NOT NULL,
    parsed TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    replaced_at TEXT NOT NULL,
    replaced_by TEXT NOT NULL
);
CREATE INDEX observation_history_slot ON observation_history (observation_id);

CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    node_id INTEGER NOT NULL REFERENCES nodes (id),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    timescale TEXT,
    due TEXT,
    owner TEXT,
    retired_by TEXT
);
CREATE INDEX milestones_plan ON milestones (plan_id);

CREATE TABLE milestone_indicators (
    milestone_id INTEGER NOT NULL REFERENCES milestones (id),
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (milestone_id, indicator_id)
);
