-- The installation this database belongs to: every server sharing the database is one installation. Its id is
-- written into each backup's sidecar, so cloud retention prunes only copies this installation wrote. One row
-- (id = 1), created by the first server that needs it.
CREATE TABLE installation (
    id               INTEGER       PRIMARY KEY,
    installation_id  VARCHAR(64)   NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A backup's volume and path lists are kept whole: a backup of hundreds of volumes must not lose names to a
-- column length (VARCHAR without a length is unbounded in PostgreSQL, and as long as H2 allows).
ALTER TABLE backups ALTER COLUMN volumes SET DATA TYPE VARCHAR;
ALTER TABLE backups ALTER COLUMN paths SET DATA TYPE VARCHAR;
