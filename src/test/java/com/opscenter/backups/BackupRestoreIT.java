package com.opscenter.backups;

import static com.opscenter.backups.BackupFixtures.RESTORE_ROOT;
import static com.opscenter.backups.BackupFixtures.admin;
import static com.opscenter.backups.BackupFixtures.archiveOf;
import static com.opscenter.backups.BackupFixtures.completedBackup;
import static com.opscenter.backups.BackupFixtures.listing;
import static com.opscenter.backups.BackupFixtures.remember;
import static com.opscenter.backups.BackupFixtures.smallVolume;
import static com.opscenter.backups.BackupFixtures.snapshot;
import static com.opscenter.backups.BackupFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opscenter.it.Api;
import com.opscenter.it.Locks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Restores through the API: what comes back equals what was backed up, in a folder or in place, and a restore
 * never writes outside the restore root nor from an archive that fails verification.
 */
@ResourceLock(Locks.POSTGRES)
class BackupRestoreIT {

    static BackupFixtures.Volume rich;
    static Map<String, String> richSnapshot;
    static JsonNode richBackup;
    static final List<String> created = new ArrayList<>();

    @BeforeAll
    static void backUpAVolumeWithEveryKindOfEntry() throws IOException {
        BackupFixtures.useDefaultCodec();
        rich = BackupFixtures.newVolume("fidelity");
        populate(rich.path());
        richSnapshot = snapshot(rich.path());
        richBackup = completedBackup(rich.name());
        created.add(richBackup.get("id").asText());
    }

    @AfterAll
    static void tidyUp() {
        created.forEach(BackupFixtures::deleteQuietly);
        BackupFixtures.removeCreatedFolders();
    }

    /** Files, an empty folder, symlinks to a file and a folder, a hard link, modes, odd and long names, old mtimes. */
    static void populate(Path root) throws IOException {
        var docs = Files.createDirectories(root.resolve("docs"));
        Files.writeString(docs.resolve("readme.txt"), "read me\n".repeat(1000));
        Files.createLink(docs.resolve("readme-hardlink.txt"), docs.resolve("readme.txt"));
        Files.createDirectories(root.resolve("empty"));
        Files.createDirectories(root.resolve("nested/a/b/c"));
        Files.write(root.resolve("nested/a/b/c/blob.bin"), new byte[] {0, 1, 2, 3, (byte) 0xff, 0, 10, 13});
        Files.createFile(root.resolve("zero-bytes"));
        Files.createSymbolicLink(root.resolve("link-to-readme"), Path.of("docs/readme.txt"));
        Files.createSymbolicLink(root.resolve("link-to-docs"), Path.of("docs"));
        var secret = Files.writeString(root.resolve("secret.key"), "top secret\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        var script = Files.writeString(root.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(root.resolve("Grüße-日本語-ñ.txt"), "non-ASCII name\n");
        Files.writeString(docs.resolve("long-" + "n".repeat(180) + ".txt"), "long name\n");
        Files.setPosixFilePermissions(root.resolve("empty"), PosixFilePermissions.fromString("rwx------"));

        var time = Instant.parse("2021-03-04T05:06:07Z");
        try (var paths = Files.walk(root)) {
            // Children before parents, so setting a file's time does not move its folder's time afterwards.
            for (var p :
                    paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                if (!Files.isSymbolicLink(p)) {
                    time = time.plusSeconds(3600);
                    Files.setLastModifiedTime(p, FileTime.from(time));
                }
            }
        }
    }

    @Test
    void restoreToTheDefaultPlaceReproducesTheTreeExactly() throws IOException {
        var id = richBackup.get("id").asText();

        // As the spec's example: the body repeats the backup's id.
        var response = admin().post(
                        "/api/v1/backups/" + id + "/restore",
                        "{\"backup_id\":\"" + id + "\",\"verify_before_restore\":true}");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var body = response.json();
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("backup_id").asText()).isEqualTo(id);
        assertThat(body.get("message").asText()).isNotBlank();
        var target = remember(Path.of(body.get("restore_path").asText()));
        assertThat(target.getFileName().toString()).startsWith("restore_" + id);
        assertThat(target.getParent()).isEqualTo(RESTORE_ROOT.toRealPath());
        assertThat(snapshot(target.resolve("volumes").resolve(rich.name()))).isEqualTo(richSnapshot);
        assertThat(snapshot(rich.path())).as("the source is untouched").isEqualTo(richSnapshot);
    }

    @Test
    void restoreIntoAFolderUnderTheRootReproducesTheTreeExactly() throws IOException {
        var id = richBackup.get("id").asText();
        var target = remember(RESTORE_ROOT.resolve(unique("explicit")));

        var response = admin().post(
                        "/api/v1/backups/" + id + "/restore",
                        "{\"restore_path\":\"" + target + "\",\"verify_before_restore\":false}");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(Path.of(response.json().get("restore_path").asText())).isEqualTo(target.toRealPath());
        assertThat(snapshot(target.resolve("volumes").resolve(rich.name()))).isEqualTo(richSnapshot);
    }

