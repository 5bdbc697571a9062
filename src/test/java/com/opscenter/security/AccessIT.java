package com.opscenter.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import com.opscenter.it.Role;
import com.opscenter.it.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Issue 12: the development issuer is for this machine only, API answers are never cached, oversized bodies get
 * 413, and anonymous health says UP or DOWN and nothing else. Reads only, so it shares the servers.
 */
@ResourceLock(value = Locks.EMBEDDED, mode = ResourceAccessMode.READ)
@ResourceLock(value = Locks.POSTGRES, mode = ResourceAccessMode.READ)
@ResourceLock(value = Locks.CLOUD, mode = ResourceAccessMode.READ)
class AccessIT {

    static final String PROTECTED = "/api/v1/storage/info";

    @Test
    void theReadmeTokenCommandWorksOnTheEmbeddedDefault() {
        var token = Api.developmentToken(Role.ADMIN, Server.EMBEDDED);
        var response = Api.withAuthorization("Bearer " + token, Server.EMBEDDED).get(PROTECTED);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    @Test
    void developmentTokensAreRefusedOnPostgresql() {
        // Liberty still serves the endpoint (dev-token-issuer.xml is in the test servers' configuration)...
        var token = Api.developmentToken(Role.ADMIN, Server.POSTGRES);
        // ...but what it hands out opens nothing.
        var response = Api.withAuthorization("Bearer " + token, Server.POSTGRES).get(PROTECTED);
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.json().get("detail").asText()).contains("DB_KIND=postgresql");
        assertThat(Api.as(Role.ADMIN, Server.POSTGRES).get(PROTECTED).status())
                .as("tokens of the configured provider still work")
                .isEqualTo(200);
    }

    @Test
    void developmentTokensAreRefusedWhenTheServerIsOpenToTheNetwork() {
        // itCloud: the embedded default with HTTP_HOST=* and no DEV_TOKEN_ISSUER_ENABLED.
        var token = Api.developmentToken(Role.ADMIN, Server.CLOUD);
        var response = Api.withAuthorization("Bearer " + token, Server.CLOUD).get(PROTECTED);
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.json().get("detail").asText())
                .contains("HTTP_HOST=*")
                .contains("DEV_TOKEN_ISSUER_ENABLED");
        assertThat(Api.as(Role.ADMIN, Server.CLOUD).get(PROTECTED).status()).isEqualTo(200);
    }

    @Test
    void apiAnswersAreNeverStored() {
        var ok = Api.as(Role.MODERATOR, Server.EMBEDDED).get(PROTECTED);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("Cache-Control")).isEqualTo("no-store");
        var denied = Api.as(Role.VIEWER, Server.EMBEDDED).get(PROTECTED);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.header("Cache-Control")).isEqualTo("no-store");
        var missing = Api.as(Role.ADMIN, Server.EMBEDDED).get("/api/v1/backups/no-such-backup");
        assertThat(missing.header("Cache-Control")).as(missing.toString()).isEqualTo("no-store");
    }

    @Test
    void aBodyOverOneMebibyteIs413() {
        var body = "{\"retention_days\": 7, \"padding\": \"" + "x".repeat(1 << 20) + "\"}";
        var response = Api.as(Role.ADMIN, Server.EMBEDDED).put("/api/v1/backups/config", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(413);
        assertThat(response.json().get("detail").asText()).contains("larger than 1048576 bytes");
        assertThat(Api.as(Role.ADMIN, Server.EMBEDDED)
                        .get("/api/v1/backups/config")
                        .json()
                        .get("retention_days")
                        .asInt())
                .as("nothing changed")
                .isPositive();
    }

    @Test
    void anonymousHealthNamesChecksAndStatusesOnly() {
        for (var path : new String[] {"/health", "/health/ready", "/health/live", "/health/started"}) {
            var response = Api.anonymous(Server.EMBEDDED).get(path);
            assertThat(response.status()).as(path + " " + response).isEqualTo(200);
            assertThat(response.body())
                    .as(path)
                    .doesNotContain("\"data\":{\"")
                    .doesNotContain(Server.EMBEDDED.serverDir().toString())
                    .doesNotContain("/")
                    .doesNotContain("H2");
            response.json()
                    .get("checks")
                    .forEach(check -> assertThat(check.path("data").isEmpty())
                            .as(path + " " + check)
                            .isTrue());
        }
        var full = Api.anonymous(Server.EMBEDDED).get("/health");
        assertThat(full.body()).contains("backup-location").contains("database").contains("docker");
        var details = Api.as(Role.ADMIN, Server.EMBEDDED).get("/api/v1/health");
        assertThat(details.status()).as(details.toString()).isEqualTo(200);
        assertThat(details.body())
                .contains(Server.EMBEDDED.serverDir().getFileName().toString());
    }
}
