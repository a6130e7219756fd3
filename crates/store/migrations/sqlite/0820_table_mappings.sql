-- How an organisation's performance tables are read: the column mapping a
-- performance officer or administrator saved when importing one in the web
-- app (`Heading=reading` lines, as `trustboard import --columns-file` reads
-- them), offered again for the next table from the same council.
CREATE TABLE table_mappings (
    organisation_id INTEGER PRIMARY KEY REFERENCES organisations (id),
    mapping TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    saved_by TEXT NOT NULL
);
