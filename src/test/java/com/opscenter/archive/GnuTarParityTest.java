package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.archive.io.LinuxFiles;
import com.opscenter.it.Processes;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree with every kind of name, mode, owner, time and link that GNU tar round-trips as root must come back
 * identical through our backup and restore. GNU tar's own round trip of the same tree is checked alongside, so
 * the tree stays one GNU tar does keep. Needs root (as CI runs the tests): owners and set-id bits are part of it.
 */
class GnuTarParityTest {

    @TempDir
    Path tmp;

    @Test
    void treeThatGnuTarRoundTripsComesBackIdenticalThroughBackupAndRestore() throws IOException {
        assertThat(Files.getAttribute(tmp, "unix:uid"))
                .as("this test needs root")
                .isEqualTo(0);
        Path source = buildTree(Files.createDirectories(tmp.resolve("src/vol")));
        Map<String, TreeSnapshot.Node> expected = TreeSnapshot.of(source);

        Path gnu = Files.createDirectories(tmp.resolve("gnu"));
        Path tarFile = tmp.resolve("gnu.tar");
        Processes.check("tar", "--format=posix", "-cpf", tarFile.toString(), "-C", source.toString(), ".");
        Processes.check("tar", "-xpf", tarFile.toString(), "-C", gnu.toString());
        assertThat(TreeSnapshot.of(gnu)).as("GNU tar's round trip").containsExactlyEntriesOf(expected);

        Path backups = Files.createDirectories(tmp.resolve("backups"));
        ArchiveResult result = new Archiver(Thread::new)
                .create(
                        new ArchiveSpec(
                                "backup-20251023-020000",
                                backups,
                                List.of(new ArchiveSpec.Source("volumes/vol", source)),
                                List.of(),
                                Codec.ZSTD,
                                3,
                                "manual",
                                null,
                                Instant.now(),
                                List.of("vol"),
                                List.of()),
                        Archiver.ProgressListener.NONE);
        assertThat(result.warnings()).isEmpty();
        assertThat(new Verifier()
                        .verify(result.archive(), result.sidecar().archiveSha256())
                        .errors())
                .isEmpty();

        assertThat(LinuxFiles.available()).as("libc calls load on CI's Linux").isTrue();
        Path ours = tmp.resolve("ours");
        new Restorer(Thread::new).restore(result.archive(), "volumes/vol", ours);
        assertThat(TreeSnapshot.of(ours)).as("our round trip, through libc").containsExactlyEntriesOf(expected);

        // Where libc calls do not load, files are written and their metadata set through the JDK.
        Path throughJdk = tmp.resolve("ours-jdk");
        new Restorer(Thread::new).throughJdkOnly().restore(result.archive(), "volumes/vol", throughJdk);
        assertThat(TreeSnapshot.of(throughJdk))
                .as("our round trip, through the JDK")
                .containsExactlyEntriesOf(expected);
    }

    @Test
    void aNameThatIsNotUtf8IsReportedNotRenamed() throws IOException {
        Path source = Files.createDirectories(tmp.resolve("src/vol"));
        Files.writeString(source.resolve("fine"), "fine");
        assertThat(Processes.command("sh", "-c", "printf x > \"$(printf 'bad\\377name')\"")
                        .directory(source)
                        .run()
                        .exitCode())
                .isZero();
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        ArchiveResult result = new Archiver(Thread::new)
                .create(
                        new ArchiveSpec(
                                "backup-20251023-020000",
                                backups,
                                List.of(new ArchiveSpec.Source("volumes/vol", source)),
                                List.of(),
                                Codec.GZIP,
                                1,
                                "manual",
                                null,
                                Instant.now(),
                                List.of("vol"),
                                List.of()),
                        Archiver.ProgressListener.NONE);
        assertThat(count(source)).isEqualTo(3);
        assertThat(result.warnings()).singleElement().asString().contains("not valid UTF-8");
        Path ours = tmp.resolve("ours");
        new Restorer(Thread::new).restore(result.archive(), "volumes/vol", ours);
        try (Stream<Path> restored = Files.list(ours)) {
            assertThat(restored.map(p -> p.getFileName().toString())).containsExactly("fine");
        }
    }

