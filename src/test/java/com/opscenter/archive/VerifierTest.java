package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.archive.format.EntryType;
import com.opscenter.archive.format.Manifest;
import com.opscenter.archive.format.ManifestEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VerifierTest {

    @TempDir
    Path tmp;

    private ArchiveResult backup(Codec codec) throws IOException {
        Path source = ArchiveRoundTripTest.buildTree(tmp.resolve("src"));
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        return new Archiver(Thread::new)
                .create(
                        ArchiveRoundTripTest.request(backups, source).withCodec(codec, codec.defaultLevel()),
                        Archiver.ProgressListener.NONE);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void intactArchiveIsValidWithItsFileCount(Codec codec) throws IOException {
        ArchiveResult result = backup(codec);

        Verifier.Result v =
                new Verifier().verify(result.archive(), result.sidecar().archiveSha256());

        assertThat(v.errors()).isEmpty();
        assertThat(v.valid()).isTrue();
        assertThat(v.checksumMatch()).isTrue();
        assertThat(v.filesCount()).isEqualTo(result.sidecar().filesCount()).isEqualTo(11);
        assertThat(v.integrityCheck()).isEqualTo("valid (11 files)");
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void oneFlippedByteInTheMiddleIsCaught(Codec codec) throws IOException {
        ArchiveResult result = backup(codec);
        long middle = Files.size(result.archive()) / 2;
        try (RandomAccessFile f = new RandomAccessFile(result.archive().toFile(), "rw")) {
            f.seek(middle);
            int b = f.read();
            f.seek(middle);
            f.write(b ^ 0x01);
        }

        Verifier.Result v =
                new Verifier().verify(result.archive(), result.sidecar().archiveSha256());

        assertThat(v.valid()).isFalse();
        assertThat(v.checksumMatch()).isFalse();
        assertThat(v.errors()).first().asString().startsWith("checksum mismatch");
    }

    @Test
    void flippedContentByteIsReportedAgainstTheManifest() throws IOException {
        ArchiveResult result = backup(Codec.NONE);
        byte[] bytes = Files.readAllBytes(result.archive());
        int at = indexOf(bytes, "bbbbbbbbbb".getBytes(StandardCharsets.US_ASCII));
        bytes[at + 1000] = 'c';
        Files.write(result.archive(), bytes);

        Verifier.Result v =
                new Verifier().verify(result.archive(), result.sidecar().archiveSha256());

        assertThat(v.valid()).isFalse();
        assertThat(v.integrityCheck()).isEqualTo("invalid (1 errors)");
        assertThat(v.errors())
                .anySatisfy(e -> assertThat(e).startsWith("volumes/data/sub/deeper/b.bin: sha256 mismatch"));
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void truncatedArchiveFailsCleanlyWithAReason(Codec codec) throws IOException {
        ArchiveResult result = backup(codec);
        byte[] bytes = Files.readAllBytes(result.archive());
        Files.write(result.archive(), Arrays.copyOf(bytes, bytes.length / 2));

        Verifier.Result v =
                new Verifier().verify(result.archive(), result.sidecar().archiveSha256());

        assertThat(v.valid()).isFalse();
        assertThat(v.checksumMatch()).isFalse();
        assertThat(v.errors()).anySatisfy(e -> assertThat(e).containsAnyOf("corrupt or truncated", "manifest"));
    }

    @Test
    void garbageFileIsInvalidNotAnException() throws IOException {
        Path junk = tmp.resolve("junk.tar.gz");
        byte[] bytes = new byte[100_000];
        new java.util.Random(42).nextBytes(bytes);
        bytes[0] = 0x1f;
        bytes[1] = (byte) 0x8b;
        Files.write(junk, bytes);

        Verifier.Result v = new Verifier().verify(junk, "00");

        assertThat(v.valid()).isFalse();
        assertThat(v.errors()).anySatisfy(e -> assertThat(e).contains("corrupt or truncated"));
    }

    @Test
    void missingArchiveIsReportedAsMissing() {
        Verifier.Result v = new Verifier().verify(tmp.resolve("gone.tar.gz"), "00");
        assertThat(v.valid()).isFalse();
        assertThat(v.integrityCheck()).isEqualTo("missing");
    }

    @Test
    void everyDifferenceBetweenManifestAndContentIsReported() throws IOException {
        Path archive = tmp.resolve("forged.tar");
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        String sha = "0".repeat(64);
        String manifest = String.join(
                        "\n",
                        Manifest.headerLine("backup-20250101-000000", t),
                        Manifest.entryLine(
                                new ManifestEntry("a.txt", EntryType.FILE, 5, 0644, t, sha, null, 0, 0, null, null)),
                        Manifest.entryLine(
                                new ManifestEntry("gone.txt", EntryType.FILE, 1, 0644, t, sha, null, 0, 0, null, null)),
                        Manifest.entryLine(
                                new ManifestEntry("d", EntryType.FILE, 0, 0755, t, sha, null, 0, 0, null, null)))
                + "\n";
        try (OutputStream out = Files.newOutputStream(archive);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8")) {
            entry(tar, "a.txt", "hello", t);
            TarArchiveEntry d = new TarArchiveEntry("d/");
            d.setMode(0755);
            d.setModTime(t.toEpochMilli());
            tar.putArchiveEntry(d);
            tar.closeArchiveEntry();
            entry(tar, "extra.txt", "surprise", t);
            entry(tar, ArchiveFormat.MANIFEST_NAME, manifest, t);
        }

        Verifier.Result v = new Verifier().verify(archive, TreeSnapshot.sha256(archive));

        assertThat(v.checksumMatch()).isTrue();
        assertThat(v.valid()).isFalse();
        assertThat(v.errors())
                .containsExactlyInAnyOrder(
                        "a.txt: sha256 mismatch (manifest " + sha + ", archive "
                                + "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824)",
                        "d: type mismatch (manifest file, archive directory)",
                        "extra.txt: in the archive but not in the manifest",
                        "gone.txt: in the manifest but not in the archive");
    }

    private static void entry(TarArchiveOutputStream tar, String name, String content, Instant t) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        e.setMode(0644);
        e.setModTime(t.toEpochMilli());
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
