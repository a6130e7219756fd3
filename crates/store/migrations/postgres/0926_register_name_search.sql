-- A search by part of a name that few children share finds them through
-- this index of every three letters of each name (pg_trgm, which serves
-- LIKE '%…%' on the lowered name), rather than by reading the whole
-- register. pg_trgm ships with PostgreSQL and is a trusted extension: the
-- database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX register_children_by_name_trigrams
    ON register_children USING gin (lower(name) gin_trgm_ops);
