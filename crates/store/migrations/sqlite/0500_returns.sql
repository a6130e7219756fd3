-- Statutory returns (SSDA903, CIN census): each return's rows exactly as
-- written, and where each plan value computed from one came from.
--
-- Every row carries organisation_id: children's identifiers stay inside the
-- organisation whose return they arrived in.

-- One return of one collection for one year (`year` is the year it ends:
-- 2018 is 1 April 2017 to 31 March 2018). Importing it again replaces it.
CREATE TABLE return_imports (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    collection TEXT NOT NULL,
    year INTEGER NOT NULL,
    files TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    UNIQUE (organisation_id, collection, year)
);

-- `fields` is a JSON object of column name to the text as written.
CREATE TABLE return_rows (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    import_id INTEGER NOT NULL REFERENCES return_imports (id),
    seq INTEGER NOT NULL,
    table_name TEXT NOT NULL,
    child TEXT NOT NULL,
    source TEXT NOT NULL,
    fields TEXT NOT NULL,
    UNIQUE (import_id, seq)
);

-- The provenance of a plan value computed from a return: which return and
-- year, the definition used, the counts, and validation rules that failed.
CREATE TABLE return_values (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    indicator_key TEXT NOT NULL,
    collection TEXT NOT NULL,
    year INTEGER NOT NULL,
    code TEXT NOT NULL,
    rule TEXT NOT NULL,
    numerator INTEGER NOT NULL,
    denominator INTEGER,
    affected_by TEXT NOT NULL,
    UNIQUE (plan_id, indicator_key, year)
);
