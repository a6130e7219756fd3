-- Every table of an organisation's plans and register is keyed by the
-- organisation, as on PostgreSQL (see the migration of the same number
-- there): every foreign key between these tables carries organisation_id on
-- both sides and every unique constraint includes it. Tables keep
-- `id INTEGER PRIMARY KEY`, SQLite's fast rowid key; a table other tables
-- refer to also has UNIQUE (id, organisation_id), which their composite
-- foreign keys point at.
--
-- SQLite cannot change a table's foreign keys in place, so each table whose
-- keys change is renamed, made again and copied; the tables that gain
-- organisation_id take it from their parent (the column goes last, where
-- PostgreSQL's ADD COLUMN puts it). Renaming a table rewrites the references
-- to it, so the old tables only refer to each other and are dropped
-- children first.
PRAGMA defer_foreign_keys = ON;

CREATE UNIQUE INDEX plans_organisation_key ON plans (id, organisation_id);
CREATE UNIQUE INDEX register_children_organisation_key ON register_children (id, organisation_id);
CREATE UNIQUE INDEX return_imports_organisation_key ON return_imports (id, organisation_id);

ALTER TABLE nodes RENAME TO nodes_old;
ALTER TABLE indicators RENAME TO indicators_old;
ALTER TABLE indicator_objectives RENAME TO indicator_objectives_old;
ALTER TABLE localities RENAME TO localities_old;
ALTER TABLE observations RENAME TO observations_old;
ALTER TABLE observation_history RENAME TO observation_history_old;
ALTER TABLE milestones RENAME TO milestones_old;
ALTER TABLE milestone_indicators RENAME TO milestone_indicators_old;
ALTER TABLE indicator_polarity_history RENAME TO indicator_polarity_history_old;
ALTER TABLE indicator_owners RENAME TO indicator_owners_old;
ALTER TABLE milestone_owners RENAME TO milestone_owners_old;
ALTER TABLE submissions RENAME TO submissions_old;
ALTER TABLE commentary RENAME TO commentary_old;
ALTER TABLE milestone_status RENAME TO milestone_status_old;
ALTER TABLE milestone_notes RENAME TO milestone_notes_old;
ALTER TABLE register_steps RENAME TO register_steps_old;
ALTER TABLE register_measure_mappings RENAME TO register_measure_mappings_old;
ALTER TABLE return_rows RENAME TO return_rows_old;
ALTER TABLE return_values RENAME TO return_values_old;
ALTER TABLE projects RENAME TO projects_old;
ALTER TABLE project_reports RENAME TO project_reports_old;
ALTER TABLE risks RENAME TO risks_old;
ALTER TABLE risk_history RENAME TO risk_history_old;
ALTER TABLE budget_links RENAME TO budget_links_old;
ALTER TABLE resource_tables RENAME TO resource_tables_old;
ALTER TABLE resource_rows RENAME TO resource_rows_old;
ALTER TABLE resource_figures RENAME TO resource_figures_old;
ALTER TABLE plan_links RENAME TO plan_links_old;
ALTER TABLE outcome_links RENAME TO outcome_links_old;
ALTER TABLE indicator_links RENAME TO indicator_links_old;
ALTER TABLE statements RENAME TO statements_old;
ALTER TABLE plan_changes RENAME TO plan_changes_old;

CREATE TABLE nodes (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL,
    code TEXT NOT NULL,
    parent_code TEXT,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    position INTEGER NOT NULL,
    retired_when TEXT,
    merged_into TEXT,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    UNIQUE (id, organisation_id),
    UNIQUE (plan_id, code, organisation_id),
    FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id),
    FOREIGN KEY (plan_id, parent_code, organisation_id)
        REFERENCES nodes (plan_id, code, organisation_id) DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO nodes SELECT o.*, p.organisation_id FROM nodes_old o JOIN plans p ON p.id = o.plan_id;

CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL,
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
    polarity_version INTEGER NOT NULL DEFAULT 1,
    owner_version INTEGER NOT NULL DEFAULT 1,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    UNIQUE (id, organisation_id),
    UNIQUE (plan_id, key, organisation_id),
    FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id)
);
INSERT INTO indicators SELECT o.*, p.organisation_id FROM indicators_old o JOIN plans p ON p.id = o.plan_id;

