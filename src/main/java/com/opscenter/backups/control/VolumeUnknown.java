package com.opscenter.backups.control;

/** A request names a volume that does not exist here, or one the backup does not hold. */
public final class VolumeUnknown extends InvalidBackupRequest {

    public VolumeUnknown(String message) {
        super(message);
    }
}
