package com.opscenter.notify.control;

import com.opscenter.backups.control.BackupFinished;
import com.opscenter.backups.control.ScheduledBackupNotStarted;
import com.opscenter.backups.entity.BackupStatus;
import com.opscenter.cloud.control.CloudUploadFinished;
import com.opscenter.platform.boundary.Timestamps;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The spec's two mail templates, filled in from what the catalog committed. */
public record BackupMail(String subject, String body) {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final String SIGNATURE = """

            ---
            UC-Cloud Ops-Center
            Automated Backup System
            """;

    public static BackupMail ofCloudFailure(CloudUploadFinished upload) {
        return new BackupMail(
                "[Ops-Center] Cloud Upload Failed",
                """
                Cloud Upload Failed
                ===================

                Backup ID: %s
                %sAttempt: %d
                Error: %s
                %s
                The local backup is complete and unaffected; only its off-site copy is missing.
                Check GET /api/v1/backups for its cloud state, and POST /api/v1/backups/cloud/%s/upload to try again.
                """.formatted(
                                upload.backupId(),
                                // The spec's one target is not named, so its mail reads as ever.
                                upload.target() == null || upload.target().equals("default")
                                        ? ""
                                        : "Cloud target: " + upload.target() + "\n",
                                upload.attempt(),
                                upload.error(),
                                upload.retryAt() == null
                                        ? "Next attempt: none (fix the cause, then upload by hand)\n"
                                        : "Next attempt: " + TIMESTAMP.format(upload.retryAt()) + "\n",
                                upload.backupId())
                        + SIGNATURE);
    }

    /** The failure template, for a scheduled backup that never began: there is no backup, duration or location. */
    public static BackupMail ofNotStarted(ScheduledBackupNotStarted run) {
        return new BackupMail(
                "[Ops-Center] Backup Failed",
                """
                Backup Failed
                =============

                Backup ID: none (the backup did not start)
                Timestamp: %s
                Status: Failed
                Error: %s

                The scheduled system backup%s could not start. Please check the logs for more details.

                Action Required: Review backup configuration and system status.
                """.formatted(
                                        TIMESTAMP.format(run.scheduledFor()),
                                        run.reason(),
                                        run.catchUp() ? " (catch-up after downtime)" : "")
                        + SIGNATURE);
    }

    /** The first warnings in full (what a backup lacks comes first); the rest are counted, not listed. */
    static final int LISTED_WARNINGS = 20;

    private static String warnings(BackupFinished backup) {
        if (backup.warnings().isEmpty()) {
            return "";
        }
        var text = new StringBuilder("\nWarnings:\n");
        backup.warnings().stream()
                .limit(LISTED_WARNINGS)
                .forEach(w -> text.append("- ").append(w).append('\n'));
        if (backup.warnings().size() > LISTED_WARNINGS) {
            text.append("- and ")
                    .append(backup.warnings().size() - LISTED_WARNINGS)
                    .append(" more\n");
        }
        return text.toString();
    }

    public static BackupMail of(BackupFinished backup) {
        var kind = backup.type().wireName();
        var timestamp = TIMESTAMP.format(backup.startedAt());
        if (backup.succeeded()) {
            var status = backup.status() == BackupStatus.COMPLETED
                    ? "Success"
                    : "Success with warnings (see GET /api/v1/backups/" + backup.backupId() + ")";
            return new BackupMail(
                    "[Ops-Center] Backup Completed Successfully",
                    """
                    Backup Completed Successfully
                    ==============================

                    Backup ID: %s
                    Timestamp: %s
                    Duration: %s
                    Status: %s

                    The %s system backup has completed successfully.
                    Backup Location: %s
                    %s""".formatted(
                                            backup.backupId(),
                                            timestamp,
                                            Timestamps.duration(backup.duration()),
                                            status,
                                            kind,
                                            backup.backupLocation(),
                                            warnings(backup))
                            + SIGNATURE);
        }
        return new BackupMail(
                "[Ops-Center] Backup Failed",
                """
                Backup Failed
                =============

                Backup ID: %s
                Timestamp: %s
                Duration: %s
                Status: Failed
                Error: %s

                The %s system backup has failed. Please check the logs for more details.
                Backup Location: %s

                Action Required: Review backup configuration and system status.
                """.formatted(
                                        backup.backupId(),
                                        timestamp,
                                        Timestamps.duration(backup.duration()),
                                        backup.error(),
                                        kind,
                                        backup.backupLocation())
                        + SIGNATURE);
    }
}
