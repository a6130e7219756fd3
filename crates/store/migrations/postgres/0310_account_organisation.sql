-- Every account belongs to an organisation (the partnership whose plans and
-- register it works on), and a practitioner's account is linked to the
-- practitioner it is on the register (`practitioner` is that practitioner's
-- reference in the account's organisation; their agency is the account's).
--
-- Accounts made before this belong to the first organisation loaded (on a
-- first run, the sample plan's). A database with accounts but no
-- organisation gets one, "Unnamed organisation", to hold them.

INSERT INTO organisations (name)
SELECT 'Unnamed organisation'
WHERE EXISTS (SELECT 1 FROM users) AND NOT EXISTS (SELECT 1 FROM organisations);

ALTER TABLE users ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
ALTER TABLE users ADD COLUMN practitioner TEXT;

UPDATE users SET organisation_id = (SELECT MIN(id) FROM organisations);

ALTER TABLE users ALTER COLUMN organisation_id SET NOT NULL;

CREATE INDEX users_by_organisation ON users (organisation_id);
