INSERT INTO counter (n) VALUES (1);
INSERT INTO no_such_table (n) VALUES (2);
