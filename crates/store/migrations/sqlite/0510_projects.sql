-- A business plan's projects and key actions, as its document printed them
-- (each cell's printed text beside the text read from it), and the
-- six-monthly progress reports given on each. A report is signed off like an
-- entered figure; `version` goes up with every decision, and a decision names
-- the version it was made from.
CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    plan_id INTEGER NOT NULL REFERENCES plans (id),
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
    retired INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX projects_by_plan ON projects (plan_id, position);

CREATE TABLE project_reports (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    project_id INTEGER NOT NULL REFERENCES projects (id),
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
    return_reason TEXT
);
CREATE INDEX project_reports_by_project ON project_reports (project_id);
