package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.archive.crypt.ArchiveEncryption;
import com.opscenter.archive.crypt.ArchiveKeyException;
import com.opscenter.archive.crypt.ArchiveKeys;
import com.opscenter.archive.format.BackupSidecar;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encrypted archives through the engine: written, verified with and without the key, listed and restored. */
class EncryptedArchiveTest {

    private static final String PASSPHRASE = "correct horse battery staple";

    @TempDir
    Path tmp;

    @Test
    void passphraseArchiveVerifiesListsAndRestoresWithTheKey() throws IOException {
        Path source = tree(tmp.resolve("src"));
        ArchiveResult result = write(source, ArchiveEncryption.passphrase(PASSPHRASE));
        ArchiveKeys keys = ArchiveKeys.of(List.of(PASSPHRASE), List.of(), null);

        assertThat(result.archive().getFileName().toString()).isEqualTo("backup-20261202-030000.tar.zst.gpg");
        BackupSidecar sidecar = BackupSidecar.read(result.sidecarFile());
        assertThat(sidecar.encryption().mode()).isEqualTo("passphrase");
        assertThat(sidecar.describesOwnArchive()).isTrue();
        assertThat(sidecar.archiveSha256()).isEqualTo(TreeSnapshot.sha256(result.archive()));
        assertThat(sidecar.archiveSize()).isEqualTo(Files.size(result.archive()));
        assertThat(Files.readString(result.sidecarFile())).doesNotContain(PASSPHRASE);

        Verifier.Result verified =
                new Verifier(Verifier.Limits.defaults(), tmp, keys).verify(result.archive(), sidecar.archiveSha256());
        assertThat(verified.valid()).isTrue();
        assertThat(verified.entriesChecked()).isTrue();
        assertThat(verified.filesCount()).isEqualTo(3);

        assertThat(new Restorer(Thread::new, keys).listContents(result.archive()))
                .extracting(Restorer.ContentEntry::path)
                .contains("volumes/data/a.txt", "volumes/data/sub/b.bin");

        Path restored = tmp.resolve("restored");
        new Restorer(Thread::new, keys).restore(result.archive(), "volumes/data", restored);
        assertThat(TreeSnapshot.of(restored)).containsExactlyEntriesOf(TreeSnapshot.of(source));
    }

    @Test
    void withoutTheKeyVerifyChecksOnlyTheFileAndSaysSo() throws IOException {
        ArchiveResult result = write(tree(tmp.resolve("src")), ArchiveEncryption.passphrase(PASSPHRASE));
        String sha = result.sidecar().archiveSha256();

        Verifier.Result verified = new Verifier(Verifier.Limits.defaults(), tmp).verify(result.archive(), sha);

        assertThat(verified.valid()).isTrue();
        assertThat(verified.checksumMatch()).isTrue();
        assertThat(verified.entriesChecked()).isFalse();
        assertThat(verified.warning()).contains("entries not checked", "no passphrase is configured");
    }

    @Test
    void wrongOrMissingKeyIsAKeyErrorThatNamesNoSecret() throws IOException {
        ArchiveResult result = write(tree(tmp.resolve("src")), ArchiveEncryption.passphrase(PASSPHRASE));
        ArchiveKeys wrong = ArchiveKeys.of(List.of("not the passphrase"), List.of(), null);

        assertThatThrownBy(() -> new Restorer(Thread::new, wrong).restore(result.archive(), tmp.resolve("r1")))
                .isInstanceOf(ArchiveKeyException.class)
                .hasMessageContaining("the configured passphrase does not open it")
                .hasMessageNotContaining("not the passphrase");
        assertThatThrownBy(() -> new Restorer(Thread::new).listContents(result.archive()))
                .isInstanceOf(ArchiveKeyException.class)
                .hasMessageContaining("no passphrase is configured");
        assertThat(tmp.resolve("r1")).doesNotExist();
    }

    @Test
    void anOlderPassphraseStillOpensItsArchives() throws IOException {
        ArchiveResult result = write(tree(tmp.resolve("src")), ArchiveEncryption.passphrase("last year's"));
        ArchiveKeys rotated = ArchiveKeys.of(List.of(PASSPHRASE, "last year's"), List.of(), null);

        Verifier.Result verified = new Verifier(Verifier.Limits.defaults(), tmp, rotated)
                .verify(result.archive(), result.sidecar().archiveSha256());

        assertThat(verified.valid()).isTrue();
        assertThat(verified.entriesChecked()).isTrue();
    }

    @Test
    void aChangedByteFailsVerificationAndRestore() throws IOException {
        ArchiveResult result = write(tree(tmp.resolve("src")), ArchiveEncryption.passphrase(PASSPHRASE));
        ArchiveKeys keys = ArchiveKeys.of(List.of(PASSPHRASE), List.of(), null);
        String sha = result.sidecar().archiveSha256();
        try (var file = new RandomAccessFile(result.archive().toFile(), "rw")) {
            long at = file.length() - 30;
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x01);
        }

        Verifier.Result verified = new Verifier(Verifier.Limits.defaults(), tmp, keys).verify(result.archive(), sha);
        assertThat(verified.valid()).isFalse();
        assertThat(verified.checksumMatch()).isFalse();
        assertThat(verified.entriesChecked()).isTrue();
        assertThat(String.join("\n", verified.errors())).containsAnyOf("integrity", "corrupt");
        assertThatThrownBy(() -> new Restorer(Thread::new, keys).restore(result.archive(), tmp.resolve("r")))
                .isInstanceOf(RestoreRejectedException.class);
        assertThat(tmp.resolve("r")).doesNotExist();
    }

    @Test
    void plainArchivesReadAsBeforeWhateverKeysAreConfigured() throws IOException {
        Path source = tree(tmp.resolve("src"));
        ArchiveResult result = write(source, null);
        ArchiveKeys keys = ArchiveKeys.of(List.of(PASSPHRASE), List.of(), null);

        assertThat(result.archive().getFileName().toString()).isEqualTo("backup-20261202-030000.tar.zst");
        assertThat(result.sidecar().encryption()).isNull();
        assertThat(Files.readString(result.sidecarFile())).doesNotContain("encryption");
        Verifier.Result verified = new Verifier(Verifier.Limits.defaults(), tmp, keys)
                .verify(result.archive(), result.sidecar().archiveSha256());
        assertThat(verified.valid()).isTrue();
        assertThat(verified.entriesChecked()).isTrue();
        Path restored = tmp.resolve("restored");
        new Restorer(Thread::new, keys).restore(result.archive(), "volumes/data", restored);
        assertThat(TreeSnapshot.of(restored)).containsExactlyEntriesOf(TreeSnapshot.of(source));
    }

    static Path tree(Path root) throws IOException {
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("a.txt"), "hello, encrypted world\n".repeat(1000));
        byte[] random = new byte[300_000];
        new java.util.Random(7).nextBytes(random);
        Files.write(root.resolve("sub/b.bin"), random);
        Files.write(root.resolve("sub/empty"), new byte[0]);
        Files.createSymbolicLink(root.resolve("link"), Path.of("a.txt"));
        return root;
    }

    ArchiveResult write(Path source, ArchiveEncryption encryption) throws IOException {
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        ArchiveSpec spec = new ArchiveSpec(
                "backup-20261202-030000",
                backups,
                List.of(new ArchiveSpec.Source("volumes/data", source)),
                List.of(),
                Codec.ZSTD,
                3,
                "manual",
                null,
                Instant.parse("2026-12-02T03:00:00Z"),
                List.of("data"),
                List.of());
        return new Archiver(Thread::new).create(spec, encryption, Archiver.ProgressListener.NONE);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
