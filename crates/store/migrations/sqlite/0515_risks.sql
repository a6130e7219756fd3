-- A plan's risk register. Each risk belongs to a plan (and so to its
-- organisation, kept on the row too); a risk of a project can later gain a
-- nullable project column by ALTER TABLE ADD COLUMN, without rebuilding this
-- table. Ratings are 1 to 5; scores and bands are worked out, never stored.
-- `version` counts the changes: a change names the version it was made
-- from and the statement that writes checks it, so of two changes made from
-- one version exactly one is made.
CREATE TABLE risks (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    number INTEGER NOT NULL,
    description TEXT NOT NULL,
    owner TEXT NOT NULL,
    inherent_likelihood INTEGER NOT NULL,
    inherent_impact INTEGER NOT NULL,
    residual_likelihood INTEGER NOT NULL,
    residual_impact INTEGER NOT NULL,
    controls TEXT NOT NULL,
    review_date TEXT NOT NULL,
    trend TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (plan_id, number)
);

-- Every change to a risk, field by field: who, when, the text before (none
-- when the risk was added) and after, and the version it made.
CREATE TABLE risk_history (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    risk_id INTEGER NOT NULL REFERENCES risks (id),
    version INTEGER NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    field TEXT NOT NULL,
    old_text TEXT,
    new_text TEXT NOT NULL
);

CREATE INDEX risk_history_by_risk ON risk_history (risk_id, id);
