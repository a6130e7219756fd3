-- What each write to a plan changed, where the writer can say: the
-- indicators whose figures it wrote at that revision, or one row with no
-- indicator for a write that changed nothing judging reads (a risk, say). A
-- revision without rows may have changed anything. The web's cache of judged
-- plans reads it to judge again only what a write touched.
CREATE TABLE plan_changes (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    revision INTEGER NOT NULL,
    indicator TEXT
);
CREATE INDEX plan_changes_by_revision ON plan_changes (plan_id, revision);
