-- The names' words carry the child's reference and are keyed by it, so the
-- children with one word come in order of reference straight from the key:
-- a search for a common name reads the first of them, not a whole range.
-- Each row holds the whole name too, so that the search checks it without
-- reading each child's row.
CREATE TABLE register_name_words_by_reference (
    organisation_id INTEGER NOT NULL,
    word TEXT NOT NULL,
    reference TEXT NOT NULL,
    child_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (organisation_id, word, reference)
) WITHOUT ROWID;
INSERT INTO register_name_words_by_reference (organisation_id, word, reference, child_id, name)
    SELECT w.organisation_id, w.word, c.reference, w.child_id, c.name
    FROM register_name_words AS w
    JOIN register_children AS c ON c.id = w.child_id AND c.organisation_id = w.organisation_id;
DROP TABLE register_name_words;
ALTER TABLE register_name_words_by_reference RENAME TO register_name_words;
