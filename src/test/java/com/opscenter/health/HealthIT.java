package com.opscenter.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import com.opscenter.it.Role;
import com.opscenter.it.Server;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/** MicroProfile Health on the PostgreSQL server: every check by name, without a token, as a probe calls it. */
@ResourceLock(Locks.POSTGRES)
class HealthIT {

    static final Server SERVER = Server.POSTGRES;

    static JsonNode check(JsonNode health, String name) {
        return StreamSupport.stream(health.get("checks").spliterator(), false)
                .filter(c -> c.get("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + health));
    }

    @Test
    void livenessAsksOnlyTheProcess() {
        var response = Api.anonymous(SERVER).get("/health/live");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(check(response.json(), "process").get("status").asText()).isEqualTo("UP");
        assertThat(response.body()).doesNotContain("\"database\"");
    }

    @Test
    void readinessCoversDatabaseBackupLocationAndDockerWithDetailsForAdminsOnly() {
        var response = Api.anonymous(SERVER).get("/health/ready");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var anonymous = response.json();
        for (var name : List.of("database", "backup-location", "docker")) {
            var check = check(anonymous, name);
            assertThat(check.get("status").asText()).as(check.toString()).isEqualTo("UP");
            assertThat(check.path("data").isEmpty())
                    .as("no data for strangers: " + check)
                    .isTrue();
        }
        assertThat(response.body()).doesNotContain("it-postgres").doesNotContain("PostgreSQL");

        var details = Api.as(Role.ADMIN, SERVER).get("/api/v1/health");
        assertThat(details.status()).as(details.toString()).isEqualTo(200);
        assertThat(details.header("Cache-Control")).isEqualTo("no-store");
        var health = details.json();
        assertThat(health.get("status").asText()).isEqualTo("UP");
        var database = check(health, "database");
        assertThat(database.get("status").asText()).isEqualTo("UP");
        assertThat(database.at("/data/product").asText()).isEqualTo("PostgreSQL");
        var location = check(health, "backup-location");
        assertThat(location.get("status").asText()).as(location.toString()).isEqualTo("UP");
        assertThat(location.at("/data/min_free_bytes").asLong()).isEqualTo(1L << 30);
        assertThat(location.at("/data/free_bytes").asLong()).isGreaterThan(1L << 30);
        assertThat(location.at("/data/location").asText()).endsWith("it-postgres/backups");
        var docker = check(health, "docker");
        assertThat(docker.get("status").asText()).isEqualTo("UP");
        assertThat(docker.at("/data/docker").asText()).startsWith("reachable");
        assertThat(Api.as(Role.MODERATOR, SERVER).get("/api/v1/health").status())
                .isEqualTo(403);
        assertThat(Api.anonymous(SERVER).get("/api/v1/health").status()).isEqualTo(401);
    }

    @Test
    void startupWaitsForTheMigrations() {
        var response = Api.anonymous(SERVER).get("/health/started");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(check(response.json(), "migrations").get("status").asText()).isEqualTo("UP");
    }
}
