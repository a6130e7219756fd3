-- A search of the register finds a child by reference (typed in any case)
-- or by date of birth through these, in order of reference, without reading
-- every child (the trailing `reference` gives that order, so the planner has
-- no reason to walk the whole register in order instead). A search by part
-- of a name walks the children in order of reference and stops at the
-- page's limit.
CREATE INDEX register_children_by_reference
    ON register_children (organisation_id, lower(reference), reference);
CREATE INDEX register_children_by_birth
    ON register_children (organisation_id, date_of_birth, reference);
