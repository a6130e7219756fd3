-- A risk may belong to one of its plan's projects rather than to the plan as
-- a whole; the project's risk register is its plan's risks that name it.
ALTER TABLE risks ADD COLUMN project_id INTEGER REFERENCES projects (id);
CREATE INDEX risks_by_project ON risks (project_id);