    static Path buildTree(Path root) throws IOException {
        List<Path> dirs = new ArrayList<>();
        // Names of every kind the JVM can represent (it cannot name a file whose name is not valid UTF-8).
        Path names = dir(root.resolve("names"), dirs);
        for (String name : List.of(
                "with space",
                "new\nline",
                "tab\there",
                "back\\slash",
                "-leading-dash",
                "--",
                "ünïcödé ✓",
                "*glob?[x]",
                "quote\"'",
                ".hidden",
                "x".repeat(255))) {
            Files.writeString(names.resolve(name), name);
        }
        Path deep = names;
        for (int i = 0; i < 4; i++) {
            deep = dir(deep.resolve(("deep" + i + "-").repeat(20)), dirs);
        }
        Files.writeString(deep.resolve("f".repeat(200)), "path over 255 bytes");

        // Modes, including set-id, sticky and none at all.
        Path modes = dir(root.resolve("modes"), dirs);
        mode(write(modes.resolve("setuid"), "u"), 04755);
        mode(write(modes.resolve("setgid"), "g"), 02755);
        mode(write(modes.resolve("none"), "0"), 0);
        mode(dir(modes.resolve("sticky"), dirs), 01777);
        Path closed = dir(modes.resolve("closed"), dirs);
        write(closed.resolve("inside"), "in a folder with mode 000");
        mode(closed, 0);

        // Owners other than root, on a file, a folder and a symlink.
        Path owners = dir(root.resolve("owners"), dirs);
        own(write(owners.resolve("file"), "owned"), 1234, 5678);
        own(dir(owners.resolve("folder"), dirs), 4321, 8765);
        own(Files.createSymbolicLink(owners.resolve("link"), Path.of("file")), 1111, 2222);
        mode(write(owners.resolve("setuid-of-other"), "x"), 0);
        own(owners.resolve("setuid-of-other"), 1234, 5678);
        mode(owners.resolve("setuid-of-other"), 06750);

        // Times: sub-second, before 1970, far in the future.
        Path times = dir(root.resolve("times"), dirs);
        mtime(write(times.resolve("subsecond"), "s"), Instant.ofEpochSecond(1_700_000_000L, 123_456_700));
        mtime(write(times.resolve("before-1970"), "b"), Instant.ofEpochSecond(-1_234_567_890L, 500_000_000));
        mtime(write(times.resolve("far-future"), "f"), Instant.parse("2500-01-01T00:00:00.25Z"));

        // Hard links across folders, a sparse file, empty folders, a FIFO.
        Path links = dir(root.resolve("links"), dirs);
        Path shared = write(links.resolve("shared"), "one inode, three names");
        Files.createLink(dir(links.resolve("a"), dirs).resolve("second"), shared);
        Files.createLink(dir(links.resolve("b"), dirs).resolve("third"), shared);
        try (RandomAccessFile sparse =
                new RandomAccessFile(root.resolve("sparse").toFile(), "rw")) {
            sparse.seek(16L << 20);
            sparse.write("end".getBytes(StandardCharsets.US_ASCII));
        }
        dir(dir(root.resolve("empty"), dirs).resolve("nested-empty"), dirs);
        Processes.check("mkfifo", "-m", "0640", root.resolve("pipe").toString());

        // Symlinks of every kind: relative, absolute, outward, dangling, to a folder, to a link, to itself.
        Path symlinks = dir(root.resolve("symlinks"), dirs);
        Files.createSymbolicLink(symlinks.resolve("relative"), Path.of("../links/shared"));
        Files.createSymbolicLink(symlinks.resolve("absolute"), Path.of("/etc/hostname"));
        Files.createSymbolicLink(symlinks.resolve("outward"), Path.of("../../../../outside/of/volume"));
        Files.createSymbolicLink(symlinks.resolve("dangling"), Path.of("does-not-exist"));
        Files.createSymbolicLink(symlinks.resolve("to-folder"), Path.of("../links"));
        Files.createSymbolicLink(symlinks.resolve("to-root"), Path.of("/"));
        Files.createSymbolicLink(symlinks.resolve("to-link"), Path.of("relative"));
        Files.createSymbolicLink(symlinks.resolve("self"), Path.of("self"));
        Files.createSymbolicLink(symlinks.resolve("with space ✓"), Path.of("target with space ✓"));

        // Folder times last, deepest first, once nothing changes inside them any more.
        dirs.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        long t = 1_600_000_000L;
        for (Path d : dirs) {
            mtime(d, Instant.ofEpochSecond(t++, 987_654_300));
        }
        return root;
    }

    private static Path dir(Path p, List<Path> dirs) throws IOException {
        Files.createDirectories(p);
        dirs.add(p);
        return p;
    }

    private static Path write(Path p, String content) throws IOException {
        return Files.writeString(p, content);
    }

    private static Path mode(Path p, int mode) throws IOException {
        Files.setAttribute(p, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
        return p;
    }

    private static Path own(Path p, int uid, int gid) throws IOException {
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        return p;
    }

    private static Path mtime(Path p, Instant t) throws IOException {
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(t), null, null);
        return p;
    }

    static long count(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.count();
        }
    }
}
