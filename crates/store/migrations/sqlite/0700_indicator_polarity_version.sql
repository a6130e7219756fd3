-- Counts the changes to an indicator's polarity, so a person confirming
-- polarities from a page they loaded earlier cannot overwrite a change made since.
ALTER TABLE indicators ADD COLUMN polarity_version INTEGER NOT NULL DEFAULT 1;
