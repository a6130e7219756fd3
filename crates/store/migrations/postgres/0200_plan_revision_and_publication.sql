-- `revision` goes up with every write to a plan (imports, edits, publication),
-- so readers that keep judgements in memory know when to throw them away.
-- `published` (0 or 1) shows the plan's approved figures on its public page.
ALTER TABLE plans ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
ALTER TABLE plans ADD COLUMN published BIGINT NOT NULL DEFAULT 0;
