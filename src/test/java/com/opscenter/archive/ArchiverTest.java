package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.archive.format.BackupSidecar;
import com.opscenter.archive.format.Manifest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiverTest {

    @TempDir
    Path tmp;

    @Test
    void archiveEndsWithTheManifestListingEveryEntry() throws IOException {
        Path source = ArchiveRoundTripTest.buildTree(tmp.resolve("src"));
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        ArchiveResult result = new Archiver(Thread::new)
                .create(ArchiveRoundTripTest.request(backups, source), Archiver.ProgressListener.NONE);

        List<String> names = new ArrayList<>();
        String manifest = null;
        try (InputStream in = Codec.GZIP.decompress(Files.newInputStream(result.archive()));
                TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8")) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                names.add(EntryNames.stripSlash(e.getName()));
                if (e.getName().equals(ArchiveFormat.MANIFEST_NAME)) {
                    manifest = new String(tar.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        }
        assertThat(names).last().isEqualTo(ArchiveFormat.MANIFEST_NAME);
        List<String> lines = manifest.lines().toList();
        assertThat(lines.get(0)).contains("\"manifest_version\":1");
        assertThat(lines.subList(1, lines.size()).stream()
                        .map(l -> Manifest.parseLine(l).path()))
                .containsExactlyElementsOf(names.subList(0, names.size() - 1));
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .contains(
                                "\"path\":\"volumes/data/sub/hard-b\"",
                                "\"type\":\"hardlink\"",
                                "\"target\":\"volumes/data/hard-a\""));
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .contains(
                                "\"path\":\"volumes/data/secret.key\"",
                                "\"mode\":\"0600\"",
                                "\"sha256\":\"" + TreeSnapshot.sha256(source.resolve("secret.key")) + "\""));
    }

    @Test
    void everyFileTheEngineWritesIsTheOwnersOnlyFromItsCreation() throws IOException {
        Path source = ArchiveRoundTripTest.buildTree(tmp.resolve("src"));
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        var spec = ArchiveRoundTripTest.request(backups, source);
        Map<String, Set<PosixFilePermission>> whileWriting = new TreeMap<>();
        // Not a fault: the seam only looks at the folder when the first archive bytes go out.
        Archiver looking = new Archiver(
                Thread::new, EngineOptions.defaults(), Clock.systemUTC(), out -> new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        if (whileWriting.isEmpty()) {
                            for (Path p : List.of(
                                    ArchiveFormat.tempArchivePath(backups, spec.id()),
                                    ArchiveFormat.tempManifestPath(backups, spec.id()),
                                    ArchiveFormat.tempIndexPath(backups, spec.id()))) {
                                whileWriting.put(p.getFileName().toString(), Files.getPosixFilePermissions(p));
                            }
                        }
                        out.write(b, off, len);
                    }
                });

        ArchiveResult result = looking.create(spec, Archiver.ProgressListener.NONE);

        var owner = PosixFilePermissions.fromString("rw-------");
        assertThat(whileWriting)
                .containsOnlyKeys(spec.id() + ".tmp", spec.id() + ".manifest.tmp", spec.id() + ".index.tmp")
                .allSatisfy((name, mode) -> assertThat(mode).as(name).isEqualTo(owner));
        assertThat(Files.getPosixFilePermissions(result.archive())).isEqualTo(owner);
        assertThat(Files.getPosixFilePermissions(result.sidecarFile())).isEqualTo(owner);
        assertThat(Files.getPosixFilePermissions(ArchiveFormat.indexPath(backups, spec.id())))
                .isEqualTo(owner);
        // A sidecar written again (as a cloud import does) replaces the file, still private.
        Files.setPosixFilePermissions(result.sidecarFile(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Files.getPosixFilePermissions(result.sidecar().write(backups)))
                .isEqualTo(owner);
    }

    @Test
    void sidecarDescribesTheArchiveAndReadsBack() throws IOException {
        Path source = ArchiveRoundTripTest.buildTree(tmp.resolve("src"));
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        ArchiveResult result = new Archiver(Thread::new)
                .create(ArchiveRoundTripTest.request(backups, source), Archiver.ProgressListener.NONE);

        BackupSidecar sidecar = BackupSidecar.read(backups.resolve("backup-20251023-020000.json"));

        assertThat(sidecar).isEqualTo(result.sidecar());
        assertThat(sidecar.archiveSha256()).isEqualTo(TreeSnapshot.sha256(result.archive()));
        assertThat(sidecar.archiveSize()).isEqualTo(Files.size(result.archive()));
        assertThat(sidecar.archiveFile()).isEqualTo("backup-20251023-020000.tar.gz");
        assertThat(sidecar.codec()).isEqualTo(Codec.GZIP);
        assertThat(sidecar.status()).isEqualTo("completed");
        assertThat(sidecar.volumes()).containsExactly("data");
        assertThat(sidecar.filesCount()).isEqualTo(11);
        assertThat(BackupSidecar.readAll(backups, new ArrayList<>())).containsExactly(sidecar);
        try (Stream<Path> files = Files.list(backups)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "backup-20251023-020000.tar.gz",
                            "backup-20251023-020000.json",
                            "backup-20251023-020000.index.jsonl.gz");
        }
    }

    @Test
    void gzipArchiveIsReadByGnuGzipAndTar() throws IOException {
        Path source = ArchiveRoundTripTest.buildTree(tmp.resolve("src"));
        Files.write(source.resolve("big.bin"), randomBytes(3 << 20)); // several compression blocks
        Path backups = Files.createDirectories(tmp.resolve("backups"));

        ArchiveResult result = new Archiver(Thread::new).create(ArchiveRoundTripTest.request(backups, source), p -> {});

        String archive = result.archive().toString();
        com.opscenter.it.Processes.check("gzip", "-t", archive);
        String listed = com.opscenter.it.Processes.check("sh", "-c", "gzip -dc \"$1\" | tar -tf -", "sh", archive);
        assertThat(listed.lines())
                .contains("volumes/data/big.bin", "volumes/data/sub/deeper/b.bin", ArchiveFormat.MANIFEST_NAME);
        String big = com.opscenter.it.Processes.check(
                "sh", "-c", "pigz -dc \"$1\" | tar -xOf - volumes/data/big.bin | sha256sum", "sh", archive);
        String expected = com.opscenter.it.Processes.check(
                "sha256sum", source.resolve("big.bin").toString());
        assertThat(big.substring(0, 64)).isEqualTo(expected.substring(0, 64));
    }

    @Test
    void progressReachesTheTotalsFromThePrescan() throws IOException {
        Path source = ArchiveRoundTripTest.buildTree(tmp.resolve("src"));
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        List<Archiver.Progress> seen = new ArrayList<>();

        new Archiver(Thread::new).create(ArchiveRoundTripTest.request(backups, source), seen::add);

        Archiver.Progress last = seen.get(seen.size() - 1);
        assertThat(last.filesDone()).isEqualTo(last.filesTotal()).isEqualTo(11);
        assertThat(last.bytesDone()).isEqualTo(last.bytesTotal());
    }

    @Test
    void whileTheSourcesAreStillCountedTheArchiveGoesOnOnlyUpToTheBound() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("src"));
        try (var f = FileChannel.open(
                source.resolve("zeros.img"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            f.truncate(0).position(ArchiveWriter.ARCHIVED_BEFORE_TOTALS * 3 - 1).write(ByteBuffer.wrap(new byte[1]));
        }
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        // The count is the one task handed over as a FutureTask; it is held back until released, by the listener
        // if it saw more than the bound archived without totals (what must not happen), else after two seconds.
        var release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ThreadFactory holdingTheCount = task -> new Thread(() -> {
            if (task instanceof java.util.concurrent.FutureTask<?>) {
                try {
                    release.await(2, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            task.run();
        });
        List<Archiver.Progress> seen = new ArrayList<>();

        new Archiver(holdingTheCount)
                .create(ArchiveRoundTripTest.request(backups, source).withCodec(Codec.NONE, 0), p -> {
                    seen.add(p);
                    if (!p.totalsKnown() && p.bytesDone() > ArchiveWriter.ARCHIVED_BEFORE_TOTALS) {
                        release.countDown();
                    }
                });

        long beforeTotals = seen.stream()
                .filter(p -> !p.totalsKnown())
                .mapToLong(Archiver.Progress::bytesDone)
                .max()
                .orElse(0);
        assertThat(beforeTotals).isLessThanOrEqualTo(ArchiveWriter.ARCHIVED_BEFORE_TOTALS);
        assertThat(seen).anyMatch(p -> !p.totalsKnown() && p.bytesDone() > 0);
        Archiver.Progress firstCounted =
                seen.stream().filter(Archiver.Progress::totalsKnown).findFirst().orElseThrow();
        assertThat(firstCounted.bytesTotal()).isEqualTo(ArchiveWriter.ARCHIVED_BEFORE_TOTALS * 3);
        assertThat(seen.subList(seen.indexOf(firstCounted), seen.size())).allMatch(Archiver.Progress::totalsKnown);
    }

    @Test
    void fileChangedWhileReadIsAWarningNotAFailure() throws IOException {
        Path source = Files.createDirectories(tmp.resolve("src"));
        Path busy = source.resolve("busy.log");
        Files.write(busy, randomBytes(20 << 20));
        Path backups = Files.createDirectories(tmp.resolve("backups"));

        ArchiveResult result = new Archiver(Thread::new).create(ArchiveRoundTripTest.request(backups, source), p -> {
            if (p.filesDone() == 0 && p.bytesDone() > 0) {
                touch(busy);
            }
        });

        assertThat(result.warnings()).containsExactly("volumes/data/busy.log: changed while being read");
        assertThat(result.sidecar().status()).isEqualTo("completed_with_warnings");
        assertThat(result.sidecar().warnings()).isEqualTo(result.warnings());
        assertThat(new Verifier()
                        .verify(result.archive(), result.sidecar().archiveSha256())
                        .valid())
                .isTrue();
    }

    @Test
    void diskFullFailsCleanlyAndTheNextBackupWorks() throws IOException {
        // A fake: a full disk cannot be produced inside a unit test, so the archive stream fails as ENOSPC would.
        Path source = Files.createDirectories(tmp.resolve("src"));
        Files.write(source.resolve("data.bin"), randomBytes(4 << 20));
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        Archiver full = new Archiver(
                Thread::new, EngineOptions.defaults(), Clock.systemUTC(), out -> new FilterOutputStream(out) {
                    private long written;

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        written += len;
                        if (written > (1 << 20)) {
                            throw new IOException("No space left on device");
                        }
                        out.write(b, off, len);
                    }
                });

        assertThatThrownBy(() -> full.create(
                        ArchiveRoundTripTest.request(backups, source).withCodec(Codec.NONE, 0),
                        Archiver.ProgressListener.NONE))
                .isInstanceOfSatisfying(
                        ArchiveWriteException.class,
                        e -> assertThat(e.reason()).isEqualTo(ArchiveWriteException.Reason.DISK_FULL))
                .hasMessageContaining("No space left on device");
        assertThat(Files.list(backups)).isEmpty();

        ArchiveResult retry = new Archiver(Thread::new)
                .create(ArchiveRoundTripTest.request(backups, source), Archiver.ProgressListener.NONE);
        assertThat(retry.archive()).isRegularFile();
    }

    @Test
    void interruptedBackupRemovesItsTemporaryFiles() throws IOException {
        Path source = Files.createDirectories(tmp.resolve("src"));
        Files.write(source.resolve("big.bin"), randomBytes(24 << 20));
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        try {
            assertThatThrownBy(() -> new Archiver(Thread::new)
                            .create(
                                    ArchiveRoundTripTest.request(backups, source),
                                    p -> Thread.currentThread().interrupt()))
                    .isInstanceOfSatisfying(
                            ArchiveWriteException.class,
                            e -> assertThat(e.reason()).isEqualTo(ArchiveWriteException.Reason.CANCELLED));
        } finally {
            Thread.interrupted();
        }
        assertThat(Files.list(backups)).isEmpty();
    }

    @Test
    void missingSourceFailsBeforeAnythingIsWritten() throws IOException {
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        assertThatThrownBy(() -> new Archiver(Thread::new)
                        .create(
                                ArchiveRoundTripTest.request(backups, tmp.resolve("nope")),
                                Archiver.ProgressListener.NONE))
                .isInstanceOfSatisfying(
                        ArchiveWriteException.class,
                        e -> assertThat(e.reason()).isEqualTo(ArchiveWriteException.Reason.SOURCE_MISSING));
        assertThat(Files.list(backups)).isEmpty();
    }

    @Test
    void backupFolderInsideASourceIsNotArchived() throws IOException {
        Path source = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(source.resolve("a.txt"), "a");
        Path backups = Files.createDirectories(source.resolve("backups"));
        ArchiveResult result = new Archiver(Thread::new)
                .create(ArchiveRoundTripTest.request(backups, source), Archiver.ProgressListener.NONE);
        assertThat(new Restorer(Thread::new).listContents(result.archive()))
                .extracting(Restorer.ContentEntry::path)
                .containsExactly("volumes/data", "volumes/data/a.txt");
    }

    @Test
    void readAheadKeepsTheWalkOrderAndContentOfManyFilesOfMixedSizes() throws IOException {
        Path source = Files.createDirectories(tmp.resolve("src"));
        Random r = new Random(11);
        int[] sizes = {0, 1, 4096, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 << 20, 40_000};
        List<String> expected = new ArrayList<>();
        expected.add("volumes/data");
        for (int d = 0; d < 6; d++) {
            Path dir = Files.createDirectories(source.resolve("d" + d));
            expected.add("volumes/data/d" + d);
            for (int f = 0; f < 40; f++) {
                byte[] content = new byte[sizes[(d * 40 + f) % sizes.length] + (f < 8 ? 0 : r.nextInt(5000))];
                r.nextBytes(content);
                Files.write(dir.resolve(String.format("f%02d", f)), content);
                expected.add(String.format("volumes/data/d%d/f%02d", d, f));
            }
        }
        Files.createLink(source.resolve("d5/z-link"), source.resolve("d0/f10"));
        expected.add("volumes/data/d5/z-link");
        Path backups = Files.createDirectories(tmp.resolve("backups"));

        ArchiveResult result = new Archiver(Thread::new)
                .create(ArchiveRoundTripTest.request(backups, source), Archiver.ProgressListener.NONE);

        assertThat(result.warnings()).isEmpty();
        List<String> names = new ArrayList<>();
        try (InputStream in = Codec.GZIP.decompress(Files.newInputStream(result.archive()));
                TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8")) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = EntryNames.stripSlash(e.getName());
                names.add(name);
                if (e.isFile() && !e.isLink() && !name.equals(ArchiveFormat.MANIFEST_NAME)) {
                    Path original = source.resolve(name.substring("volumes/data/".length()));
                    assertThat(tar.readAllBytes()).as(name).isEqualTo(Files.readAllBytes(original));
                }
            }
        }
        expected.add(ArchiveFormat.MANIFEST_NAME);
        assertThat(names).containsExactlyElementsOf(expected);
        assertThat(new Verifier()
                        .verify(result.archive(), result.sidecar().archiveSha256())
                        .valid())
                .isTrue();
        assertNoReadAheadThreadsLeft();
    }

    @Test
    void readAheadThreadsEndWhenTheBackupFails() throws IOException {
        Path source = Files.createDirectories(tmp.resolve("src"));
        for (int i = 0; i < 50; i++) {
            Files.write(source.resolve("f" + i), randomBytes(1 << 20));
        }
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        Archiver failing = new Archiver(
                Thread::new, EngineOptions.defaults(), Clock.systemUTC(), out -> new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        throw new IOException("boom");
                    }
                });
        assertThatThrownBy(() ->
                        failing.create(ArchiveRoundTripTest.request(backups, source), Archiver.ProgressListener.NONE))
                .isInstanceOf(ArchiveWriteException.class);
        assertThat(Files.list(backups)).isEmpty();
        assertNoReadAheadThreadsLeft();
    }

    private static void assertNoReadAheadThreadsLeft() {
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.isAlive()
                        && (t.getName().startsWith("backup-read-")
                                || t.getName().startsWith("backup-walk-")));
    }

    private static void touch(Path p) {
        try {
            Files.setLastModifiedTime(p, FileTime.from(Instant.now().plusSeconds(60)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }
}
