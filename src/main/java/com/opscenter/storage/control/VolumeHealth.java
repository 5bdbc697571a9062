package com.opscenter.storage.control;

/** Health of one volume: an unreadable root is an error; unreadable entries or long disuse are a warning. */
public enum VolumeHealth {
    HEALTHY,
    WARNING,
    ERROR;

    static VolumeHealth of(TreeStats stats, boolean stale) {
        if (stats.rootUnreadable()) {
            return ERROR;
        }
        return stats.unreadable() > 0 || stale ? WARNING : HEALTHY;
    }
}
