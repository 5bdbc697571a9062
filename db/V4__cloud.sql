-- The off-site copy of each backup. Kept apart from the backups table on purpose: deleting the local copy must
-- not forget the cloud copy, which is exactly the one a restore will then need.
CREATE TABLE cloud_copies (
    backup_id        VARCHAR(64)   PRIMARY KEY,
    state            VARCHAR(20)   NOT NULL,
    bytes_total      BIGINT        DEFAULT 0 NOT NULL,
    bytes_uploaded   BIGINT        DEFAULT 0 NOT NULL,
    attempts         INTEGER       DEFAULT 0 NOT NULL,
    error            VARCHAR(2000),
    -- Set while a retry is planned; NULL once uploaded or given up.
    next_attempt_at  TIMESTAMP WITH TIME ZONE,
    uploaded_at      TIMESTAMP WITH TIME ZONE,
    archive_key      VARCHAR(1024),
    etag             VARCHAR(100),
    -- The multipart upload in flight, so one a crash or an outage left open can be aborted later.
    upload_id        VARCHAR(1024),
    node             VARCHAR(255),
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    version          BIGINT        DEFAULT 0 NOT NULL
);

CREATE INDEX cloud_copies_state_idx ON cloud_copies (state);

-- Days cloud copies are kept; NULL keeps them as long as local backups (retention_days).
ALTER TABLE backup_config ADD COLUMN cloud_retention_days INTEGER;
