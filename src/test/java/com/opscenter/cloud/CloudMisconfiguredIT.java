package com.opscenter.cloud;

import static com.opscenter.cloud.CloudFixtures.admin;
import static com.opscenter.cloud.CloudFixtures.await;
import static com.opscenter.cloud.CloudFixtures.cloudState;
import static com.opscenter.cloud.CloudFixtures.details;
import static com.opscenter.cloud.CloudFixtures.startBackup;
import static com.opscenter.cloud.CloudFixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.opscenter.it.Api;
import com.opscenter.it.S3ProxyServer;
import com.opscenter.it.Server;
import com.opscenter.it.TestSmtp;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server whose secret key the S3 server rejects: the operator is told plainly, in readiness, in the API and
 * in one mail; nothing retries in a loop; and neither key appears in a response, the audit trail or the log.
 */
class CloudMisconfiguredIT {

    static final Server SERVER = Server.CLOUD_BROKEN;
    static final String WRONG_SECRET = "WrongSecret/NeverShown+77aa";

    @RegisterExtension
    static GreenMailExtension smtp = TestSmtp.server();

    @BeforeAll
    static void startS3() {
        S3ProxyServer.shared();
    }

    @Test
    void readinessIsDownAndSaysTheCredentialsWereRefused() {
        var ready = Api.anonymous(SERVER).get("/health/ready");
        assertThat(ready.status()).as(ready.toString()).isEqualTo(503);
        assertThat(ready.body())
                .contains("cloud-storage")
                .contains("refused the credentials")
                .contains("CLOUD_BACKUP_SECRET_KEY");
        assertNoSecrets(ready.body());
    }

    @Test
    void cloudListingAnswers502WithTheReason() {
        var response = admin(SERVER).get("/api/v1/backups/cloud");
        assertThat(response.status()).as(response.toString()).isEqualTo(502);
        assertThat(response.json().get("detail").asText()).contains("refused the credentials");
        assertNoSecrets(response.body());
    }

    @Test
    void uploadFailsOnceWithoutRetryMailsTheAdminAndLeavesTheBackupCompleted() throws Exception {
        var id = startBackup(SERVER, volume(SERVER, "broken", 1, 20_000));
        var failed = await(SERVER, id, d -> cloudState(d).equals("failed"), "failed");
        assertThat(failed.get("status").asText()).isEqualTo("completed");
        assertThat(failed.get("cloud").get("error").asText()).contains("refused the credentials");
        assertThat(failed.get("cloud").get("next_attempt").isNull())
                .as("retrying cannot fix a wrong key")
                .isTrue();
        assertThat(failed.get("cloud").get("attempts").asInt()).isEqualTo(1);

        assertThat(smtp.waitForIncomingEmail(30_000, 2)).isTrue();
        var mail = Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> {
                    try {
                        return m.getSubject().equals("[Ops-Center] Cloud Upload Failed");
                    } catch (Exception e) {
                        return false;
                    }
                })
                .filter(m -> GreenMailUtil.getBody(m).contains(id))
                .findFirst();
        assertThat(mail).isPresent();
        assertNoSecrets(GreenMailUtil.getBody(mail.get()));

        CloudFixtures.sleep(4_000);
        assertThat(details(SERVER, id).get("cloud").get("attempts").asInt())
                .as("no retry storm")
                .isEqualTo(1);

        var manual = admin(SERVER).post("/api/v1/backups/cloud/" + id + "/upload", "");
        assertThat(manual.status()).isEqualTo(202);
        await(SERVER, id, d -> cloudState(d).equals("failed"), "failed again");

        var audit = admin(SERVER).get("/api/v1/audit?limit=1000");
        assertThat(audit.body()).contains("cloud.upload");
        assertNoSecrets(audit.body());
        assertNoSecrets(admin(SERVER).get("/api/v1/backups").body());
        var log = SERVER.serverDir().resolve("logs/messages.log");
        assertThat(log).exists();
        assertNoSecrets(Files.readString(log));
    }

    static void assertNoSecrets(String text) {
        assertThat(text)
                .doesNotContain(WRONG_SECRET)
                .doesNotContain(S3ProxyServer.SECRET_KEY)
                .doesNotContain(S3ProxyServer.ACCESS_KEY);
    }
}
