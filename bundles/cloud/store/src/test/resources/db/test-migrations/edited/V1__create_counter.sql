-- someone edited a released script
CREATE TABLE IF NOT EXISTS counter (
    n BIGINT NOT NULL
);
