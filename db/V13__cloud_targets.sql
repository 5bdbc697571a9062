-- Several cloud targets: one row per backup and target, instead of one per backup. The rows from before belong to
-- the target the spec's CLOUD_BACKUP_* variables form, named 'default', so existing copies keep their state. The
-- table keeps its name; a new one with the wider key replaces it, because changing a primary key in place is
-- written differently in PostgreSQL and H2.
CREATE TABLE cloud_copies_by_target (
    backup_id        VARCHAR(64)   NOT NULL,
    target           VARCHAR(20)   DEFAULT 'default' NOT NULL,
    state            VARCHAR(20)   NOT NULL,
    bytes_total      BIGINT        DEFAULT 0 NOT NULL,
    bytes_uploaded   BIGINT        DEFAULT 0 NOT NULL,
    attempts         INTEGER       DEFAULT 0 NOT NULL,
    error            VARCHAR(2000),
    next_attempt_at  TIMESTAMP WITH TIME ZONE,
    uploaded_at      TIMESTAMP WITH TIME ZONE,
    archive_key      VARCHAR(1024),
    etag             VARCHAR(100),
    upload_id        VARCHAR(1024),
    node             VARCHAR(255),
    lease_until      TIMESTAMP WITH TIME ZONE,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    version          BIGINT        DEFAULT 0 NOT NULL,
    PRIMARY KEY (backup_id, target)
);

INSERT INTO cloud_copies_by_target (backup_id, target, state, bytes_total, bytes_uploaded, attempts, error,
        next_attempt_at, uploaded_at, archive_key, etag, upload_id, node, lease_until, updated_at, version)
    SELECT backup_id, 'default', state, bytes_total, bytes_uploaded, attempts, error, next_attempt_at, uploaded_at,
        archive_key, etag, upload_id, node, lease_until, updated_at, version
    FROM cloud_copies;

DROP TABLE cloud_copies;

ALTER TABLE cloud_copies_by_target RENAME TO cloud_copies;

CREATE INDEX cloud_copies_target_state_idx ON cloud_copies (target, state);
