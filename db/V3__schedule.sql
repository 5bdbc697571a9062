-- Each scheduled time is claimed by exactly one server before it runs: the primary key makes a second claim
-- fail, so servers sharing this database never run the same scheduled backup twice.
CREATE TABLE schedule_runs (
    scheduled_for  TIMESTAMP WITH TIME ZONE PRIMARY KEY,
    node           VARCHAR(255)  NOT NULL,
    claimed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome        VARCHAR(20)   NOT NULL,
    catch_up       BOOLEAN       DEFAULT FALSE NOT NULL,
    backup_id      VARCHAR(64),
    reason         VARCHAR(1000)
);

ALTER TABLE backup_config ADD COLUMN timezone VARCHAR(64) DEFAULT 'UTC' NOT NULL;

-- Volumes scheduled backups include; NULL means every volume.
ALTER TABLE backup_config ADD COLUMN include_volumes VARCHAR(8000);