CREATE TABLE indicator_objectives (
    indicator_id INTEGER NOT NULL,
    node_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (indicator_id, node_id, organisation_id),
    FOREIGN KEY (indicator_id, organisation_id) REFERENCES indicators (id, organisation_id),
    FOREIGN KEY (node_id, organisation_id) REFERENCES nodes (id, organisation_id)
);
INSERT INTO indicator_objectives
SELECT o.*, i.organisation_id FROM indicator_objectives_old o JOIN indicators i ON i.id = o.indicator_id;

CREATE TABLE localities (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    plan_id INTEGER,
    name TEXT NOT NULL,
    parent TEXT,
    kind TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT,
    position INTEGER NOT NULL,
    retired_by TEXT,
    FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id)
);
INSERT INTO localities SELECT * FROM localities_old;

CREATE TABLE observations (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL,
    indicator_id INTEGER NOT NULL,
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
    retired_by TEXT,
    set_by TEXT,
    agreed_on TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    UNIQUE (id, organisation_id),
    FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id),
    FOREIGN KEY (indicator_id, organisation_id) REFERENCES indicators (id, organisation_id)
);
INSERT INTO observations SELECT o.*, p.organisation_id FROM observations_old o JOIN plans p ON p.id = o.plan_id;

CREATE TABLE observation_history (
    id INTEGER PRIMARY KEY,
    observation_id INTEGER NOT NULL,
    text TEXT NOT NULL,
    parsed TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    replaced_at TEXT NOT NULL,
    replaced_by TEXT NOT NULL,
    set_by TEXT,
    agreed_on TEXT,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    FOREIGN KEY (observation_id, organisation_id) REFERENCES observations (id, organisation_id)
);
INSERT INTO observation_history
SELECT h.*, o.organisation_id FROM observation_history_old h JOIN observations o ON o.id = h.observation_id;

CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL,
    node_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    timescale TEXT,
    due TEXT,
    owner TEXT,
    retired_by TEXT,
    status_version INTEGER NOT NULL DEFAULT 1,
    owner_version INTEGER NOT NULL DEFAULT 1,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    UNIQUE (id, organisation_id),
    FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id),
    FOREIGN KEY (node_id, organisation_id) REFERENCES nodes (id, organisation_id)
);
INSERT INTO milestones SELECT o.*, p.organisation_id FROM milestones_old o JOIN plans p ON p.id = o.plan_id;

CREATE TABLE milestone_indicators (
    milestone_id INTEGER NOT NULL,
    indicator_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (milestone_id, indicator_id, organisation_id),
    FOREIGN KEY (milestone_id, organisation_id) REFERENCES milestones (id, organisation_id),
    FOREIGN KEY (indicator_id, organisation_id) REFERENCES indicators (id, organisation_id)
);
INSERT INTO milestone_indicators
SELECT o.*, m.organisation_id FROM milestone_indicators_old o JOIN milestones m ON m.id = o.milestone_id;

CREATE TABLE indicator_polarity_history (
    id INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL,
    old_polarity TEXT,
    old_source TEXT,
    new_polarity TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    FOREIGN KEY (indicator_id, organisation_id) REFERENCES indicators (id, organisation_id)
);
INSERT INTO indicator_polarity_history
SELECT o.*, i.organisation_id FROM indicator_polarity_history_old o JOIN indicators i ON i.id = o.indicator_id;

CREATE TABLE indicator_owners (
    indicator_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id),
    assigned_at TEXT NOT NULL,
    assigned_by INTEGER NOT NULL REFERENCES users (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (indicator_id, organisation_id),
    FOREIGN KEY (indicator_id, organisation_id) REFERENCES indicators (id, organisation_id)
);
INSERT INTO indicator_owners
SELECT o.*, i.organisation_id FROM indicator_owners_old o JOIN indicators i ON i.id = o.indicator_id;

CREATE TABLE milestone_owners (
    milestone_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id),
    assigned_at TEXT NOT NULL,
    assigned_by INTEGER NOT NULL REFERENCES users (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (milestone_id, organisation_id),
    FOREIGN KEY (milestone_id, organisation_id) REFERENCES milestones (id, organisation_id)
);
INSERT INTO milestone_owners
SELECT o.*, m.organisation_id FROM milestone_owners_old o JOIN milestones m ON m.id = o.milestone_id;

CREATE TABLE submissions (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL,
    indicator_id INTEGER NOT NULL,
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
    return_reason TEXT,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    UNIQUE (id, organisation_id),
    FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id),
    FOREIGN KEY (indicator_id, organisation_id) REFERENCES indicators (id, organisation_id)
);
INSERT INTO submissions SELECT o.*, p.organisation_id FROM submissions_old o JOIN plans p ON p.id = o.plan_id;

