package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.archive.format.ArchiveFormat;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's promise to hooks: a source with hooks is read only between its {@code beforeRead} and
 * {@code afterRead}, nothing of a later source is read before, {@code afterRead} runs exactly once for every
 * {@code beforeRead}, whatever fails; and dumps are stored under {@code dumps/}, in a version 3 manifest.
 */
class SourceHooksTest {

    static final String ID = "backup-20250101-000000";

    @TempDir
    Path tmp;

    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    volatile String lastArchived;

    /** Hooks that log, and run {@code before}/{@code after} actions. */
    SourceHooks hooks(String name, IoAction before, Runnable after, List<SourceHooks.Dump> dumps) {
        return new SourceHooks() {
            @Override
            public List<Dump> beforeRead() throws IOException {
                log.add(name + ".before after " + lastArchived);
                before.run();
                return dumps;
            }

            @Override
            public void afterRead() {
                log.add(name + ".after after " + lastArchived);
                after.run();
            }
        };
    }

    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }

    Archiver.ProgressListener tracking() {
        return p -> lastArchived = p.currentEntry();
    }

    @Test
    void aSourceWithHooksIsReadOnlyBetweenItsHooksAndNothingLaterIsReadAhead() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        // Enough content that, without the barrier, the read-ahead would have read b long before a was archived.
        Files.write(a.resolve("big.bin"), ArchiverTest.randomBytes(8 << 20));
        Files.writeString(a.resolve("x.txt"), "old");
        Files.writeString(b.resolve("y.txt"), "old content of y, longer than what replaces it");
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        var spec = ArchiveSpec.of(
                ID,
                backups,
                List.of(
                        new ArchiveSpec.Source("volumes/a", a)
                                .withHooks(hooks(
                                        "a",
                                        () -> Files.writeString(a.resolve("x.txt"), "from a.before"),
                                        () -> write(a.resolve("x.txt"), "from a.after, too late"),
                                        List.of())),
                        new ArchiveSpec.Source("volumes/b", b)
                                .withHooks(hooks(
                                        "b",
                                        () -> Files.writeString(b.resolve("y.txt"), "from b.before"),
                                        () -> write(b.resolve("y.txt"), "from b.after, too late"),
                                        List.of()))));

        var result =
                new Archiver(Thread::new, new EngineOptions(4, 256L << 20), Clock.systemUTC()).create(spec, tracking());

        assertThat(log)
                .containsExactly(
                        "a.before after null",
                        "a.after after volumes/a/x.txt",
                        "b.before after volumes/a/x.txt",
                        "b.after after volumes/b/y.txt");
        var contents = contents(result.archive());
        assertThat(contents.get("volumes/a/x.txt")).isEqualTo("from a.before");
        assertThat(contents.get("volumes/b/y.txt")).isEqualTo("from b.before");
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void aFailingBeforeFailsTheArchiveAndEveryBeforeGetsItsAfter() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Path c = Files.createDirectories(tmp.resolve("c"));
        Files.writeString(a.resolve("f"), "a");
        Files.writeString(b.resolve("f"), "b");
        Files.writeString(c.resolve("f"), "c");
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        var spec = ArchiveSpec.of(
                ID,
                backups,
                List.of(
                        new ArchiveSpec.Source("volumes/a", a).withHooks(hooks("a", () -> {}, () -> {}, List.of())),
                        new ArchiveSpec.Source("volumes/b", b)
                                .withHooks(hooks(
                                        "b",
                                        () -> {
                                            throw new IOException("pre command of container db exited 3");
                                        },
                                        () -> {},
                                        List.of())),
                        new ArchiveSpec.Source("volumes/c", c).withHooks(hooks("c", () -> {}, () -> {}, List.of()))));

        assertThatThrownBy(() -> new Archiver(Thread::new).create(spec, tracking()))
                .isInstanceOf(ArchiveWriteException.class)
                .hasMessageContaining("pre command of container db exited 3");

        assertThat(log)
                .containsExactly(
                        "a.before after null",
                        "a.after after volumes/a/f",
                        "b.before after volumes/a/f",
                        "b.after after volumes/a/f");
        try (var left = Files.list(backups)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void afterRunsWhenTheArchiveFailsWhileItsSourceIsRead() throws IOException {
        // A fake: a full disk cannot be produced inside a unit test, so the archive stream fails as ENOSPC would.
        Path a = Files.createDirectories(tmp.resolve("a"));
        Files.write(a.resolve("data.bin"), ArchiverTest.randomBytes(4 << 20));
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        Archiver full = new Archiver(
                Thread::new, EngineOptions.defaults(), Clock.systemUTC(), out -> new FilterOutputStream(out) {
                    private long written;

                    @Override
                    public void write(byte[] bytes, int off, int len) throws IOException {
                        written += len;
                        if (written > (1 << 20)) {
                            throw new IOException("No space left on device");
                        }
                        out.write(bytes, off, len);
                    }
                });
        boolean[] interruptedInAfter = {true};
        var spec = ArchiveSpec.of(
                        ID,
                        backups,
                        List.of(new ArchiveSpec.Source("volumes/a", a)
                                .withHooks(hooks(
                                        "a",
                                        () -> {},
                                        () -> {
                                            // As long as a container start may take: the failed archive's
                                            // clean-up must not interrupt it meanwhile.
                                            try {
                                                Thread.sleep(300);
                                                interruptedInAfter[0] =
                                                        Thread.currentThread().isInterrupted();
                                            } catch (InterruptedException e) {
                                                interruptedInAfter[0] = true;
                                            }
                                        },
                                        List.of()))))
                .withCodec(Codec.NONE, 0);

        assertThatThrownBy(() -> full.create(spec, Archiver.ProgressListener.NONE))
                .isInstanceOf(ArchiveWriteException.class);

        assertThat(log).hasSize(2);
        assertThat(log.get(0)).startsWith("a.before");
        assertThat(log.get(1)).startsWith("a.after");
        assertThat(interruptedInAfter[0])
                .as("afterRead runs with the interrupt cleared, and none arrives while it runs")
                .isFalse();
    }

    @Test
    void dumpsAreStoredUnderDumpsAfterTheirSourceInAVersion3Manifest() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(a.resolve("table"), "rows");
        Files.writeString(b.resolve("other"), "b");
        Path spool = Files.writeString(tmp.resolve("spool-1"), "CREATE TABLE t (n int);\n");
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        var spec = ArchiveSpec.of(
                ID,
                backups,
                List.of(
                        new ArchiveSpec.Source("volumes/a", a)
                                .withHooks(
                                        hooks("a", () -> {}, () -> {}, List.of(new SourceHooks.Dump("db.sql", spool)))),
                        new ArchiveSpec.Source("volumes/b", b)));

        var result = new Archiver(Thread::new).create(spec, Archiver.ProgressListener.NONE);

        var contents = contents(result.archive());
        assertThat(contents.keySet())
                .containsExactly(
                        "volumes/a",
                        "volumes/a/table",
                        "dumps/db.sql",
                        "volumes/b",
                        "volumes/b/other",
                        ArchiveFormat.MANIFEST_NAME);
        assertThat(contents.get("dumps/db.sql")).isEqualTo("CREATE TABLE t (n int);\n");
        assertThat(contents.get(ArchiveFormat.MANIFEST_NAME).lines().findFirst().orElseThrow())
                .contains("\"manifest_version\":3");
        assertThat(contents.get(ArchiveFormat.MANIFEST_NAME))
                .contains("\"path\":\"dumps/db.sql\"", "\"sha256\":\"" + TreeSnapshot.sha256(spool) + "\"");

        var verified = new Verifier().verify(result.archive(), result.sidecar().archiveSha256());
        assertThat(verified.valid()).as(verified.errors().toString()).isTrue();

        var volume = new Restorer(Thread::new).restore(result.archive(), "volumes/a", tmp.resolve("restored-a"));
        assertThat(Files.list(volume.destination()).map(p -> p.getFileName().toString()))
                .containsExactly("table");
        var all = new Restorer(Thread::new).restore(result.archive(), tmp.resolve("restored-all"));
        assertThat(all.destination().resolve("dumps/db.sql")).hasContent("CREATE TABLE t (n int);");
    }

    @Test
    void aDumpWhoseContentIsChangedAfterArchivingFailsVerification() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Files.writeString(a.resolve("table"), "rows");
        Path spool = Files.writeString(tmp.resolve("spool-1"), "SELECT 'dump content';");
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        var spec = ArchiveSpec.of(
                        ID,
                        backups,
                        List.of(new ArchiveSpec.Source("volumes/a", a)
                                .withHooks(hooks(
                                        "a", () -> {}, () -> {}, List.of(new SourceHooks.Dump("db.sql", spool))))))
                .withCodec(Codec.NONE, 0);
        var result = new Archiver(Thread::new).create(spec, Archiver.ProgressListener.NONE);
        // Flip the dump's content inside the uncompressed tar: its manifest hash no longer matches.
        byte[] tar = Files.readAllBytes(result.archive());
        int at = indexOf(tar, "'dump content'".getBytes(StandardCharsets.UTF_8), 0);
        tar[at + 1] = 'D';
        Files.write(result.archive(), tar);

        var verified = new Verifier().verify(result.archive(), TreeSnapshot.sha256(result.archive()));

        assertThat(verified.valid()).isFalse();
        assertThat(verified.errors()).anySatisfy(e -> assertThat(e).contains("dumps/db.sql"));
    }

    @Test
    void noSourceOfTheCallerMayBeStoredUnderDumps() {
        assertThatThrownBy(() -> new ArchiveSpec.Source("dumps/x", tmp)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SourceHooks.Dump("../x.sql", tmp)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SourceHooks.Dump("a/b.sql", tmp)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new SourceHooks.Dump("db-1.sql", tmp).name()).isEqualTo("db-1.sql");
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    /** Every entry in archive order, with its content as text. */
    static Map<String, String> contents(Path archive) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Codec codec = archive.toString().endsWith(".tar") ? Codec.NONE : Codec.GZIP;
        try (InputStream in = codec.decompress(Files.newInputStream(archive));
                TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8")) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                out.put(EntryNames.stripSlash(e.getName()), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
