package com.opscenter.backups;

import static com.opscenter.backups.BackupFixtures.admin;
import static com.opscenter.backups.BackupFixtures.archiveOf;
import static com.opscenter.backups.BackupFixtures.completedBackup;
import static com.opscenter.backups.BackupFixtures.details;
import static com.opscenter.backups.BackupFixtures.smallVolume;
import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.it.Locks;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The catalog on PostgreSQL follows the backup folder: an archive that comes back makes its backup usable again,
 * and a backup's list of volumes is kept whole however long it is.
 */
@ResourceLock(Locks.POSTGRES)
class CatalogFollowsFolderIT {

    static final List<String> created = new ArrayList<>();

    @AfterAll
    static void tidyUp() {
        created.forEach(BackupFixtures::deleteQuietly);
        BackupFixtures.removeCreatedFolders();
    }

    @Test
    void aMissingBackupWhoseArchiveIsPutBackIsUsableAgain() throws Exception {
        var backup = completedBackup(smallVolume("comes-back").name());
        var id = backup.get("id").asText();
        created.add(id);
        var archive = archiveOf(backup);
        var away = archive.resolveSibling(archive.getFileName() + ".away");
        Files.move(archive, away);

        assertThat(admin().post("/api/v1/backups/verify/" + id, "").status()).isEqualTo(410);
        assertThat(details(id).get("status").asText()).isEqualTo("missing");

        Files.move(away, archive);
        var listed = admin().get("/api/v1/backups");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().get("backups").findValues("id").stream()
                        .filter(n -> n.asText().equals(id))
                        .count())
                .isOne();
        assertThat(details(id).get("status").asText()).isEqualTo("completed");
        var verify = admin().post("/api/v1/backups/verify/" + id, "");
        assertThat(verify.status()).as(verify.toString()).isEqualTo(200);
        assertThat(verify.json().get("valid").asBoolean()).as(verify.toString()).isTrue();
    }

    @Test
    void aBackupOfFiveHundredLongNamedVolumesKeepsEveryName() throws Exception {
        var tag = UUID.randomUUID().toString().substring(0, 8);
        var names = IntStream.range(0, 500)
                .mapToObj(i -> {
                    var head = "itbk-long-" + tag + "-" + String.format("%03d", i) + "-";
                    return head + "v".repeat(255 - head.length());
                })
                .toList();
        var root = BackupFixtures.SERVER.volumesRoot().toAbsolutePath().normalize();
        for (var name : names) {
            var dir = BackupFixtures.remember(Files.createDirectories(root.resolve(name)));
            Files.writeString(dir.resolve("f.txt"), name.substring(0, 20));
        }

        var backup = completedBackup(names.toArray(String[]::new));
        var id = backup.get("id").asText();
        created.add(id);

        var volumes = new ArrayList<String>();
        details(id).get("volumes").forEach(v -> volumes.add(v.asText()));
        assertThat(volumes).hasSize(500).containsExactlyInAnyOrderElementsOf(names);
    }
}
