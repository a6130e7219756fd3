-- The money and people behind a plan, as its document printed them: budget
-- tables by activity, the staffing establishment and the reasons it moved.
-- Every figure keeps its printed text beside its exact value, held as
-- decimal text so no backend rounds it through binary floating point.
-- An import of the plan's document replaces its tables whole.
CREATE TABLE resource_tables (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    year TEXT NOT NULL,
    previous_year TEXT NOT NULL,
    source TEXT NOT NULL,
    UNIQUE (plan_id, position)
);

CREATE TABLE resource_rows (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    table_id INTEGER NOT NULL REFERENCES resource_tables (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    line INTEGER NOT NULL,
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    owner TEXT NOT NULL,
    UNIQUE (table_id, position)
);

CREATE TABLE resource_figures (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    row_id INTEGER NOT NULL REFERENCES resource_rows (id) ON DELETE CASCADE,
    column_key TEXT NOT NULL,
    text TEXT NOT NULL,
    amount TEXT,
    PRIMARY KEY (row_id, column_key)
);
