-- Every table of an organisation's plans and register is keyed by the
-- organisation, so the database can be distributed by organisation_id (see
-- "Distribution by organisation" in docs/ARCHITECTURE.md): each table's
-- primary key is (id, organisation_id), id first so a lookup by id keeps its
-- index; every foreign key between these tables carries organisation_id on
-- both sides; every unique constraint includes it. The reference tables
-- (organisations, national_indicators, neighbour_sets, neighbour_members,
-- users, sessions, audit_events) are shared by all organisations and keep
-- their keys.

-- The tables that did not yet carry the organisation take it from their parent.
ALTER TABLE nodes ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
ALTER TABLE indicators ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
ALTER TABLE observations ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
ALTER TABLE milestones ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
ALTER TABLE submissions ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
ALTER TABLE statements ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
UPDATE nodes SET organisation_id = (SELECT organisation_id FROM plans p WHERE p.id = nodes.plan_id);
UPDATE indicators SET organisation_id = (SELECT organisation_id FROM plans p WHERE p.id = indicators.plan_id);
UPDATE observations SET organisation_id = (SELECT organisation_id FROM plans p WHERE p.id = observations.plan_id);
UPDATE milestones SET organisation_id = (SELECT organisation_id FROM plans p WHERE p.id = milestones.plan_id);
UPDATE submissions SET organisation_id = (SELECT organisation_id FROM plans p WHERE p.id = submissions.plan_id);
UPDATE statements SET organisation_id = (SELECT organisation_id FROM plans p WHERE p.id = statements.plan_id);

ALTER TABLE indicator_objectives ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
ALTER TABLE indicator_polarity_history ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
ALTER TABLE indicator_owners ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
ALTER TABLE commentary ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
UPDATE indicator_objectives SET organisation_id = (SELECT organisation_id FROM indicators i WHERE i.id = indicator_objectives.indicator_id);
UPDATE indicator_polarity_history SET organisation_id = (SELECT organisation_id FROM indicators i WHERE i.id = indicator_polarity_history.indicator_id);
UPDATE indicator_owners SET organisation_id = (SELECT organisation_id FROM indicators i WHERE i.id = indicator_owners.indicator_id);
UPDATE commentary SET organisation_id = (SELECT organisation_id FROM indicators i WHERE i.id = commentary.indicator_id);

ALTER TABLE observation_history ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
UPDATE observation_history SET organisation_id = (SELECT organisation_id FROM observations o WHERE o.id = observation_history.observation_id);

ALTER TABLE milestone_indicators ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
ALTER TABLE milestone_owners ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
ALTER TABLE milestone_status ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
ALTER TABLE milestone_notes ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);
UPDATE milestone_indicators SET organisation_id = (SELECT organisation_id FROM milestones m WHERE m.id = milestone_indicators.milestone_id);
UPDATE milestone_owners SET organisation_id = (SELECT organisation_id FROM milestones m WHERE m.id = milestone_owners.milestone_id);
UPDATE milestone_status SET organisation_id = (SELECT organisation_id FROM milestones m WHERE m.id = milestone_status.milestone_id);
UPDATE milestone_notes SET organisation_id = (SELECT organisation_id FROM milestones m WHERE m.id = milestone_notes.milestone_id);

ALTER TABLE nodes ALTER COLUMN organisation_id SET NOT NULL;
ALTER TABLE indicators ALTER COLUMN organisation_id SET NOT NULL;
ALTER TABLE observations ALTER COLUMN organisation_id SET NOT NULL;
ALTER TABLE milestones ALTER COLUMN organisation_id SET NOT NULL;
ALTER TABLE submissions ALTER COLUMN organisation_id SET NOT NULL;
ALTER TABLE statements ALTER COLUMN organisation_id SET NOT NULL;
ALTER TABLE indicator_objectives ALTER COLUMN organisation_id SET NOT NULL;
ALTER TABLE indicator_polarity_history ALTER COLUMN organisation_id SET NOT NULL;
ALTER TABLE indicator_owners ALTER COLUMN organisation_id SET NOT NULL;
ALTER TABLE commentary ALTER COLUMN organisation_id SET NOT NULL;
ALTER TABLE observation_history ALTER COLUMN organisation_id SET NOT NULL;
ALTER TABLE milestone_indicators ALTER COLUMN organisation_id SET NOT NULL;
ALTER TABLE milestone_owners ALTER COLUMN organisation_id SET NOT NULL;
ALTER TABLE milestone_status ALTER COLUMN organisation_id SET NOT NULL;
ALTER TABLE milestone_notes ALTER COLUMN organisation_id SET NOT NULL;

