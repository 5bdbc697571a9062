package com.opscenter.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import com.opscenter.it.Role;
import com.opscenter.it.Server;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The embedded default, started from the same configuration as `mvn liberty:run` (only the ports differ): no
 * PostgreSQL settings, no folders configured, a signing key made on first start, a token from the built-in
 * issuer, and one real call.
 */
@ResourceLock(Locks.EMBEDDED)
class EmbeddedDefaultsIT {

    static final Server SERVER = Server.EMBEDDED;

    @Test
    void tokenFromTheBuiltInIssuerOpensTheStorageApi() {
        var response = Api.as(Role.ADMIN, SERVER).get("/api/v1/storage/info");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("total_space").asLong()).isPositive();
        assertThat(Api.as(Role.MODERATOR, SERVER).get("/api/v1/storage/health").status())
                .isEqualTo(200);
    }

    @Test
    void embeddedDatabaseSigningKeyAndFoldersLiveUnderTheServerDirectory() throws Exception {
        // Created on first start by the server itself; nothing was installed or configured for them.
        assertThat(SERVER.serverDir().resolve("data/opscenter.mv.db")).isRegularFile();
        assertThat(SERVER.keyStore()).isRegularFile();
        assertThat(Files.readString(SERVER.serverDir().resolve("server.env"))
                        .lines()
                        .filter(line ->
                                line.startsWith("DB_") || line.startsWith("STORAGE_") || line.startsWith("BACKUP_")))
                .as("the embedded default sets no database or folder variables")
                .isEmpty();
    }

    @Test
    void theAuditTrailIsWrittenToTheEmbeddedDatabase() {
        // A signed-in caller's denial is one row each; anonymous ones are folded into a burst per address and
        // minute, so another class's anonymous request could hide ours.
        assertThat(Api.as(Role.MODERATOR, SERVER)
                        .post("/api/v1/storage/cleanup", "{}")
                        .status())
                .isEqualTo(403);
        var audit = Api.as(Role.ADMIN, SERVER).get("/api/v1/audit?actor=moderator&outcome=denied&limit=50");
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.json().get("entries"))
                .anySatisfy(entry -> assertThat(entry.get("target").asText()).isEqualTo("/storage/cleanup"));
    }
}
