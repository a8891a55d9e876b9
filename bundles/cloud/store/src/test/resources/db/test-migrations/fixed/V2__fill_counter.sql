INSERT INTO counter (n) VALUES (1);
