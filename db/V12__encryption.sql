-- Which archives are encrypted: 'none', 'cloud' (cloud copies only) or 'all' (local archives and cloud copies).
-- The key material is deployment configuration (BACKUP_ENCRYPTION_*), never stored here.
ALTER TABLE backup_config ADD COLUMN encryption VARCHAR(10) DEFAULT 'none' NOT NULL;
