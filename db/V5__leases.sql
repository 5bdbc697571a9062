-- Leases: a server holds a running backup or an upload in progress only while it keeps renewing lease_until.
-- Once the lease has run out, any server may fail the backup or take the upload over. NULL: a row written
-- before leases existed (see BackupLeases for how long those are left alone).
ALTER TABLE backups ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE cloud_copies ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
