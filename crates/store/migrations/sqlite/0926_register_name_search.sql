-- A search by part of a name that few children share finds them through
-- this index of every three letters of each name (FTS5's trigram
-- tokenizer, case-insensitive), rather than by reading the whole register.
-- It holds no text of its own (`content` is the children's table); the
-- triggers keep it in step with every child added, renamed or erased.
CREATE VIRTUAL TABLE register_child_names USING fts5 (
    name,
    content = 'register_children',
    content_rowid = 'id',
    tokenize = 'trigram'
);
INSERT INTO register_child_names (register_child_names) VALUES ('rebuild');

CREATE TRIGGER register_child_names_added AFTER INSERT ON register_children BEGIN
    INSERT INTO register_child_names (rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER register_child_names_erased AFTER DELETE ON register_children BEGIN
    INSERT INTO register_child_names (register_child_names, rowid, name)
    VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER register_child_names_renamed AFTER UPDATE OF name ON register_children BEGIN
    INSERT INTO register_child_names (register_child_names, rowid, name)
    VALUES ('delete', old.id, old.name);
    INSERT INTO register_child_names (rowid, name) VALUES (new.id, new.name);
END;
