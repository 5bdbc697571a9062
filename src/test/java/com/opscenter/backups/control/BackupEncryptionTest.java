package com.opscenter.backups.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.archive.ArchiveResult;
import com.opscenter.archive.ArchiveSpec;
import com.opscenter.archive.Archiver;
import com.opscenter.archive.Codec;
import com.opscenter.archive.Restorer;
import com.opscenter.archive.Verifier;
import com.opscenter.archive.format.BackupSidecar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration's encryption against the key material: what is refused, what is read, the cloud copy. */
class BackupEncryptionTest {

    @TempDir
    Path tmp;

    @Test
    void aModeWithoutKeyMaterialOrAnUnknownModeIsRefused() {
        var none = new BackupEncryption(settings(null, null), () -> "none");

        none.requireUsable("none");
        assertThatThrownBy(() -> none.requireUsable("all"))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageContaining("BACKUP_ENCRYPTION_PASSPHRASE");
        assertThatThrownBy(() -> none.requireUsable("cloud")).isInstanceOf(InvalidBackupRequest.class);
        assertThatThrownBy(() -> none.requireUsable("yes"))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageContaining("none, cloud, all");
        var missingFile = new BackupEncryption(settings(null, tmp.resolve("absent")), () -> "none");
        assertThatThrownBy(() -> missingFile.requireUsable("all"))
                .isInstanceOf(InvalidBackupRequest.class)
                .hasMessageContaining("not a readable file");
        assertThat(missingFile.keys().isEmpty())
                .as("an absent file reads as no key")
                .isTrue();
    }

    @Test
    void thePassphraseFileGivesTheCurrentPassphraseAndAcceptsEarlierOnes() throws IOException {
        var file = Files.writeString(tmp.resolve("passphrase"), "old one\n");
        var before = new BackupEncryption(settings(null, file), () -> "all");
        var archive = write(before.forLocalArchives().orElseThrow());

        Files.writeString(file, "new one\nold one\n");
        var after = new BackupEncryption(settings(null, file), () -> "all");

        var verified = new Verifier(Verifier.Limits.defaults(), tmp, after.keys())
                .verify(archive.archive(), archive.sidecar().archiveSha256());
        assertThat(verified.valid()).isTrue();
        assertThat(verified.entriesChecked()).isTrue();
        assertThat(new BackupEncryption(settings("new one", null), () -> "all").forLocalArchives())
                .isPresent();
    }

    @Test
    void cloudModeEncryptsOnlyTheUploadWithASidecarThatDescribesIt() throws IOException {
        var encryption = new BackupEncryption(settings("s3cret", null), () -> "cloud");
        assertThat(encryption.forLocalArchives()).isEmpty();
        var plain = write(null);

        try (var copy =
                encryption.forUpload(plain.archive(), plain.sidecarFile()).orElseThrow()) {
            var sidecar = copy.sidecar();
            assertThat(sidecar.archiveFile()).isEqualTo("backup-20261202-050000.tar.zst.gpg");
            assertThat(sidecar.describesOwnArchive()).isTrue();
            assertThat(sidecar.archiveSize()).isEqualTo(Files.size(copy.archive()));
            assertThat(BackupSidecar.read(copy.sidecarFile())).isEqualTo(sidecar);
            assertThat(Files.readString(copy.sidecarFile())).doesNotContain("s3cret");
            var verified = new Verifier(Verifier.Limits.defaults(), tmp, encryption.keys())
                    .verify(copy.archive(), sidecar.archiveSha256());
            assertThat(verified.valid()).isTrue();
            assertThat(verified.entriesChecked()).isTrue();
            assertThat(new Restorer(Thread::new, encryption.keys()).listContents(copy.archive()))
                    .isNotEmpty();
        }
        try (var files = Files.list(plain.archive().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("the temporary copy is gone")
                    .containsExactlyInAnyOrder(
                            "backup-20261202-050000.tar.zst",
                            "backup-20261202-050000.json",
                            "backup-20261202-050000.index.jsonl.gz");
        }
        assertThat(new BackupEncryption(settings("s3cret", null), () -> "none")
                        .forUpload(plain.archive(), plain.sidecarFile()))
                .isEmpty();
    }

    private ArchiveResult write(com.opscenter.archive.crypt.ArchiveEncryption encryption) throws IOException {
        var source = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(source.resolve("a.txt"), "a\n".repeat(500));
        var spec = new ArchiveSpec(
                "backup-20261202-050000",
                Files.createDirectories(tmp.resolve("backups")),
                List.of(new ArchiveSpec.Source("volumes/v", source)),
                List.of(),
                Codec.ZSTD,
                3,
                "manual",
                null,
                Instant.parse("2026-12-02T05:00:00Z"),
                List.of("v"),
                List.of());
        return new Archiver(Thread::new).create(spec, encryption, Archiver.ProgressListener.NONE);
    }

    private static EncryptionSettings settings(String passphrase, Path passphraseFile) {
        var s = new EncryptionSettings();
        s.passphrase = Optional.ofNullable(passphrase);
        s.passphraseFile = Optional.ofNullable(passphraseFile).map(Path::toString);
        s.publicKeysFile = Optional.empty();
        s.privateKeysFile = Optional.empty();
        s.privateKeyPassphrase = Optional.empty();
        s.privateKeyPassphraseFile = Optional.empty();
        return s;
    }
}
