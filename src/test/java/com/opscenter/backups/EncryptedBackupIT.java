package com.opscenter.backups;

import static com.opscenter.backups.BackupFixtures.BUILD;
import static com.opscenter.backups.BackupFixtures.RESTORE_ROOT;
import static com.opscenter.backups.BackupFixtures.admin;
import static com.opscenter.backups.BackupFixtures.archiveOf;
import static com.opscenter.backups.BackupFixtures.completedBackup;
import static com.opscenter.backups.BackupFixtures.config;
import static com.opscenter.backups.BackupFixtures.putConfig;
import static com.opscenter.backups.BackupFixtures.remember;
import static com.opscenter.backups.BackupFixtures.smallVolume;
import static com.opscenter.backups.BackupFixtures.snapshot;
import static com.opscenter.backups.BackupFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Locks;
import com.opscenter.it.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * An encrypted backup through the API on itPostgres, whose BACKUP_ENCRYPTION_PASSPHRASE_FILE names a file this
 * test writes and removes: with the passphrase the backup verifies every entry, lists its contents and restores;
 * gpg opens the archive; without it, verify checks the SHA-256 and says the entries were not checked, and
 * contents and restore are a clear 409; and encryption without key material is refused (400). One test, in
 * order, so the configuration is put back whatever fails.
 */
@ResourceLock(Locks.POSTGRES)
class EncryptedBackupIT {

    private static final Path PASSPHRASE_FILE = BUILD.resolve("it-encryption/passphrase");
    private static final String PASSPHRASE = "it passphrase, never shown";

    @Test
    void anEncryptedBackupVerifiesListsAndRestoresWithTheKeyAndIsRefusedClearlyWithout() throws IOException {
        var created = new ArrayList<String>();
        Files.deleteIfExists(PASSPHRASE_FILE);
        // The shared database may hold another run's folder; this server writes into its own.
        var location = config().get("backup_location").asText();
        try {
            putConfig("{\"backup_location\":\"" + BackupFixtures.BACKUP_DIR + "\"}");
            var refused = admin().put("/api/v1/backups/config", "{\"encryption\":\"all\"}");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.json().get("detail").asText()).contains("BACKUP_ENCRYPTION_PASSPHRASE");
            var unknown = admin().put("/api/v1/backups/config", "{\"encryption\":\"some\"}");
            assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);

            Files.createDirectories(PASSPHRASE_FILE.getParent());
            Files.writeString(PASSPHRASE_FILE, PASSPHRASE + "\n");
            var configured = putConfig("{\"encryption\":\"all\",\"compression\":\"zstd\",\"compression_level\":3}");
            assertThat(configured.get("encryption").asText()).isEqualTo("all");
            assertThat(configured.toString()).doesNotContain(PASSPHRASE);

            var volume = smallVolume("encrypted");
            var expected = snapshot(volume.path());
            var backup = completedBackup(volume.name());
            var id = backup.get("id").asText();
            created.add(id);
            var archive = archiveOf(backup);
            assertThat(archive.getFileName().toString()).isEqualTo(id + ".tar.zst.gpg");
            assertThat(BackupFixtures.sha256(archive))
                    .isEqualTo(backup.get("sha256").asText());
            var sidecar = Files.readString(archive.resolveSibling(id + ".json"));
            assertThat(sidecar)
                    .contains("\"encryption\":{\"mode\":\"passphrase\"")
                    .doesNotContain(PASSPHRASE);

            var listed = Processes.check(
                    "bash",
                    "-c",
                    "set -o pipefail; home=$(mktemp -d); gpg --batch --quiet --homedir \"$home\" --pinentry-mode"
                            + " loopback --passphrase-file '" + PASSPHRASE_FILE + "' --decrypt '" + archive
                            + "' 2>/dev/null | zstd -d | tar -t; status=$?; gpgconf --homedir \"$home\" --kill all;"
                            + " rm -rf \"$home\"; exit $status");
            assertThat(listed).contains("volumes/" + volume.name() + "/hello.txt");

            var verified = admin().post("/api/v1/backups/verify/" + id, "");
            assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
            assertThat(verified.json().get("valid").asBoolean()).isTrue();
            assertThat(verified.json().get("entries_checked").asBoolean()).isTrue();

            var contents = admin().get("/api/v1/backups/" + id + "/contents");
            assertThat(contents.status()).as(contents.toString()).isEqualTo(200);
            assertThat(contents.body()).contains("volumes/" + volume.name() + "/sub/deeper/data.csv");

            var target = remember(RESTORE_ROOT.resolve(unique("encrypted")));
            var restored = admin().post(
                            "/api/v1/backups/" + id + "/restore",
                            "{\"restore_path\":\"" + target + "\",\"verify_before_restore\":true}");
            assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
            assertThat(snapshot(target.resolve("volumes").resolve(volume.name())))
                    .isEqualTo(expected);

            // The key goes away: the file is still checked, its entries are not, and reading it is refused.
            Files.delete(PASSPHRASE_FILE);
            var unchecked = admin().post("/api/v1/backups/verify/" + id, "");
            assertThat(unchecked.status()).as(unchecked.toString()).isEqualTo(200);
            assertThat(unchecked.json().get("checksum_match").asBoolean()).isTrue();
            assertThat(unchecked.json().get("entries_checked").asBoolean()).isFalse();
            assertThat(unchecked.json().get("warning").asText()).contains("entries not checked");

            for (var response : List.of(
                    admin().get("/api/v1/backups/" + id + "/contents"),
                    admin().post(
                                    "/api/v1/backups/" + id + "/restore",
                                    "{\"restore_path\":\"" + RESTORE_ROOT.resolve(unique("nokey")) + "\"}"))) {
                assertThat(response.status()).as(response.toString()).isEqualTo(409);
                assertThat(response.json().get("detail").asText())
                        .contains("encrypted", "no passphrase is configured")
                        .doesNotContain(PASSPHRASE);
            }
        } finally {
            Files.writeString(PASSPHRASE_FILE, PASSPHRASE + "\n");
            created.forEach(BackupFixtures::deleteQuietly);
            putConfig("{\"encryption\":\"none\",\"compression\":\"gzip\",\"compression_level\":6}");
            admin().put("/api/v1/backups/config", "{\"backup_location\":\"" + location + "\"}");
            Files.deleteIfExists(PASSPHRASE_FILE);
            BackupFixtures.removeCreatedFolders();
        }
    }
}
