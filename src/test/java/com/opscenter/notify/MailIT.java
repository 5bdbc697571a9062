package com.opscenter.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import com.opscenter.it.Role;
import com.opscenter.it.Server;
import com.opscenter.it.TestSmtp;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Mail about finished backups, received by a real SMTP server (GreenMail) that the PostgreSQL test server is
 * configured to use (SMTP_PORT, EMAIL_NOTIFICATIONS_ENABLED, ADMIN_EMAIL in pom.xml).
 */
@ResourceLock(Locks.POSTGRES)
@ResourceLock(Locks.SMTP)
class MailIT {

    static final Server SERVER = Server.POSTGRES;

    @RegisterExtension
    static GreenMailExtension smtp = TestSmtp.server();

    String volume;

    @BeforeEach
    void volume() throws Exception {
        volume = "mail-" + UUID.randomUUID().toString().substring(0, 8);
        var folder = SERVER.volumesRoot().resolve(volume);
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("a.txt"), "mail me");
    }

    static Api admin() {
        return Api.as(Role.ADMIN, SERVER);
    }

    String createBackup() {
        var created = admin().post("/api/v1/backups/create", "{\"include_volumes\":[\"" + volume + "\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        return created.json().get("backup_id").asText();
    }

    static String awaitFinished(String id) throws InterruptedException {
        var deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            var status =
                    admin().get("/api/v1/backups/" + id).json().get("status").asText();
            if (!"running".equals(status)) {
                return status;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("backup " + id + " still running");
    }

    void awaitMailAbout(String id) throws InterruptedException {
        var deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (mailsAbout(id).length == 0) {
            assertThat(Instant.now()).as("a mail about " + id).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    MimeMessage[] mailsAbout(String id) {
        return TestSmtp.mailsAbout(smtp, id).toArray(MimeMessage[]::new);
    }

    @Test
    void successfulBackupSendsExactlyOneTruthfulMail() throws Exception {
        var id = createBackup();
        assertThat(awaitFinished(id)).isEqualTo("completed");
        awaitMailAbout(id);
        // A duplicate would come from the same finish event as the mail that arrived; a later backup's mail
        // arriving shows that event has been handled, without watching the clock.
        var later = createBackup();
        assertThat(awaitFinished(later)).isEqualTo("completed");
        awaitMailAbout(later);
        var mails = mailsAbout(id);
        assertThat(mails).hasSize(1);
        var mail = mails[0];
        assertThat(mail.getSubject()).isEqualTo("[Ops-Center] Backup Completed Successfully");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@example.com");
        var body = GreenMailUtil.getBody(mail);
        var backup = admin().get("/api/v1/backups/" + id).json();
        assertThat(body)
                .contains("Backup ID: " + id)
                .contains("Duration: " + backup.get("duration").asText())
                .contains("Status: Success")
                .contains("Backup Location: "
                        + admin().get("/api/v1/backups/config")
                                .json()
                                .get("backup_location")
                                .asText())
                .contains("The manual system backup has completed successfully.");
        assertThat(body).doesNotContainIgnoringCase("password").doesNotContain("opscenter:");
    }

    @Test
    void failedBackupSendsTheFailureMailWithTheReason() throws Exception {
        var config = admin().get("/api/v1/backups/config").json();
        var original = config.get("backup_location").asText();
        var broken = Path.of(original)
                .resolveSibling("mail-broken-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            assertThat(admin().put("/api/v1/backups/config", "{\"backup_location\":\"" + broken + "\"}")
                            .status())
                    .isEqualTo(200);
            // The folder passed validation; now a file takes its place, so the job itself fails.
            Files.delete(broken);
            Files.writeString(broken, "not a folder");
            var id = createBackup();
            assertThat(awaitFinished(id)).isEqualTo("failed");
            // Earlier tests' mails may be in the box already: wait for the one about this backup.
            awaitMailAbout(id);
            var mails = mailsAbout(id);
            assertThat(mails).hasSize(1);
            assertThat(mails[0].getSubject()).isEqualTo("[Ops-Center] Backup Failed");
            var error = admin().get("/api/v1/backups/" + id).json().get("error").asText();
            assertThat(GreenMailUtil.getBody(mails[0]))
                    .contains("Backup ID: " + id)
                    .contains("Status: Failed")
                    .contains("Error: " + error);
        } finally {
            admin().put("/api/v1/backups/config", "{\"backup_location\":\"" + original + "\"}");
            Files.deleteIfExists(broken);
        }
    }

    @Test
    void backupsCompleteWhenTheMailServerIsDownAndTheFailureIsAudited() throws Exception {
        smtp.stop();
        var started = Instant.now();
        var id = createBackup();
        assertThat(awaitFinished(id)).isEqualTo("completed");
        // Delivery is retried a bounded number of times, then recorded in the audit trail.
        var deadline = Instant.now().plus(Duration.ofSeconds(60));
        var audited = false;
        while (!audited && Instant.now().isBefore(deadline)) {
            var entries = admin().get("/api/v1/audit?action=notify.mail&outcome=failure&from=" + started)
                    .json();
            for (var entry : entries.get("entries")) {
                audited |= entry.get("target").asText().equals(id);
            }
            Thread.sleep(200);
        }
        assertThat(audited).as("mail failure for " + id + " in the audit trail").isTrue();
        smtp.start();
    }
}
