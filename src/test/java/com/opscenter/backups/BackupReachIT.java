package com.opscenter.backups;

import static com.opscenter.backups.BackupFixtures.BACKUP_DIR;
import static com.opscenter.backups.BackupFixtures.BUILD;
import static com.opscenter.backups.BackupFixtures.SERVER;
import static com.opscenter.backups.BackupFixtures.admin;
import static com.opscenter.backups.BackupFixtures.completedBackup;
import static com.opscenter.backups.BackupFixtures.config;
import static com.opscenter.backups.BackupFixtures.putConfig;
import static com.opscenter.backups.BackupFixtures.remember;
import static com.opscenter.backups.BackupFixtures.smallVolume;
import static com.opscenter.backups.BackupFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import com.opscenter.it.Role;
import com.opscenter.it.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * What an admin can make the server read and write is bounded by the environment: itPostgres allows backup
 * locations under it-postgres and include paths under it-paths (its .env), the embedded server its defaults. What
 * a backup and a restore leave on disk is the owner's only.
 */
@ResourceLock(Locks.POSTGRES)
@ResourceLock(Locks.EMBEDDED)
class BackupReachIT {

    /** INCLUDE_PATH_ROOTS of itPostgres. */
    static final Path INCLUDE_ROOT = BUILD.resolve("it-paths");

    @AfterAll
    static void tidyUp() {
        BackupFixtures.removeCreatedFolders();
    }

    static Api.Response put(Api api, String json) {
        return api.put("/api/v1/backups/config", json);
    }

    static void assertRefused(Api.Response response, String... detail) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).contains(detail);
    }

    @Test
    void aBackupLocationInsideTheVolumesRootIsRefused() {
        var before = config();
        var inside = SERVER.volumesRoot().toAbsolutePath().normalize().resolve(unique("loc"));

        assertRefused(
                put(admin(), "{\"backup_location\":\"" + inside + "\"}"),
                "backup_location",
                "overlaps the volumes root");
        assertThat(inside).doesNotExist();
        assertThat(config()).isEqualTo(before);
    }

    @Test
    void includePathsOutsideTheirRootsOrOnTheServersOwnFilesAreRefused() throws IOException {
        var before = config();
        var outside = remember(
                Files.createDirectories(BUILD.resolve("it-outside-paths").resolve(unique("p"))));
        var serverDir = SERVER.serverDir().toAbsolutePath().normalize();

        assertRefused(put(admin(), "{\"include_paths\":[\"" + outside + "\"]}"), "INCLUDE_PATH_ROOTS");
        assertRefused(put(admin(), "{\"include_paths\":[\"" + serverDir + "\"]}"), "include_paths");
        assertRefused(
                put(admin(), "{\"include_paths\":[\"" + serverDir.resolve("resources/security") + "\"]}"),
                "include_paths");
        // A link under the root that leads to the volumes is followed first: where it leads is outside the root.
        var link = remember(Files.createSymbolicLink(
                Files.createDirectories(INCLUDE_ROOT).resolve(unique("link")),
                SERVER.volumesRoot().toAbsolutePath().normalize()));
        assertRefused(put(admin(), "{\"include_paths\":[\"" + link + "\"]}"), "is outside", "INCLUDE_PATH_ROOTS");
        assertThat(config()).isEqualTo(before);

        var allowed = remember(Files.createDirectories(INCLUDE_ROOT.resolve(unique("app"))));
        try {
            assertThat(putConfig("{\"include_paths\":[\"" + allowed + "\"]}")
                            .get("include_paths")
                            .get(0)
                            .asText())
                    .isEqualTo(allowed.toString());
        } finally {
            putConfig("{\"include_paths\":[]}");
        }
    }

    @Test
    void theServersOwnFoldersAreRefusedOnTheEmbeddedDefaultsToo() {
        var embedded = Api.as(Role.ADMIN, Server.EMBEDDED);
        var dir = Server.EMBEDDED.serverDir().toAbsolutePath().normalize();
        var before = embedded.get("/api/v1/backups/config").json();

        // Under BACKUP_LOCATION_ROOTS (<server>/data), but holding the node id and the H2 database.
        assertRefused(put(embedded, "{\"backup_location\":\"" + dir.resolve("data") + "\"}"), "server's own files");
        assertRefused(put(embedded, "{\"backup_location\":\"" + dir + "\"}"), "BACKUP_LOCATION_ROOTS");
        assertRefused(put(embedded, "{\"include_paths\":[\"" + dir + "\"]}"), "INCLUDE_PATH_ROOTS");
        assertThat(embedded.get("/api/v1/backups/config").json()).isEqualTo(before);
    }

    @Test
    void aBackupsArchiveAndSidecarAndARestoreFolderAreTheOwnersOnly() throws IOException {
        var volume = smallVolume("private");
        var backup = completedBackup(volume.name());
        var id = backup.get("id").asText();
        var owner = PosixFilePermissions.fromString("rw-------");

        assertThat(Files.getPosixFilePermissions(
                        BACKUP_DIR.resolve(backup.get("archive_file").asText())))
                .isEqualTo(owner);
        assertThat(Files.getPosixFilePermissions(BACKUP_DIR.resolve(id + ".json")))
                .isEqualTo(owner);

        var restore = admin().post("/api/v1/backups/" + id + "/restore", "{\"verify_before_restore\":false}");
        assertThat(restore.status()).as(restore.toString()).isEqualTo(200);
        var restored = remember(Path.of(restore.json().get("restore_path").asText()));
        assertThat(Files.getPosixFilePermissions(restored)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }
}
