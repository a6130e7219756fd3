-- What a council wrote beside its figures, kept exactly as written: its own
-- RAG or progress word, its trend word and its comments, at most one of each
-- per indicator and period. An import replaces a plan's statements as a
-- whole, in the same transaction as the rest of the plan.
CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    period TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('rag', 'trend', 'comment')),
    text TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (indicator_id, period, kind)
);
CREATE INDEX statements_plan ON statements (plan_id);
