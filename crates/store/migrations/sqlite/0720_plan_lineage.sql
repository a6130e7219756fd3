-- Successive plans of one organisation (a CYPP 2006-10 followed by a CYPP
-- 2009-13), what became of the earlier plan's outcomes, and the indicators a
-- person said are the same across the two. Both plans of a link belong to the
-- link's organisation; the store refuses anything else.
CREATE TABLE plan_links (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    earlier_plan_id INTEGER NOT NULL REFERENCES plans (id),
    later_plan_id INTEGER NOT NULL REFERENCES plans (id),
    linked_at TEXT NOT NULL,
    linked_by TEXT NOT NULL,
    UNIQUE (earlier_plan_id, later_plan_id),
    CHECK (earlier_plan_id <> later_plan_id)
);
CREATE INDEX plan_links_organisation ON plan_links (organisation_id);

-- One row per outcome of the earlier plan whose fate is recorded.
CREATE TABLE outcome_links (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    plan_link_id INTEGER NOT NULL REFERENCES plan_links (id),
    earlier_code TEXT NOT NULL,
    fate TEXT NOT NULL CHECK (fate IN ('continued', 'merged_into', 'deleted')),
    later_code TEXT,
    UNIQUE (plan_link_id, earlier_code),
    CHECK ((fate = 'deleted') = (later_code IS NULL))
);

-- An indicator of the earlier plan a person said is the same as one of the later.
CREATE TABLE indicator_links (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    plan_link_id INTEGER NOT NULL REFERENCES plan_links (id),
    earlier_key TEXT NOT NULL,
    later_key TEXT NOT NULL,
    UNIQUE (plan_link_id, earlier_key, later_key)
);
