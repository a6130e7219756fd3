-- Every account belongs to an organisation (the partnership whose plans and
-- register it works on), and a practitioner's account is linked to the
-- practitioner it is on the register (`practitioner` is that practitioner's
-- reference in the account's organisation; their agency is the account's).
--
-- Accounts made before this belong to the first organisation loaded (on a
-- first run, the sample plan's). A database with accounts but no
-- organisation gets one, "Unnamed organisation", to hold them.
--
-- SQLite cannot add a NOT NULL column that references another table, so the
-- triggers below refuse an account without an organisation; PostgreSQL
-- declares the column NOT NULL.

INSERT INTO organisations (name)
SELECT 'Unnamed organisation'
WHERE EXISTS (SELECT 1 FROM users) AND NOT EXISTS (SELECT 1 FROM organisations);

ALTER TABLE users ADD COLUMN organisation_id INTEGER REFERENCES organisations (id);
ALTER TABLE users ADD COLUMN practitioner TEXT;

UPDATE users SET organisation_id = (SELECT MIN(id) FROM organisations);

CREATE INDEX users_by_organisation ON users (organisation_id);

CREATE TRIGGER users_need_an_organisation BEFORE INSERT ON users
WHEN NEW.organisation_id IS NULL
BEGIN
    SELECT RAISE(ABORT, 'every account belongs to an organisation');
END;

CREATE TRIGGER users_keep_an_organisation BEFORE UPDATE OF organisation_id ON users
WHEN NEW.organisation_id IS NULL
BEGIN
    SELECT RAISE(ABORT, 'every account belongs to an organisation');
END;
