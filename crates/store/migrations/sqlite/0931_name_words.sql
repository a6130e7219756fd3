-- Each word of a child's name as the core splits it (`name_words`), so that
-- a search by name reads only the children with a word that begins with what
-- was typed, instead of walking the register. A child's words are written and
-- deleted in the transaction that adds or erases the child. There is no
-- foreign key to the child, so erasing one needs no second index here.
CREATE TABLE register_name_words (
    organisation_id INTEGER NOT NULL,
    word TEXT NOT NULL,
    child_id INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, word, child_id)
) WITHOUT ROWID;

-- Organisations whose children were on the register before this table: the
-- store splits their names when it opens (the rule is Rust, in the core) and
-- deletes the row in the same transaction.
CREATE TABLE register_names_to_index (
    organisation_id INTEGER NOT NULL PRIMARY KEY
);
INSERT INTO register_names_to_index (organisation_id)
    SELECT DISTINCT organisation_id FROM register_children;
