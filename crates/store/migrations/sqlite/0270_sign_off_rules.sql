-- Whether a lead officer's submitted figures wait for a performance officer's
-- approval (1, the default) or go into the plan when submitted (0): each
-- organisation's administrators choose.
ALTER TABLE organisations ADD COLUMN lead_officer_entries_need_approval INTEGER NOT NULL DEFAULT 1;

-- Commentary goes live with its figure's approval, no longer at submission:
-- comments of entries not (yet) approved are withdrawn; an entry approved
-- later brings its commentary with it.
DELETE FROM commentary
WHERE submission_id IN (SELECT id FROM submissions WHERE status <> 'approved');
