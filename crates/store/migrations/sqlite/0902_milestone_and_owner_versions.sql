-- Counts the changes to a milestone's status and to who owns a milestone or an
-- indicator, so someone saving from a page loaded earlier cannot silently
-- overwrite a change another person made since: every change claims the
-- version it was made from, and of two claims on one version the later loses.
ALTER TABLE milestones ADD COLUMN status_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE milestones ADD COLUMN owner_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE indicators ADD COLUMN owner_version INTEGER NOT NULL DEFAULT 1;