-- Drop the foreign keys between organisation tables, then the primary keys
-- and unique constraints without organisation_id; all are made again below.
DO $$
DECLARE
    reference_tables CONSTANT TEXT[] := ARRAY['organisations', 'national_indicators',
        'neighbour_sets', 'neighbour_members', 'users', 'sessions', 'audit_events'];
    c RECORD;
BEGIN
    FOR c IN
        SELECT con.conrelid::regclass AS tab, con.conname
        FROM pg_constraint con
        JOIN pg_class parent ON parent.oid = con.confrelid
        WHERE con.contype = 'f'
          AND con.connamespace = current_schema()::regnamespace
          AND parent.relname <> ALL (reference_tables)
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', c.tab, c.conname);
    END LOOP;
    FOR c IN
        SELECT con.conrelid::regclass AS tab, con.conname
        FROM pg_constraint con
        JOIN pg_class t ON t.oid = con.conrelid
        WHERE con.contype IN ('p', 'u')
          AND con.connamespace = current_schema()::regnamespace
          AND t.relname <> ALL (reference_tables)
          AND NOT EXISTS (
              SELECT 1 FROM pg_attribute a
              WHERE a.attrelid = con.conrelid AND a.attname = 'organisation_id'
                AND a.attnum = ANY (con.conkey))
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', c.tab, c.conname);
    END LOOP;
END
$$;

-- Primary keys.
ALTER TABLE plans ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE nodes ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE indicators ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE indicator_objectives ADD PRIMARY KEY (indicator_id, node_id, organisation_id);
ALTER TABLE localities ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE observations ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE observation_history ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE milestones ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE milestone_indicators ADD PRIMARY KEY (milestone_id, indicator_id, organisation_id);
ALTER TABLE indicator_polarity_history ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE indicator_owners ADD PRIMARY KEY (indicator_id, organisation_id);
ALTER TABLE milestone_owners ADD PRIMARY KEY (milestone_id, organisation_id);
ALTER TABLE submissions ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE commentary ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE milestone_status ADD PRIMARY KEY (milestone_id, organisation_id);
ALTER TABLE milestone_notes ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE register_agencies ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE register_practitioners ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE register_children ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE register_steps ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE register_audit ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE register_erasures ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE register_measure_mappings ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE return_imports ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE return_rows ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE return_values ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE projects ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE project_reports ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE risks ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE risk_history ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE budget_links ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE resource_tables ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE resource_rows ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE resource_figures ADD PRIMARY KEY (row_id, column_key, organisation_id);
ALTER TABLE plan_links ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE outcome_links ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE indicator_links ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE statements ADD PRIMARY KEY (id, organisation_id);
ALTER TABLE plan_changes ADD PRIMARY KEY (id, organisation_id);

-- Unique constraints, organisation_id last so lookups by their leading
-- columns keep using them.
ALTER TABLE nodes ADD UNIQUE (plan_id, code, organisation_id);
ALTER TABLE indicators ADD UNIQUE (plan_id, key, organisation_id);
ALTER TABLE register_children ADD UNIQUE (pseudonym, organisation_id);
ALTER TABLE register_steps ADD UNIQUE (child_id, seq, organisation_id);
ALTER TABLE return_rows ADD UNIQUE (import_id, seq, organisation_id);
ALTER TABLE return_values ADD UNIQUE (plan_id, indicator_key, year, organisation_id);
ALTER TABLE risks ADD UNIQUE (plan_id, number, organisation_id);
ALTER TABLE budget_links ADD UNIQUE (plan_id, table_position, row_position, node_code, organisation_id);
ALTER TABLE resource_tables ADD UNIQUE (plan_id, position, organisation_id);
ALTER TABLE resource_rows ADD UNIQUE (table_id, position, organisation_id);
ALTER TABLE plan_links ADD UNIQUE (earlier_plan_id, later_plan_id, organisation_id);
ALTER TABLE outcome_links ADD UNIQUE (plan_link_id, earlier_code, organisation_id);
ALTER TABLE indicator_links ADD UNIQUE (plan_link_id, earlier_key, later_key, organisation_id);
ALTER TABLE statements ADD UNIQUE (indicator_id, period, kind, organisation_id);
DROP INDEX observations_slot;
CREATE UNIQUE INDEX observations_slot ON observations
    (indicator_id, period, kind, COALESCE(locality, ''), COALESCE(breakdown_group, ''), organisation_id);

-- Foreign keys, each carrying the organisation.
ALTER TABLE nodes ADD FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id);
ALTER TABLE nodes ADD FOREIGN KEY (plan_id, parent_code, organisation_id)
    REFERENCES nodes (plan_id, code, organisation_id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE indicators ADD FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id);