CREATE TABLE commentary (
    id INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL,
    period TEXT NOT NULL,
    text TEXT NOT NULL,
    internal INTEGER NOT NULL,
    author_id INTEGER NOT NULL REFERENCES users (id),
    written_at TEXT NOT NULL,
    submission_id INTEGER,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    FOREIGN KEY (indicator_id, organisation_id) REFERENCES indicators (id, organisation_id),
    FOREIGN KEY (submission_id, organisation_id) REFERENCES submissions (id, organisation_id)
);
INSERT INTO commentary SELECT o.*, i.organisation_id FROM commentary_old o JOIN indicators i ON i.id = o.indicator_id;

CREATE TABLE milestone_status (
    milestone_id INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('not_started', 'on_track', 'at_risk', 'complete')),
    updated_at TEXT NOT NULL,
    updated_by INTEGER NOT NULL REFERENCES users (id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (milestone_id, organisation_id),
    FOREIGN KEY (milestone_id, organisation_id) REFERENCES milestones (id, organisation_id)
);
INSERT INTO milestone_status
SELECT o.*, m.organisation_id FROM milestone_status_old o JOIN milestones m ON m.id = o.milestone_id;

CREATE TABLE milestone_notes (
    id INTEGER PRIMARY KEY,
    milestone_id INTEGER NOT NULL,
    text TEXT NOT NULL,
    author_id INTEGER NOT NULL REFERENCES users (id),
    written_at TEXT NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    FOREIGN KEY (milestone_id, organisation_id) REFERENCES milestones (id, organisation_id)
);
INSERT INTO milestone_notes
SELECT o.*, m.organisation_id FROM milestone_notes_old o JOIN milestones m ON m.id = o.milestone_id;

CREATE TABLE register_steps (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    child_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    payload TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (child_id, seq, organisation_id),
    FOREIGN KEY (child_id, organisation_id) REFERENCES register_children (id, organisation_id)
);
INSERT INTO register_steps SELECT * FROM register_steps_old;

CREATE TABLE register_measure_mappings (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    measure TEXT NOT NULL,
    plan_id INTEGER NOT NULL,
    indicator_key TEXT NOT NULL,
    UNIQUE (organisation_id, measure, plan_id),
    FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id)
);
INSERT INTO register_measure_mappings SELECT * FROM register_measure_mappings_old;

CREATE TABLE return_rows (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    import_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    table_name TEXT NOT NULL,
    child TEXT NOT NULL,
    source TEXT NOT NULL,
    fields TEXT NOT NULL,
    UNIQUE (import_id, seq, organisation_id),
    FOREIGN KEY (import_id, organisation_id) REFERENCES return_imports (id, organisation_id)
);
INSERT INTO return_rows SELECT * FROM return_rows_old;

CREATE TABLE return_values (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    plan_id INTEGER NOT NULL,
    indicator_key TEXT NOT NULL,
    collection TEXT NOT NULL,
    year INTEGER NOT NULL,
    code TEXT NOT NULL,
    rule TEXT NOT NULL,
    numerator INTEGER NOT NULL,
    denominator INTEGER,
    affected_by TEXT NOT NULL,
    UNIQUE (plan_id, indicator_key, year, organisation_id),
    FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id)
);
INSERT INTO return_values SELECT * FROM return_values_old;

CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    plan_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    line INTEGER NOT NULL,
    group_name TEXT NOT NULL,
    title TEXT NOT NULL,
    title_original TEXT NOT NULL,
    lead TEXT NOT NULL,
    lead_original TEXT NOT NULL,
    lead_services TEXT NOT NULL,
    deliverables TEXT NOT NULL,
    deliverables_original TEXT NOT NULL,
    priority TEXT NOT NULL,
    priority_original TEXT NOT NULL,
    priority_references TEXT NOT NULL,
    source TEXT NOT NULL,
    -- A project a later import no longer holds but that has reports is kept, retired.
    retired INTEGER NOT NULL DEFAULT 0,
    UNIQUE (id, organisation_id),
    FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id)
);
INSERT INTO projects SELECT * FROM projects_old;

CREATE TABLE project_reports (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    project_id INTEGER NOT NULL,
    period TEXT NOT NULL,
    progress TEXT NOT NULL,
    rag TEXT NOT NULL,
    commentary TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    author_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by INTEGER REFERENCES users (id),
    return_reason TEXT,
    FOREIGN KEY (project_id, organisation_id) REFERENCES projects (id, organisation_id)
);
INSERT INTO project_reports SELECT * FROM project_reports_old;

