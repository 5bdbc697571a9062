-- The backup catalog. The sidecar file next to each archive holds the same facts, so this table can be
-- rebuilt from the backup folder.
CREATE TABLE backups (
    id             VARCHAR(64)   PRIMARY KEY,
    backup_type    VARCHAR(20)   NOT NULL,
    description    VARCHAR(1000),
    status         VARCHAR(30)   NOT NULL,
    started_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at    TIMESTAMP WITH TIME ZONE,
    codec          VARCHAR(10)   NOT NULL,
    archive_file   VARCHAR(255),
    size_bytes     BIGINT        DEFAULT 0 NOT NULL,
    sha256         VARCHAR(64),
    files_count    BIGINT        DEFAULT 0 NOT NULL,
    bytes_total    BIGINT        DEFAULT 0 NOT NULL,
    bytes_done     BIGINT        DEFAULT 0 NOT NULL,
    files_total    BIGINT        DEFAULT 0 NOT NULL,
    files_done     BIGINT        DEFAULT 0 NOT NULL,
    volumes        VARCHAR(4000),
    paths          VARCHAR(4000),
    warnings       VARCHAR(8000),
    error          VARCHAR(4000),
    created_by     VARCHAR(255),
    -- The server that runs the job: after a crash only that server may declare it failed.
    node           VARCHAR(255)  NOT NULL,
    location       VARCHAR(1024) NOT NULL,
    version        BIGINT        DEFAULT 0 NOT NULL
);

CREATE INDEX backups_status_idx ON backups (status);
CREATE INDEX backups_started_at_idx ON backups (started_at);

-- The one backup configuration (id = 1), created with the spec's defaults on first use.
CREATE TABLE backup_config (
    id               INTEGER       PRIMARY KEY,
    backup_enabled   BOOLEAN       NOT NULL,
    schedule         VARCHAR(100)  NOT NULL,
    retention_days   INTEGER       NOT NULL,
    backup_location  VARCHAR(1024) NOT NULL,
    include_paths    VARCHAR(8000) NOT NULL,
    exclude_patterns VARCHAR(8000) NOT NULL,
    codec            VARCHAR(10)   NOT NULL,
    codec_level      INTEGER       NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    version          BIGINT        DEFAULT 0 NOT NULL
);
