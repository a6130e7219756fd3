-- Counts the changes to an organisation's plan links, so two people linking
-- plans at the same moment cannot between them make a loop or a duplicate:
-- every change claims the version it read, and the later claim loses.
ALTER TABLE organisations ADD COLUMN links_version INTEGER NOT NULL DEFAULT 1;
