-- Who set a target and when the board agreed it; blank where not known.
ALTER TABLE observations ADD COLUMN set_by TEXT;
ALTER TABLE observations ADD COLUMN agreed_on TEXT;
