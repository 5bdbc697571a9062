package com.opscenter.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migrations in db/ on both databases the service runs on: H2 with exactly the URL of
 * liberty/db/embedded.xml, and the real PostgreSQL in a schema of its own.
 */
class SchemaMigrationsIT {

    @TempDir
    Path dir;

    @Test
    void migrationsApplyOnEmbeddedH2WithTheServersUrl() throws Exception {
        var config = Files.readString(Path.of("liberty/db/embedded.xml"));
        var matcher = Pattern.compile("URL=\"([^\"]+)\"").matcher(config);
        assertThat(matcher.find()).isTrue();
        var url = matcher.group(1).replace("${server.output.dir}", dir.toString());
        migrateAndUse(url, "opscenter", "opscenter", null);
    }

    @Test
    void migrationsApplyOnPostgresql() throws Exception {
        var url = "jdbc:postgresql://" + System.getProperty("it.db.host", "localhost") + ":"
                + System.getProperty("it.db.port", "5432") + "/" + System.getProperty("it.db.name", "opscenter_it");
        var user = System.getProperty("it.db.user", "opscenter");
        var password = System.getProperty("it.db.password", "opscenter");
        var schema = "migration_test_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            migrateAndUse(url, user, password, schema);
        } finally {
            try (var connection = DriverManager.getConnection(url, user, password)) {
                connection.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static void migrateAndUse(String url, String user, String password, String schema) throws SQLException {
        var flyway = Flyway.configure()
                .dataSource(url, user, password)
                .locations("filesystem:db")
                .schemas(schema == null ? new String[0] : new String[] {schema})
                .load();
        var result = flyway.migrate();
        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isGreaterThan(0);
        // A second run finds nothing to do: the history table is intact on this database.
        assertThat(flyway.migrate().migrationsExecuted).isZero();
        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();

        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            if (schema != null) {
                connection.createStatement().execute("SET search_path TO " + schema);
            }
            var insert = connection.prepareStatement(
                    "INSERT INTO audit_log (occurred_at, actor, action, target, outcome, "
                            + "client_address, details) VALUES (?, 'admin', 'storage.cleanup', 'docker', 'SUCCESS', '127.0.0.1', 'x')");
            insert.setObject(1, OffsetDateTime.of(2025, 10, 23, 2, 0, 0, 0, ZoneOffset.UTC));
            insert.executeUpdate();
            // A backup's volume list is kept whole (V6): 500 names of 255 characters.
            var volumes = String.join("\n", java.util.Collections.nCopies(500, "v".repeat(255)));
            var backup = connection.prepareStatement("INSERT INTO backups (id, backup_type, status, started_at, codec,"
                    + " volumes, paths, node, location) VALUES ('backup-20251023-020000', 'MANUAL', 'COMPLETED', ?,"
                    + " 'gzip', ?, ?, 'n', '/b')");
            backup.setObject(1, OffsetDateTime.of(2025, 10, 23, 2, 0, 0, 0, ZoneOffset.UTC));
            backup.setString(2, volumes);
            backup.setString(3, "/" + "p".repeat(20_000));
            backup.executeUpdate();
            var stored = connection.createStatement().executeQuery("SELECT volumes, paths FROM backups");
            assertThat(stored.next()).isTrue();
            assertThat(stored.getString("volumes")).isEqualTo(volumes);
            assertThat(stored.getString("paths")).hasSize(20_001);
            var rows = connection.createStatement().executeQuery("SELECT id, occurred_at FROM audit_log");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong("id")).isPositive();
            assertThat(rows.getObject("occurred_at", OffsetDateTime.class).toInstant())
                    .isEqualTo(OffsetDateTime.of(2025, 10, 23, 2, 0, 0, 0, ZoneOffset.UTC)
                            .toInstant());
        }
    }
}
