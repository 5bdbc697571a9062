-- Named backup schedules. The schedule named 'default' is not a row here: it is the spec's configuration
-- (backup_config), which GET/PUT /api/v1/backups/config and /api/v1/backups/schedules/default both edit, so the
-- two can never drift apart.
CREATE TABLE backup_schedules (
    name             VARCHAR(64)   PRIMARY KEY,
    enabled          BOOLEAN       NOT NULL,
    cron             VARCHAR(100)  NOT NULL,
    timezone         VARCHAR(64)   NOT NULL,
    -- One name per line; NULL means every volume.
    include_volumes  VARCHAR(8000),
    -- One path per line; NULL means the configuration's include_paths, empty means none.
    include_paths    VARCHAR(8000),
    codec            VARCHAR(10)   NOT NULL,
    codec_level      INTEGER       NOT NULL,
    mode             VARCHAR(20)   DEFAULT 'full' NOT NULL,
    keep_last        INTEGER       DEFAULT 0 NOT NULL,
    keep_hourly      INTEGER       DEFAULT 0 NOT NULL,
    keep_daily       INTEGER       DEFAULT 0 NOT NULL,
    keep_weekly      INTEGER       DEFAULT 0 NOT NULL,
    keep_monthly     INTEGER       DEFAULT 0 NOT NULL,
    keep_yearly      INTEGER       DEFAULT 0 NOT NULL,
    -- 0: no age rule, only the keep counts.
    retention_days   INTEGER       DEFAULT 0 NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    version          BIGINT        DEFAULT 0 NOT NULL
);

-- The default schedule's keep counts (0: not used, so an existing installation keeps what it kept).
ALTER TABLE backup_config ADD COLUMN keep_last INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE backup_config ADD COLUMN keep_hourly INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE backup_config ADD COLUMN keep_daily INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE backup_config ADD COLUMN keep_weekly INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE backup_config ADD COLUMN keep_monthly INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE backup_config ADD COLUMN keep_yearly INTEGER DEFAULT 0 NOT NULL;

-- The schedule a backup was taken for; NULL for manual backups. Every scheduled backup so far came from the one
-- schedule there was.
ALTER TABLE backups ADD COLUMN schedule_name VARCHAR(64);
UPDATE backups SET schedule_name = 'default' WHERE backup_type = 'SCHEDULED';
CREATE INDEX backups_schedule_idx ON backups (schedule_name);

-- Claims become per (schedule, time): two schedules may fire in the same minute, each exactly once. The table is
-- rebuilt because PostgreSQL and H2 name (and drop) a primary key differently.
CREATE TABLE schedule_claims (
    schedule_name  VARCHAR(64)   NOT NULL,
    scheduled_for  TIMESTAMP WITH TIME ZONE NOT NULL,
    node           VARCHAR(255)  NOT NULL,
    claimed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome        VARCHAR(20)   NOT NULL,
    catch_up       BOOLEAN       DEFAULT FALSE NOT NULL,
    backup_id      VARCHAR(64),
    reason         VARCHAR(1000),
    PRIMARY KEY (schedule_name, scheduled_for)
);
INSERT INTO schedule_claims (schedule_name, scheduled_for, node, claimed_at, outcome, catch_up, backup_id, reason)
    SELECT 'default', scheduled_for, node, claimed_at, outcome, catch_up, backup_id, reason FROM schedule_runs;
DROP TABLE schedule_runs;
ALTER TABLE schedule_claims RENAME TO schedule_runs;
