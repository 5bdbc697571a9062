-- Incremental backups (issue 16). A backup is 'full' or 'incremental'; an increment names the backup it was
-- compared with (base_id) and every backup whose archive holds some of its content (depends_on, one id per line,
-- like volumes), which must be kept as long as it is. Rows from before are full backups.
ALTER TABLE backups ADD COLUMN backup_mode VARCHAR(12) DEFAULT 'full' NOT NULL;
ALTER TABLE backups ADD COLUMN base_id VARCHAR(64);
ALTER TABLE backups ADD COLUMN depends_on VARCHAR;

CREATE INDEX backups_base_idx ON backups (base_id);

-- The configured default: incremental off, a full backup at least every 7 days and every 30 increments.
ALTER TABLE backup_config ADD COLUMN incremental_enabled BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE backup_config ADD COLUMN full_every_days INTEGER DEFAULT 7 NOT NULL;
ALTER TABLE backup_config ADD COLUMN full_every_increments INTEGER DEFAULT 30 NOT NULL;
