-- Counts the changes to an account, so an administrator changing a role from a
-- page loaded earlier cannot overwrite a change another administrator made since.
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
