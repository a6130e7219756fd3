-- Every polarity an indicator held before a person stated another one.
CREATE TABLE indicator_polarity_history (
    id INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    old_polarity TEXT,
    old_source TEXT,
    new_polarity TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL
);
CREATE INDEX indicator_polarity_history_indicator ON indicator_polarity_history (indicator_id);
