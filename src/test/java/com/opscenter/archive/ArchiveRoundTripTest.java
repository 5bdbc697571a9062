package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.archive.format.Manifest;
import com.opscenter.archive.format.ManifestEntry;
import com.opscenter.archive.io.Digests;
import com.opscenter.it.Processes;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArchiveRoundTripTest {

    private static final String LONG_NAME = "l".repeat(120) + "-" + "n".repeat(100) + ".txt";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Codec.class)
    void backupThenRestoreReproducesEveryKindOfEntry(Codec codec) throws IOException {
        Path source = buildTree(tmp.resolve("src"));
        Path backups = Files.createDirectories(tmp.resolve("backups"));

        ArchiveResult result = new Archiver(Thread::new)
                .create(
                        request(backups, source)
                                .withCodec(codec, codec.defaultLevel())
                                .withExcludes(List.of("*.tmp", "*.lock", "__pycache__")),
                        Archiver.ProgressListener.NONE);
        Path restored = tmp.resolve("restored");
        new Restorer(Thread::new).restore(result.archive(), "volumes/data", restored);

        Map<String, TreeSnapshot.Node> expected = TreeSnapshot.of(source);
        expected.keySet().removeIf(p -> p.endsWith(".tmp") || p.endsWith(".lock") || p.contains("__pycache__"));
        assertThat(TreeSnapshot.of(restored)).containsExactlyEntriesOf(expected);
        assertThat(TreeSnapshot.inode(restored.resolve("hard-a")))
                .isEqualTo(TreeSnapshot.inode(restored.resolve("sub/hard-b")));
        assertThat(result.archive().getFileName().toString()).isEqualTo("backup-20251023-020000" + codec.extension());
        assertThat(result.warnings()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void gnuTarExtractsTheArchiveIdentically(Codec codec) throws Exception {
        String flag = switch (codec) {
            case GZIP -> "-z";
            case ZSTD -> "--zstd";
            case XZ -> "-J";
            case BZIP2 -> "-j";
            case NONE -> null;
        };
        Path source = buildTree(tmp.resolve("src"));
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        ArchiveResult result = new Archiver(Thread::new)
                .create(
                        request(backups, source).withCodec(codec, codec.defaultLevel()),
                        Archiver.ProgressListener.NONE);
        Path out = Files.createDirectories(tmp.resolve("gnu"));

        List<String> command = new ArrayList<>(
                List.of("tar", "-x", "-p", "-f", result.archive().toString(), "-C", out.toString()));
        if (flag != null) {
            command.add(1, flag);
        }
        // GNU tar reads .tar.zst through the zstd binary, which .ci/run installs: a missing one fails here.
        String output = Processes.check(command.toArray(String[]::new));
        assertThat(output).isEmpty();

        assertThat(TreeSnapshot.of(out.resolve("volumes/data"))).containsExactlyEntriesOf(TreeSnapshot.of(source));
        assertThat(out.resolve(ArchiveFormat.MANIFEST_NAME)).isRegularFile();
    }

    /**
     * A sparse source just over 8 GiB and a zstd archive of its zeros take a few MiB of disk; the content is checked by the
     * verifier and against a checksum computed here, not by restoring it (which would write 8 GiB).
     */
    @Test
    void fileLargerThan8GiBIsArchivedWithPaxSizeAndVerifies() throws Exception {
        // Just over the 8 GiB - 1 that a plain ustar size field holds: PAX must carry the size.
        long size = (8L << 30) + (1 << 20);
        byte[] tail = "tail!".getBytes(StandardCharsets.US_ASCII);
        Path source = Files.createDirectories(tmp.resolve("src"));
        Path big = source.resolve("big.img");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(size);
            f.seek(size - tail.length);
            f.write(tail);
        }
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        ArchiveResult result = new Archiver(Thread::new)
                .create(request(backups, source).withCodec(Codec.ZSTD, 1), Archiver.ProgressListener.NONE);
        assertThat(Files.size(result.archive())).isLessThan(64L << 20);

        MessageDigest expected = Digests.sha256();
        byte[] zeros = new byte[1 << 20];
        for (long left = size - tail.length; left > 0; left -= zeros.length) {
            expected.update(zeros, 0, (int) Math.min(zeros.length, left));
        }
        expected.update(tail);
        ManifestEntry listed = null;
        long tarSize = -1;
        try (InputStream in = Codec.ZSTD.decompress(Files.newInputStream(result.archive()));
                TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8")) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (e.getName().equals("volumes/data/big.img")) {
                    tarSize = e.getSize();
                } else if (e.getName().equals(ArchiveFormat.MANIFEST_NAME)) {
                    for (String line : new String(tar.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        ManifestEntry m = Manifest.parseLine(line);
                        if (m != null && m.path().equals("volumes/data/big.img")) {
                            listed = m;
                        }
                    }
                }
            }
        }
        assertThat(tarSize).isEqualTo(size);
        assertThat(listed).isNotNull();
        assertThat(listed.size()).isEqualTo(size);
        assertThat(listed.sha256()).isEqualTo(HexFormat.of().formatHex(expected.digest()));

        Verifier.Result verified = new Verifier(Verifier.Limits.defaults(), tmp)
                .verify(result.archive(), result.sidecar().archiveSha256());
        assertThat(verified.errors()).isEmpty();
        assertThat(verified.valid()).isTrue();
        assertThat(verified.filesCount()).isEqualTo(1);
    }

    static ArchiveSpec request(Path backups, Path source) {
        return new ArchiveSpec(
                "backup-20251023-020000",
                backups,
                List.of(new ArchiveSpec.Source("volumes/data", source)),
                List.of(),
                Codec.GZIP,
                6,
                "manual",
                "test",
                Instant.parse("2025-10-23T02:00:00Z"),
                List.of("data"),
                List.of());
    }

    /** Every kind of entry a backup must preserve, with distinctive modes and mtimes. */
    static Path buildTree(Path root) throws IOException {
        Files.createDirectories(root.resolve("sub/deeper"));
        Files.createDirectories(root.resolve("empty"));
        Files.createDirectories(root.resolve("données"));
        Files.createDirectories(root.resolve("__pycache__"));
        write(root.resolve("a.txt"), "alpha\n");
        write(root.resolve("sub/deeper/b.bin"), "b".repeat(300_000));
        write(root.resolve("données/日本語.txt"), "こんにちは\n");
        write(root.resolve(LONG_NAME), "long\n");
        write(root.resolve("secret.key"), "top secret\n");
        write(root.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        write(root.resolve("hard-a"), "shared inode\n");
        Files.createLink(root.resolve("sub/hard-b"), root.resolve("hard-a"));
        write(root.resolve("scratch.tmp"), "excluded\n");
        write(root.resolve("db.lock"), "excluded\n");
        write(root.resolve("__pycache__/m.pyc"), "excluded\n");
        Files.createSymbolicLink(root.resolve("link-to-a"), Path.of("a.txt"));
        Files.createSymbolicLink(root.resolve("sub/up-link"), Path.of("../données/日本語.txt"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("does-not-exist"));
        Files.setPosixFilePermissions(root.resolve("secret.key"), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(root.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root.resolve("sub/deeper"), PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(root.resolve("empty"), PosixFilePermissions.fromString("rwxr-x---"));
        long t = Instant.parse("2024-02-29T12:34:56Z").getEpochSecond();
        try (var paths = Files.walk(root)) {
            List<Path> all =
                    paths.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList();
            for (Path p : all) {
                if (!Files.isSymbolicLink(p)) {
                    Files.setLastModifiedTime(p, FileTime.from(Instant.ofEpochSecond(t += 3607, 123_456_789)));
                }
            }
        }
        return root;
    }

    private static void write(Path p, String content) throws IOException {
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
