-- Bank holidays an organisation adds to the England and Wales list shipped
-- with trustboard (2000-2030): years after it, or a newly announced holiday,
-- without waiting for a new release. Working-day deadlines and the derived
-- register figures use the shipped list with these added.
CREATE TABLE added_bank_holidays (
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    date TEXT NOT NULL,
    name TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (organisation_id, date)
);
