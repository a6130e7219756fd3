-- Statistical-neighbour sets: one version per council and model year, each
-- with the dates it is in force. A new model adds versions; older ones stay.

CREATE TABLE neighbour_sets (
    id INTEGER PRIMARY KEY,
    council_code TEXT NOT NULL,
    council_name TEXT NOT NULL,
    model_year INTEGER NOT NULL,
    effective_from TEXT NOT NULL,
    effective_to TEXT,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    UNIQUE (council_code, model_year)
);
CREATE INDEX neighbour_sets_name ON neighbour_sets (council_name);

-- Closest first.
CREATE TABLE neighbour_members (
    set_id INTEGER NOT NULL REFERENCES neighbour_sets (id),
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    closeness TEXT NOT NULL CHECK (closeness IN ('extremely_close', 'very_close', 'close', 'somewhat_close', 'not_close')),
    PRIMARY KEY (set_id, position)
);