CREATE TABLE risks (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    plan_id INTEGER NOT NULL,
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
    project_id INTEGER,
    UNIQUE (id, organisation_id),
    UNIQUE (plan_id, number, organisation_id),
    FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id),
    FOREIGN KEY (project_id, organisation_id) REFERENCES projects (id, organisation_id)
);
INSERT INTO risks SELECT * FROM risks_old;

CREATE TABLE risk_history (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    risk_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    field TEXT NOT NULL,
    old_text TEXT,
    new_text TEXT NOT NULL,
    FOREIGN KEY (risk_id, organisation_id) REFERENCES risks (id, organisation_id)
);
INSERT INTO risk_history SELECT * FROM risk_history_old;

CREATE TABLE budget_links (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    plan_id INTEGER NOT NULL,
    table_position INTEGER NOT NULL,
    row_position INTEGER NOT NULL,
    label TEXT NOT NULL,
    node_code TEXT NOT NULL,
    share TEXT NOT NULL,
    linked_at TEXT NOT NULL,
    linked_by TEXT,
    UNIQUE (plan_id, table_position, row_position, node_code, organisation_id),
    FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id)
);
INSERT INTO budget_links SELECT * FROM budget_links_old;

CREATE TABLE resource_tables (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    plan_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    year TEXT NOT NULL,
    previous_year TEXT NOT NULL,
    source TEXT NOT NULL,
    UNIQUE (id, organisation_id),
    UNIQUE (plan_id, position, organisation_id),
    FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id)
);
INSERT INTO resource_tables SELECT * FROM resource_tables_old;

CREATE TABLE resource_rows (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    table_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    line INTEGER NOT NULL,
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    owner TEXT NOT NULL,
    UNIQUE (id, organisation_id),
    UNIQUE (table_id, position, organisation_id),
    FOREIGN KEY (table_id, organisation_id) REFERENCES resource_tables (id, organisation_id) ON DELETE CASCADE
);
INSERT INTO resource_rows SELECT * FROM resource_rows_old;

CREATE TABLE resource_figures (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    row_id INTEGER NOT NULL,
    column_key TEXT NOT NULL,
    text TEXT NOT NULL,
    amount TEXT,
    PRIMARY KEY (row_id, column_key, organisation_id),
    FOREIGN KEY (row_id, organisation_id) REFERENCES resource_rows (id, organisation_id) ON DELETE CASCADE
);
INSERT INTO resource_figures SELECT * FROM resource_figures_old;

CREATE TABLE plan_links (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    earlier_plan_id INTEGER NOT NULL,
    later_plan_id INTEGER NOT NULL,
    linked_at TEXT NOT NULL,
    linked_by TEXT NOT NULL,
    UNIQUE (id, organisation_id),
    UNIQUE (earlier_plan_id, later_plan_id, organisation_id),
    CHECK (earlier_plan_id <> later_plan_id),
    FOREIGN KEY (earlier_plan_id, organisation_id) REFERENCES plans (id, organisation_id),
    FOREIGN KEY (later_plan_id, organisation_id) REFERENCES plans (id, organisation_id)
);
INSERT INTO plan_links SELECT * FROM plan_links_old;

CREATE TABLE outcome_links (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    plan_link_id INTEGER NOT NULL,
    earlier_code TEXT NOT NULL,
    fate TEXT NOT NULL CHECK (fate IN ('continued', 'merged_into', 'deleted')),
    later_code TEXT,
    UNIQUE (plan_link_id, earlier_code, organisation_id),
    CHECK ((fate = 'deleted') = (later_code IS NULL)),
    FOREIGN KEY (plan_link_id, organisation_id) REFERENCES plan_links (id, organisation_id)
);
INSERT INTO outcome_links SELECT * FROM outcome_links_old;

CREATE TABLE indicator_links (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    plan_link_id INTEGER NOT NULL,
    earlier_key TEXT NOT NULL,
    later_key TEXT NOT NULL,
    UNIQUE (plan_link_id, earlier_key, later_key, organisation_id),
    FOREIGN KEY (plan_link_id, organisation_id) REFERENCES plan_links (id, organisation_id)
);
INSERT INTO indicator_links SELECT * FROM indicator_links_old;

CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL,
    indicator_id INTEGER NOT NULL,
    period TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('rag', 'trend', 'comment')),
    text TEXT NOT NULL,
    position INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    UNIQUE (indicator_id, period, kind, organisation_id),
    FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id),
    FOREIGN KEY (indicator_id, organisation_id) REFERENCES indicators (id, organisation_id)
);
INSERT INTO statements SELECT o.*, p.organisation_id FROM statements_old o JOIN plans p ON p.id = o.plan_id;

CREATE TABLE plan_changes (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    plan_id INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    indicator TEXT,
    FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id)
);
INSERT INTO plan_changes SELECT * FROM plan_changes_old;

DROP TABLE plan_changes_old;
DROP TABLE statements_old;
DROP TABLE indicator_links_old;
DROP TABLE outcome_links_old;
DROP TABLE plan_links_old;
DROP TABLE resource_figures_old;
DROP TABLE resource_rows_old;
DROP TABLE resource_tables_old;
DROP TABLE budget_links_old;
DROP TABLE risk_history_old;
DROP TABLE risks_old;
DROP TABLE project_reports_old;
DROP TABLE projects_old;
DROP TABLE return_values_old;
DROP TABLE return_rows_old;
DROP TABLE register_measure_mappings_old;
DROP TABLE register_steps_old;
DROP TABLE milestone_notes_old;
DROP TABLE milestone_status_old;
DROP TABLE commentary_old;
DROP TABLE submissions_old;
DROP TABLE milestone_owners_old;
DROP TABLE indicator_owners_old;
DROP TABLE indicator_polarity_history_old;
DROP TABLE milestone_indicators_old;
DROP TABLE milestones_old;
DROP TABLE observation_history_old;
DROP TABLE observations_old;
DROP TABLE localities_old;
DROP TABLE indicator_objectives_old;
DROP TABLE indicators_old;
DROP TABLE nodes_old;

-- Keyed by the organisation alone; the column says NOT NULL as every
-- organisation column does (as a rowid alias it could never hold NULL anyway).
ALTER TABLE table_mappings RENAME TO table_mappings_old;
CREATE TABLE table_mappings (
    organisation_id INTEGER NOT NULL PRIMARY KEY REFERENCES organisations (id),
    mapping TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    saved_by TEXT NOT NULL
);
INSERT INTO table_mappings SELECT * FROM table_mappings_old;
DROP TABLE table_mappings_old;

ALTER TABLE register_figures_state RENAME TO register_figures_state_old;
CREATE TABLE register_figures_state (
    organisation_id INTEGER NOT NULL PRIMARY KEY REFERENCES organisations (id),
    children BIGINT NOT NULL,
    steps BIGINT NOT NULL
);
INSERT INTO register_figures_state SELECT * FROM register_figures_state_old;
DROP TABLE register_figures_state_old;

-- The indexes of the rebuilt tables, as before (a slot's now ends with the organisation).
CREATE UNIQUE INDEX localities_name ON localities (organisation_id, COALESCE(plan_id, 0), name);
CREATE UNIQUE INDEX observations_slot ON observations
    (indicator_id, period, kind, COALESCE(locality, ''), COALESCE(breakdown_group, ''), organisation_id);
CREATE INDEX observations_plan ON observations (plan_id);
CREATE INDEX observation_history_slot ON observation_history (observation_id);
CREATE INDEX milestones_plan ON milestones (plan_id);
CREATE INDEX indicator_polarity_history_indicator ON indicator_polarity_history (indicator_id);
CREATE INDEX indicator_owners_user ON indicator_owners (user_id);
CREATE INDEX milestone_owners_user ON milestone_owners (user_id);
CREATE INDEX submissions_plan_status ON submissions (plan_id, status);
CREATE INDEX submissions_slot ON submissions (indicator_id, period);
CREATE INDEX commentary_indicator ON commentary (indicator_id);
CREATE INDEX milestone_notes_milestone ON milestone_notes (milestone_id);
CREATE INDEX projects_by_plan ON projects (plan_id, position);
CREATE INDEX project_reports_by_project ON project_reports (project_id);
CREATE INDEX risk_history_by_risk ON risk_history (risk_id, id);
CREATE INDEX risks_by_project ON risks (project_id);
CREATE INDEX plan_links_organisation ON plan_links (organisation_id);
CREATE INDEX statements_plan ON statements (plan_id);
CREATE INDEX plan_changes_by_revision ON plan_changes (plan_id, revision);
