-- Each word of a child's name as the core splits it (`name_words`), so that
-- a search by name reads only the children with a word that begins with what
-- was typed, instead of walking the register. A child's words are written and
-- deleted in the transaction that adds or erases the child. There is no
-- foreign key to the child, so erasing one needs no second index here.
CREATE TABLE register_name_words (
    organisation_id BIGINT NOT NULL,
    word TEXT COLLATE "C" NOT NULL,
    child_id BIGINT NOT NULL,
    PRIMARY KEY (organisation_id, word, child_id)
);
-- Words compare byte by byte ("C"), as on SQLite, so the words beginning
-- with a prefix are one range of the key whatever the database's locale.

-- Organisations whose children were on the register before this table: the
-- store splits their names when it opens (the rule is Rust, in the core) and
-- deletes the row in the same transaction.
CREATE TABLE register_names_to_index (
    organisation_id BIGINT NOT NULL PRIMARY KEY
);
INSERT INTO register_names_to_index (organisation_id)
    SELECT DISTINCT organisation_id FROM register_children;
