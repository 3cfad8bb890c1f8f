-- Test failure: the first statement succeeds, the second fails; nothing may remain.
CREATE TABLE half_done (id INTEGER NOT NULL);
INSERT INTO no_such_table (id) VALUES (1);
