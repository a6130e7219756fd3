-- The register's figures, kept current with every step (see
-- crates/store/src/register/figures.rs). All three are derived from
-- register_children and register_steps and can be rebuilt from them.

-- Each child's contribution to the figures in the core's compact form,
-- 1,024 children (by register_children.id) to a page. `version` counts the
-- page's rewrites; writing a page first bumps it, which makes a concurrent
-- writer to the same page wait for this one.
CREATE TABLE register_figure_pages (
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    page BIGINT NOT NULL,
    contributions BYTEA NOT NULL,
    version BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (organisation_id, page)
);

-- The figures as monthly tallies by locality ('' for children with none)
-- and measure (or 'opened', children put on the register that month).
-- `month` is year * 12 + month - 1. For the point-in-time measures a tally is
-- the change at that month's end, so the figure is their running total.
CREATE TABLE register_figure_tallies (
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    locality TEXT NOT NULL,
    measure TEXT NOT NULL,
    month BIGINT NOT NULL,
    counted BIGINT NOT NULL,
    in_numerator BIGINT NOT NULL,
    PRIMARY KEY (organisation_id, locality, measure, month)
);

-- How many children and steps the pages and tallies cover. When these
-- differ from the register, the figures are rebuilt before being read.
CREATE TABLE register_figures_state (
    organisation_id BIGINT PRIMARY KEY REFERENCES organisations (id),
    children BIGINT NOT NULL,
    steps BIGINT NOT NULL
);

-- Checking that state against the register reads only this index.
CREATE INDEX register_children_versions ON register_children (organisation_id, version);