    @Test
    void restoreInPlaceBringsAChangedVolumeBackAsItWas() throws IOException {
        var volume = BackupFixtures.newVolume("inplace");
        populate(volume.path());
        var original = snapshot(volume.path());
        var id = completedBackup(volume.name()).get("id").asText();
        created.add(id);
        Files.writeString(volume.path().resolve("docs/readme.txt"), "overwritten");
        Files.delete(volume.path().resolve("secret.key"));
        Files.writeString(volume.path().resolve("added-later.txt"), "new");
        Files.delete(volume.path().resolve("link-to-docs"));
        Files.createSymbolicLink(volume.path().resolve("link-to-docs"), Path.of("nested"));
        Files.setPosixFilePermissions(volume.path().resolve("run.sh"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.delete(volume.path().resolve("empty"));
        assertThat(snapshot(volume.path())).isNotEqualTo(original);

        var response = admin().post(
                        "/api/v1/backups/" + id + "/restore",
                        "{\"volume\":\"" + volume.name() + "\",\"verify_before_restore\":true}");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("success").asBoolean()).isTrue();
        assertThat(snapshot(volume.path())).isEqualTo(original);
        try (var siblings = Files.list(volume.path().getParent())) {
            assertThat(siblings.map(p -> p.getFileName().toString()))
                    .as("no temporary folder is left next to the volume")
                    .filteredOn(name -> name.contains(volume.name()) && !name.equals(volume.name()))
                    .isEmpty();
        }
    }

    @Test
    void restoreInPlaceRejectsAVolumeTheBackupDoesNotHold() throws IOException {
        var other = smallVolume("not-in-backup");
        var before = snapshot(other.path());

        var response = admin().post(
                        "/api/v1/backups/" + richBackup.get("id").asText() + "/restore",
                        "{\"volume\":\"" + other.name() + "\"}");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(snapshot(other.path())).isEqualTo(before);
    }

    /**
     * A volume may hold a link to an absolute path; backing it up keeps the link. Restoring it would plant a
     * link that leads outside the destination, which the restorer refuses for every archive: 422 with the
     * entry and the reason, audited, and nothing written.
     */
    @Test
    void aLinkLeadingOutsideIsRestoredExactlyAsStoredAndNothingIsWrittenThroughIt() throws IOException {
        var volume = smallVolume("escaping-link");
        Files.createSymbolicLink(volume.path().resolve("passwd"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(volume.path().resolve("up"), Path.of("../../.."));
        var passwdBefore = Files.readAllBytes(Path.of("/etc/passwd"));
        var backup = completedBackup(volume.name());
        var id = backup.get("id").asText();
        var target = RESTORE_ROOT.resolve(unique("links"));
        remember(target);

        var response = admin().post("/api/v1/backups/" + id + "/restore", "{\"restore_path\":\"" + target + "\"}");

        // As GNU tar, restic and borg do: links are data, restored verbatim, never followed while writing.
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var restored = target.resolve("volumes").resolve(volume.name());
        assertThat(Files.readSymbolicLink(restored.resolve("passwd"))).isEqualTo(Path.of("/etc/passwd"));
        assertThat(Files.readSymbolicLink(restored.resolve("up"))).isEqualTo(Path.of("../../.."));
        assertThat(Files.readAllBytes(Path.of("/etc/passwd"))).isEqualTo(passwdBefore);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "/",
                "/etc",
                "/etc/{rand}",
                "/usr/{rand}",
                "/tmp/{rand}",
                "{build}/{rand}",
                "{root}/a/../../{rand}",
                "{root}/../{rand}",
                "../{rand}",
                "{root}/./x/../../../{rand}",
                "{root}",
                "/proc/self/cwd/{rand}",
                ""
            })
    void restoreRejectsPathsOutsideTheRestoreRootAndWritesNothing(String template) throws IOException {
        var rand = unique("outside");
        var restorePath = template.replace("{rand}", rand)
                .replace("{build}", BackupFixtures.BUILD.toString())
                .replace("{root}", RESTORE_ROOT.toString());
        Files.createDirectories(RESTORE_ROOT);
        var rootBefore = listing(RESTORE_ROOT);

        var response = restore(restorePath);

        assertThat(response.status()).as(restorePath + ": " + response).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).isNotBlank();
        assertThat(listing(RESTORE_ROOT)).isEqualTo(rootBefore);
        for (var candidate : List.of(
                Path.of("/etc", rand),
                Path.of("/usr", rand),
                Path.of("/tmp", rand),
                BackupFixtures.BUILD.resolve(rand),
                BackupFixtures.BUILD.resolve("it-postgres").resolve(rand))) {
            assertThat(candidate).doesNotExist();
        }
    }

    @Test
    void restoreRejectsASymlinkInsideTheRootThatLeadsOutside() throws IOException {
        var outside = remember(Files.createDirectories(BackupFixtures.BUILD.resolve(unique("outside-target"))));
        Files.createDirectories(RESTORE_ROOT);
        var link = remember(Files.createSymbolicLink(RESTORE_ROOT.resolve(unique("escape")), outside));

        for (var restorePath : List.of(
                link.toString(),
                link.resolve("sub").toString(),
                link.resolve("sub/deeper").toString())) {
            var response = restore(restorePath);

            assertThat(response.status()).as(restorePath + ": " + response).isEqualTo(400);
            assertThat(listing(outside)).as("nothing written through the link").containsExactly("");
        }
        assertThat(Files.readSymbolicLink(link)).isEqualTo(outside);
    }

    @Test
    void restoreRejectsARelativePathThatClimbsThroughASymlink() throws IOException {
        var outside = remember(Files.createDirectories(BackupFixtures.BUILD.resolve(unique("outside-rel"))));
        Files.createDirectories(RESTORE_ROOT);
        var link = remember(Files.createSymbolicLink(RESTORE_ROOT.resolve(unique("rel-escape")), outside));

        var response = restore(link.getFileName() + "/inside");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(listing(outside)).containsExactly("");
    }

    @Test
    void restoreOfACorruptedArchiveWithVerificationIsRefusedAndWritesNothing() throws IOException {
        var volume = smallVolume("corrupt");
        BackupFixtures.fillRandom(volume.path(), 3, 64 << 10);
        var volumeBefore = snapshot(volume.path());
        var done = completedBackup(volume.name());
        var id = done.get("id").asText();
        created.add(id);
        BackupsIT.flipMiddleByte(archiveOf(done));
        Files.createDirectories(RESTORE_ROOT);
        var rootBefore = listing(RESTORE_ROOT);
        var target = RESTORE_ROOT.resolve(unique("corrupt-target"));

        var explicit = admin().post(
                        "/api/v1/backups/" + id + "/restore",
                        "{\"restore_path\":\"" + target + "\",\"verify_before_restore\":true}");
        var byDefault = admin().post("/api/v1/backups/" + id + "/restore", "{}");
        var inPlace = admin().post("/api/v1/backups/" + id + "/restore", "{\"volume\":\"" + volume.name() + "\"}");

        for (var response : List.of(explicit, byDefault, inPlace)) {
            assertThat(response.status()).as(response.toString()).isEqualTo(409);
            assertThat(response.json().get("detail").asText()).isNotBlank();
        }
        assertThat(target).doesNotExist();
        assertThat(listing(RESTORE_ROOT)).isEqualTo(rootBefore);
        assertThat(snapshot(volume.path())).isEqualTo(volumeBefore);
    }

    @Test
    void restoreRejectsBothRestorePathAndVolume() {
        var response = admin().post(
                        "/api/v1/backups/" + richBackup.get("id").asText() + "/restore",
                        "{\"restore_path\":\"" + RESTORE_ROOT.resolve(unique("both")) + "\",\"volume\":\"" + rich.name()
                                + "\"}");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
    }

    @Test
    void restoreRefusesABodyNamingAnotherBackup() throws IOException {
        Files.createDirectories(RESTORE_ROOT);
        var rootBefore = listing(RESTORE_ROOT);
        var id = richBackup.get("id").asText();

        var response = admin().post(
                        "/api/v1/backups/" + id + "/restore",
                        "{\"backup_id\":\"backup-19990101-000000\",\"verify_before_restore\":false}");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("detail").asText())
                .contains("backup_id")
                .contains("backup-19990101-000000")
                .contains(id);
        assertThat(listing(RESTORE_ROOT)).isEqualTo(rootBefore);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"{\"restore_path\": ", "{\"verify_before_restore\":\"sometimes\"}", "[]"})
    void restoreRejectsMalformedBodies(String body) throws IOException {
        Files.createDirectories(RESTORE_ROOT);
        var rootBefore = listing(RESTORE_ROOT);

        var response = admin().post("/api/v1/backups/" + richBackup.get("id").asText() + "/restore", body);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).isNotBlank();
        assertThat(listing(RESTORE_ROOT)).isEqualTo(rootBefore);
    }

    @Test
    void restoreOfOneFolderAndOneFileBringsOnlyThemBackUnderTheirPaths() throws IOException {
        var id = richBackup.get("id").asText();
        var target = remember(RESTORE_ROOT.resolve(unique("partial")));
        var volume = "volumes/" + rich.name();
        var body = Api.JSON.createObjectNode();
        body.put("restore_path", target.toString());
        body.putArray("paths").add(volume + "/nested").add(volume + "/secret.key");

        var response = admin().post("/api/v1/backups/" + id + "/restore", body.toString());

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var answer = response.json();
        assertThat(answer.get("success").asBoolean()).isTrue();
        assertThat(answer.get("files_restored").asLong()).isEqualTo(2);
        assertThat(answer.get("bytes_restored").asLong()).isEqualTo(8 + "top secret\n".length());
        assertThat(answer.get("paths"))
                .extracting(JsonNode::asText)
                .containsExactly(volume + "/nested", volume + "/secret.key");
        var restored = target.resolve("volumes").resolve(rich.name());
        var expected = new java.util.TreeMap<String, String>();
        richSnapshot.forEach((path, node) -> {
            if (path.equals("nested") || path.startsWith("nested/") || path.equals("secret.key")) {
                expected.put(path, node);
            }
        });
        var got = snapshot(restored);
        got.remove("");
        assertThat(got).as("only the selection, exactly as backed up").isEqualTo(expected);

        var audit = admin().get("/api/v1/audit?action=backup.restore&outcome=success&limit=500");
        assertThat(audit.json().get("entries"))
                .anySatisfy(e -> assertThat(e.get("target").asText() + " "
                                + e.get("details").asText())
                        .contains(id)
                        .contains("paths=2"));
    }

    @Test
    void aSelectedHardLinkWhoseFirstNameIsNotSelectedComesBackWithItsContent() throws IOException {
        var id = richBackup.get("id").asText();
        var target = remember(RESTORE_ROOT.resolve(unique("hardlink")));
        var volume = "volumes/" + rich.name();
        // Sorted, docs/readme-hardlink.txt is the first name: the archive stores docs/readme.txt as a link to it.
        var body = Api.JSON.createObjectNode();
        body.put("restore_path", target.toString());
        body.put("verify_before_restore", false);
        body.putArray("paths").add(volume + "/docs/readme.txt");

        var response = admin().post("/api/v1/backups/" + id + "/restore", body.toString());

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var docs = target.resolve("volumes").resolve(rich.name()).resolve("docs");
        assertThat(docs.resolve("readme.txt")).isRegularFile().hasContent("read me\n".repeat(1000));
        try (var inDocs = Files.list(docs)) {
            assertThat(inDocs.map(p -> p.getFileName().toString())).containsExactly("readme.txt");
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "{\"paths\":[]}",
                "{\"paths\":[\"/etc/passwd\"]}",
                "{\"paths\":[\"volumes/VOL/../../etc\"]}",
                "{\"paths\":[\"volumes//VOL\"]}",
                "{\"paths\":[\"volumes/VOL/\"]}",
                "{\"paths\":[null]}",
                "{\"paths\":\"volumes/VOL\"}",
                "{\"paths\":[\"volumes/VOL/docs\"],\"volume\":\"VOL\"}",
                "{\"paths\":[\"volumes/VOL/docs\",\"volumes/VOL/not-in-the-backup\"]}"
            })
    void restoreOfPathsRefusesBadOnesAndWritesNothing(String template) throws IOException {
        Files.createDirectories(RESTORE_ROOT);
        var rootBefore = listing(RESTORE_ROOT);
        var volumeBefore = snapshot(rich.path());
        var body = template.replace("VOL", rich.name());

        var response = admin().post("/api/v1/backups/" + richBackup.get("id").asText() + "/restore", body);

        assertThat(response.status()).as(body + ": " + response).isEqualTo(400);
        var detail = response.json().get("detail").asText();
        assertThat(detail).isNotBlank();
        if (body.contains("not-in-the-backup")) {
            assertThat(detail)
                    .contains("volumes/" + rich.name() + "/not-in-the-backup")
                    .doesNotContain("/docs'");
        }
        if (body.contains("\"volume\"")) {
            assertThat(detail).contains("paths cannot go with volume");
        }
        assertThat(listing(RESTORE_ROOT)).isEqualTo(rootBefore);
        assertThat(snapshot(rich.path())).isEqualTo(volumeBefore);
    }

    @Test
    void restoreOfMoreThanAThousandPathsIsRefused() throws IOException {
        var body = Api.JSON.createObjectNode();
        var paths = body.putArray("paths");
        for (int i = 0; i < 1001; i++) {
            paths.add("volumes/" + rich.name() + "/docs");
        }

        var response = admin().post("/api/v1/backups/" + richBackup.get("id").asText() + "/restore", body.toString());

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).contains("paths", "1 to 1000");
    }

    static Api.Response restore(String restorePath) {
        var body = Api.JSON.createObjectNode();
        body.put("restore_path", restorePath);
        body.put("verify_before_restore", false);
        return admin().post("/api/v1/backups/" + richBackup.get("id").asText() + "/restore", body.toString());
    }
}
