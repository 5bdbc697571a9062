package com.opscenter.cloud;

import static com.opscenter.cloud.CloudFixtures.admin;
import static com.opscenter.cloud.CloudFixtures.await;
import static com.opscenter.cloud.CloudFixtures.cloudState;
import static com.opscenter.cloud.CloudFixtures.startBackup;
import static com.opscenter.cloud.CloudFixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import com.opscenter.it.S3ProxyServer;
import com.opscenter.it.Server;
import com.opscenter.it.TestSmtp;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A server whose secret key the S3 server rejects: the operator is told plainly, in readiness, in the API and
 * in one mail; nothing retries in a loop; and neither key appears in a response, the audit trail or the log.
 * The S3 server is restarted expecting another secret for the same access key (a rotation nobody told the
 * service about), so the server under test, itPostgres2, keeps its configuration and its key is the wrong one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ResourceLock(Locks.POSTGRES)
@ResourceLock(Locks.S3)
@ResourceLock(Locks.SMTP)
class CloudMisconfiguredIT {

    static final Server SERVER = Server.POSTGRES_2;
    /** What the S3 server expects during this class; the service is never told. */
    static final String ROTATED_SECRET = "RotatedSecret/NeverShown+77aa";

    @RegisterExtension
    static GreenMailExtension smtp = TestSmtp.server();

    static AutoCloseable rotation;

    @BeforeAll
    static void theS3ServerExpectsAnotherSecret() {
        rotation = S3ProxyServer.shared().expectingSecret(ROTATED_SECRET);
    }

    @AfterAll
    static void theS3ServerExpectsTheConfiguredSecretAgain() throws Exception {
        rotation.close();
    }

    @Test
    @Order(1)
    void uploadFailsOnceWithoutRetryMailsTheAdminAndLeavesTheBackupCompleted() throws Exception {
        var id = startBackup(SERVER, volume(SERVER, "broken", 1, 20_000));
        var failed = await(SERVER, id, d -> cloudState(d).equals("failed"), "failed");
        assertThat(failed.get("status").asText()).isEqualTo("completed");
        assertThat(failed.get("cloud").get("error").asText()).contains("refused the credentials");
        assertThat(failed.get("cloud").get("next_attempt").isNull())
                .as("retrying cannot fix a wrong key: no retry is planned")
                .isTrue();
        assertThat(failed.get("cloud").get("attempts").asInt()).isEqualTo(1);

        assertThat(smtp.waitForIncomingEmail(30_000, 2)).isTrue();
        var mail = TestSmtp.mailsAbout(smtp, id).stream()
                .filter(m -> {
                    try {
                        return m.getSubject().equals("[Ops-Center] Cloud Upload Failed");
                    } catch (Exception e) {
                        return false;
                    }
                })
                .findFirst();
        assertThat(mail).isPresent();
        assertNoSecrets(GreenMailUtil.getBody(mail.get()));

        // No retry storm, counted in work rather than waited for: after one manual attempt, exactly two attempts
        // are audited, the automatic one and the manual one; a manual upload starts its own count at 1.
        var manual = admin(SERVER).post("/api/v1/backups/cloud/" + id + "/upload", "");
        assertThat(manual.status()).isEqualTo(202);
        var deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (auditedFailures(id) < 2) {
            assertThat(Instant.now())
                    .as("the manual attempt of " + id + " audited")
                    .isBefore(deadline);
            Thread.sleep(200);
        }
        var again = await(SERVER, id, d -> cloudState(d).equals("failed"), "failed again");
        assertThat(again.get("cloud").get("attempts").asInt()).isEqualTo(1);
        assertThat(again.get("cloud").get("next_attempt").isNull()).isTrue();
        assertThat(auditedFailures(id)).as("attempts audited for " + id).isEqualTo(2);
        assertNoSecrets(admin(SERVER).get("/api/v1/audit?limit=1000").body());
        assertNoSecrets(admin(SERVER).get("/api/v1/backups").body());
        var log = SERVER.serverDir().resolve("logs/messages.log");
        assertThat(log).exists();
        assertNoSecrets(Files.readString(log));
    }

    @Test
    @Order(2)
    void readinessIsDownAndSaysTheCredentialsWereRefused() throws InterruptedException {
        // Readiness remembers its last bucket check for 15 s; a failed transfer (above) makes it forget.
        var deadline = Instant.now().plus(Duration.ofSeconds(30));
        var ready = Api.anonymous(SERVER).get("/health/ready");
        while (ready.status() != 503 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            ready = Api.anonymous(SERVER).get("/health/ready");
        }
        assertThat(ready.status()).as(ready.toString()).isEqualTo(503);
        assertThat(ready.body()).contains("cloud-storage").doesNotContain("refused the credentials");
        // The reason is for admins.
        var details = admin(SERVER).get("/api/v1/health");
        assertThat(details.body())
                .contains("cloud-storage")
                .contains("refused the credentials")
                .contains("CLOUD_BACKUP_SECRET_KEY");
        assertNoSecrets(ready.body());
        assertNoSecrets(details.body());
    }

    @Test
    @Order(3)
    void cloudListingAnswers502WithTheReason() {
        var response = admin(SERVER).get("/api/v1/backups/cloud");
        assertThat(response.status()).as(response.toString()).isEqualTo(502);
        assertThat(response.json().get("detail").asText()).contains("refused the credentials");
        assertNoSecrets(response.body());
    }

    static long auditedFailures(String id) {
        var audit = admin(SERVER).get("/api/v1/audit?action=cloud.upload&outcome=failure&limit=1000");
        assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
        return StreamSupport.stream(audit.json().get("entries").spliterator(), false)
                .filter(e -> e.get("target").asText().equals(id))
                .count();
    }

    static void assertNoSecrets(String text) {
        assertThat(text)
                .doesNotContain(ROTATED_SECRET)
                .doesNotContain(S3ProxyServer.SECRET_KEY)
                .doesNotContain(S3ProxyServer.ACCESS_KEY);
    }
}
