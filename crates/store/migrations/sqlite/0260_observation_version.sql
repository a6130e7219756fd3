-- A value slot's version is kept on its row, so a write can check the version
-- its author saw in the very statement that writes (`... WHERE version = $n`):
-- counted from history inside a transaction, it could be stale under
-- PostgreSQL's READ COMMITTED and let two concurrent changes both succeed.
-- It starts as 1 plus the slot's history rows, as it was counted before.
ALTER TABLE observations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
UPDATE observations
SET version = 1 + (SELECT COUNT(*) FROM observation_history h WHERE h.observation_id = observations.id);
