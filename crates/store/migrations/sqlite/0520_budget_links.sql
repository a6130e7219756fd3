-- A budget line's share given to an outcome or objective of its plan. The
-- line is named by where it stands among the plan's resource tables (which
-- an import replaces whole) and by the label it had when linked, so a link
-- whose line has since moved is noticed rather than followed to another line.
-- Every change claims the plan's budget_links_version, so two people linking
-- the same line at once cannot between them give more than the whole of it.
ALTER TABLE plans ADD COLUMN budget_links_version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE budget_links (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    table_position INTEGER NOT NULL,
    row_position INTEGER NOT NULL,
    label TEXT NOT NULL,
    node_code TEXT NOT NULL,
    share TEXT NOT NULL,
    linked_at TEXT NOT NULL,
    linked_by TEXT,
    UNIQUE (plan_id, table_position, row_position, node_code)
);
