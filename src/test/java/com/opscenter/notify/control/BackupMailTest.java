package com.opscenter.notify.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.backups.control.BackupFinished;
import com.opscenter.backups.control.ScheduledBackupNotStarted;
import com.opscenter.backups.entity.BackupStatus;
import com.opscenter.backups.entity.BackupType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupMailTest {

    static final Instant STARTED = Instant.parse("2025-10-23T02:00:00Z");

    @Test
    void successMailFollowsTheSpecTemplate() {
        var mail = BackupMail.of(new BackupFinished(
                "backup-20251023-020000",
                BackupType.SCHEDULED,
                BackupStatus.COMPLETED,
                STARTED,
                Duration.ofSeconds(930),
                10,
                3,
                null,
                "/backups",
                "scheduler",
                List.of()));
        assertThat(mail.subject()).isEqualTo("[Ops-Center] Backup Completed Successfully");
        assertThat(mail.body())
                .startsWith("Backup Completed Successfully\n==============================\n")
                .contains("Backup ID: backup-20251023-020000\n")
                .contains("Timestamp: 2025-10-23 02:00:00 UTC\n")
                .contains("Duration: 0:15:30\n")
                .contains("Status: Success\n")
                .contains("The scheduled system backup has completed successfully.\n")
                .contains("Backup Location: /backups\n")
                .endsWith("---\nUC-Cloud Ops-Center\nAutomated Backup System\n");
    }

    @Test
    void failureMailNamesTheErrorAndTheActionRequired() {
        var mail = BackupMail.of(new BackupFinished(
                "backup-20251023-020000",
                BackupType.MANUAL,
                BackupStatus.FAILED,
                STARTED,
                Duration.ofSeconds(3),
                0,
                0,
                "No space left on device",
                "/backups",
                "admin",
                List.of()));
        assertThat(mail.subject()).isEqualTo("[Ops-Center] Backup Failed");
        assertThat(mail.body())
                .startsWith("Backup Failed\n=============\n")
                .contains("Status: Failed\n")
                .contains("Error: No space left on device\n")
                .contains("The manual system backup has failed. Please check the logs for more details.")
                .contains("Action Required: Review backup configuration and system status.");
    }

    @Test
    void warningsAreNotReportedAsPlainSuccess() {
        var mail = BackupMail.of(new BackupFinished(
                "backup-20251023-020000",
                BackupType.MANUAL,
                BackupStatus.COMPLETED_WITH_WARNINGS,
                STARTED,
                Duration.ofSeconds(3),
                1,
                1,
                null,
                "/b",
                "admin",
                List.of()));
        assertThat(mail.body()).contains("Status: Success with warnings");
    }

    @Test
    void theWarningsAreListedSoTheMailSaysWhatTheBackupLacks() {
        var lacking = "Docker Engine not reachable: this backup lacks the Docker volume(s) db";
        var many = new java.util.ArrayList<>(List.of(lacking));
        for (int i = 0; i < 30; i++) {
            many.add("volumes/app/f" + i + ": changed while being read");
        }
        var mail = BackupMail.of(new BackupFinished(
                "backup-20251023-020000",
                BackupType.MANUAL,
                BackupStatus.COMPLETED_WITH_WARNINGS,
                STARTED,
                Duration.ofSeconds(3),
                1,
                1,
                null,
                "/b",
                "admin",
                many));
        assertThat(mail.body())
                .contains("Warnings:\n- " + lacking + "\n")
                .contains("- volumes/app/f18: changed while being read\n")
                .doesNotContain("f19:")
                .contains("- and 11 more\n")
                .endsWith("---\nUC-Cloud Ops-Center\nAutomated Backup System\n");
    }

    @Test
    void aScheduledBackupThatCouldNotStartIsMailedAsAFailure() {
        var mail = BackupMail.ofNotStarted(
                new ScheduledBackupNotStarted(STARTED, true, "Nothing to back up: volume(s) db are gone"));
        assertThat(mail.subject()).isEqualTo("[Ops-Center] Backup Failed");
        assertThat(mail.body())
                .startsWith("Backup Failed\n=============\n")
                .contains("Backup ID: none (the backup did not start)\n")
                .contains("Timestamp: 2025-10-23 02:00:00 UTC\n")
                .contains("Status: Failed\n")
                .contains("Error: Nothing to back up: volume(s) db are gone\n")
                .contains("The scheduled system backup (catch-up after downtime) could not start.")
                .contains("Action Required: Review backup configuration and system status.\n")
                .endsWith("---\nUC-Cloud Ops-Center\nAutomated Backup System\n");
    }
}
