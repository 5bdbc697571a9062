-- The cloud targets a schedule's backups are copied to, one name per line: NULL means every configured target,
-- an empty value none (issue 17).
ALTER TABLE backup_schedules ADD COLUMN cloud_targets VARCHAR(2000);
