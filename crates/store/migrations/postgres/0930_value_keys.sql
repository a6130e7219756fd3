-- Fewer foreign keys on the two tables a performance table fills, checked
-- once a row instead of two or three times (PostgreSQL checks each foreign
-- key of each new row by a query of its own, which was most of the time a
-- large import spent in the server), with the same guarantees:
--
-- - a value names its indicator, plan and organisation in one key, so its
--   indicator must be of its own plan (before, only that each existed);
-- - the plain key to organisations on indicators and values is dropped: the
--   composite key to plans already holds it, since a plan's organisation
--   must exist.
ALTER TABLE indicators ADD UNIQUE (id, plan_id, organisation_id);
ALTER TABLE indicators DROP CONSTRAINT indicators_organisation_id_fkey;

ALTER TABLE observations DROP CONSTRAINT observations_organisation_id_fkey;
ALTER TABLE observations DROP CONSTRAINT observations_plan_id_organisation_id_fkey;
ALTER TABLE observations DROP CONSTRAINT observations_indicator_id_organisation_id_fkey;
ALTER TABLE observations ADD FOREIGN KEY (indicator_id, plan_id, organisation_id)
    REFERENCES indicators (id, plan_id, organisation_id);