ALTER TABLE indicator_objectives ADD FOREIGN KEY (indicator_id, organisation_id) REFERENCES indicators (id, organisation_id);
ALTER TABLE indicator_objectives ADD FOREIGN KEY (node_id, organisation_id) REFERENCES nodes (id, organisation_id);
ALTER TABLE localities ADD FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id);
ALTER TABLE observations ADD FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id);
ALTER TABLE observations ADD FOREIGN KEY (indicator_id, organisation_id) REFERENCES indicators (id, organisation_id);
ALTER TABLE observation_history ADD FOREIGN KEY (observation_id, organisation_id) REFERENCES observations (id, organisation_id);
ALTER TABLE milestones ADD FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id);
ALTER TABLE milestones ADD FOREIGN KEY (node_id, organisation_id) REFERENCES nodes (id, organisation_id);
ALTER TABLE milestone_indicators ADD FOREIGN KEY (milestone_id, organisation_id) REFERENCES milestones (id, organisation_id);
ALTER TABLE milestone_indicators ADD FOREIGN KEY (indicator_id, organisation_id) REFERENCES indicators (id, organisation_id);
ALTER TABLE indicator_polarity_history ADD FOREIGN KEY (indicator_id, organisation_id) REFERENCES indicators (id, organisation_id);
ALTER TABLE indicator_owners ADD FOREIGN KEY (indicator_id, organisation_id) REFERENCES indicators (id, organisation_id);
ALTER TABLE milestone_owners ADD FOREIGN KEY (milestone_id, organisation_id) REFERENCES milestones (id, organisation_id);
ALTER TABLE submissions ADD FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id);
ALTER TABLE submissions ADD FOREIGN KEY (indicator_id, organisation_id) REFERENCES indicators (id, organisation_id);
ALTER TABLE commentary ADD FOREIGN KEY (indicator_id, organisation_id) REFERENCES indicators (id, organisation_id);
ALTER TABLE commentary ADD FOREIGN KEY (submission_id, organisation_id) REFERENCES submissions (id, organisation_id);
ALTER TABLE milestone_status ADD FOREIGN KEY (milestone_id, organisation_id) REFERENCES milestones (id, organisation_id);
ALTER TABLE milestone_notes ADD FOREIGN KEY (milestone_id, organisation_id) REFERENCES milestones (id, organisation_id);
ALTER TABLE register_practitioners ADD FOREIGN KEY (organisation_id, agency) REFERENCES register_agencies (organisation_id, reference);
ALTER TABLE register_steps ADD FOREIGN KEY (child_id, organisation_id) REFERENCES register_children (id, organisation_id);
ALTER TABLE register_measure_mappings ADD FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id);
ALTER TABLE return_rows ADD FOREIGN KEY (import_id, organisation_id) REFERENCES return_imports (id, organisation_id);
ALTER TABLE return_values ADD FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id);
ALTER TABLE projects ADD FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id);
ALTER TABLE project_reports ADD FOREIGN KEY (project_id, organisation_id) REFERENCES projects (id, organisation_id);
ALTER TABLE risks ADD FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id);
ALTER TABLE risks ADD FOREIGN KEY (project_id, organisation_id) REFERENCES projects (id, organisation_id);
ALTER TABLE risk_history ADD FOREIGN KEY (risk_id, organisation_id) REFERENCES risks (id, organisation_id);
ALTER TABLE budget_links ADD FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id);
ALTER TABLE resource_tables ADD FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id);
ALTER TABLE resource_rows ADD FOREIGN KEY (table_id, organisation_id)
    REFERENCES resource_tables (id, organisation_id) ON DELETE CASCADE;
ALTER TABLE resource_figures ADD FOREIGN KEY (row_id, organisation_id)
    REFERENCES resource_rows (id, organisation_id) ON DELETE CASCADE;
ALTER TABLE plan_links ADD FOREIGN KEY (earlier_plan_id, organisation_id) REFERENCES plans (id, organisation_id);
ALTER TABLE plan_links ADD FOREIGN KEY (later_plan_id, organisation_id) REFERENCES plans (id, organisation_id);
ALTER TABLE outcome_links ADD FOREIGN KEY (plan_link_id, organisation_id) REFERENCES plan_links (id, organisation_id);
ALTER TABLE indicator_links ADD FOREIGN KEY (plan_link_id, organisation_id) REFERENCES plan_links (id, organisation_id);
ALTER TABLE statements ADD FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id);
ALTER TABLE statements ADD FOREIGN KEY (indicator_id, organisation_id) REFERENCES indicators (id, organisation_id);
ALTER TABLE plan_changes ADD FOREIGN KEY (plan_id, organisation_id) REFERENCES plans (id, organisation_id);
