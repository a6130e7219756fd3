-- Who had set a target and when the board had agreed it, kept beside the
-- target's earlier text when a later import or edit replaces any of them.
ALTER TABLE observation_history ADD COLUMN set_by TEXT;
ALTER TABLE observation_history ADD COLUMN agreed_on TEXT;
