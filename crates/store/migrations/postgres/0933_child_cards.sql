-- Each child's card (the core's `ChildCard`, as JSON): their level and what
-- access to them rests on, as their record stands after its latest step. It
-- is written with the child and again with every step, so that a search
-- shows children without reading their steps.
ALTER TABLE register_children ADD COLUMN card TEXT;

-- Organisations whose children were on the register before cards: the store
-- fills their cards in when it opens (the record is rebuilt by the core) and
-- deletes the row in the same transaction.
CREATE TABLE register_cards_to_fill (
    organisation_id BIGINT NOT NULL PRIMARY KEY
);
INSERT INTO register_cards_to_fill (organisation_id)
    SELECT DISTINCT organisation_id FROM register_children;
