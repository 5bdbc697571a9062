package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives built by hand the way an attacker would, restored into a destination that must stay untouched. */
class HostileArchiveTest {

    @TempDir
    Path tmp;

    private Path archive;
    private Path restoreParent;
    private Path destination;
    private final Restorer restorer =
            new Restorer(Thread::new, Restorer.Policy.defaults().withRequireManifest(false));

    @BeforeEach
    void setUp() throws IOException {
        archive = tmp.resolve("hostile.tar");
        restoreParent = Files.createDirectories(tmp.resolve("restores"));
        destination = restoreParent.resolve("dest");
    }

    @Test
    void restoreRejectsDotDotEntries() throws IOException {
        write(Codec.NONE, tar -> {
            file(tar, "ok.txt", "fine");
            file(tar, "../evil", "escaped");
        });
        assertRejected("'..' in path");
        assertThat(tmp.resolve("evil")).doesNotExist();
    }

    @Test
    void restoreRejectsAbsoluteEntries() throws IOException {
        write(Codec.NONE, tar -> {
            TarArchiveEntry e = new TarArchiveEntry("/abs-evil", true);
            e.setSize(1);
            tar.putArchiveEntry(e);
            tar.write('x');
            tar.closeArchiveEntry();
        });
        assertRejected("absolute path");
        assertThat(Path.of("/abs-evil")).doesNotExist();
    }

    @Test
    void restoreRejectsWriteThroughSymlinkPlantedByEarlierEntry() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        write(Codec.NONE, tar -> {
            symlink(tar, "etc", outside.toString());
            file(tar, "etc/passwd", "owned");
        });
        assertRejected("symlink");
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void restoreRejectsWriteThroughRelativeSymlinkToOutside() throws IOException {
        write(Codec.NONE, tar -> {
            symlink(tar, "up", "../..");
            file(tar, "up/evil", "owned");
        });
        assertRejected("symlink");
        assertThat(tmp.resolve("evil")).doesNotExist();
    }

    @Test
    void restoreKeepsSymlinkToParentVerbatim() throws IOException {
        write(Codec.NONE, tar -> symlink(tar, "parent", ".."));
        restorer.restore(archive, destination);
        assertThat(Files.readSymbolicLink(destination.resolve("parent"))).isEqualTo(Path.of(".."));
        assertNothingElseNextTo();
    }

    @Test
    void restoreKeepsSymlinkToDestinationItselfVerbatim() throws IOException {
        write(Codec.NONE, tar -> {
            dir(tar, "sub/");
            symlink(tar, "sub/self", "..");
        });
        restorer.restore(archive, destination);
        assertThat(Files.readSymbolicLink(destination.resolve("sub/self"))).isEqualTo(Path.of(".."));
    }

    @Test
    void restoreKeepsAbsoluteSymlinkTargetVerbatim() throws IOException {
        write(Codec.NONE, tar -> {
            symlink(tar, "etc", "/etc");
            symlink(tar, "dangling", "/nonexistent/nowhere");
        });
        restorer.restore(archive, destination);
        assertThat(Files.readSymbolicLink(destination.resolve("etc"))).isEqualTo(Path.of("/etc"));
        assertThat(Files.readSymbolicLink(destination.resolve("dangling"))).isEqualTo(Path.of("/nonexistent/nowhere"));
        assertNothingElseNextTo();
    }

    @Test
    void restoreKeepsSymlinkThatEscapesThroughAnotherArchivedSymlinkVerbatim() throws IOException {
        // Lexically a/b/s/../../z stays inside, but s points at q, one level up, so the real path leaves.
        write(Codec.NONE, tar -> {
            dir(tar, "q/");
            dir(tar, "a/b/");
            symlink(tar, "u", "a/b/s/../../../z");
            symlink(tar, "a/b/s", "../../q");
        });
        restorer.restore(archive, destination);
        assertThat(Files.readSymbolicLink(destination.resolve("u"))).isEqualTo(Path.of("a/b/s/../../../z"));
        assertThat(Files.readSymbolicLink(destination.resolve("a/b/s"))).isEqualTo(Path.of("../../q"));
        assertNothingElseNextTo();
    }

    @Test
    void restoreRefusesEntryUnderAnArchivedAbsoluteLinkAndWritesNothingOutside() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside-etc"));
        write(Codec.NONE, tar -> {
            symlink(tar, "a", outside.toString());
            dir(tar, "a/sub/");
            file(tar, "a/sub/passwd", "owned");
        });
        assertRejected("written through the symlink 'a'");
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void restoreRejectsHardLinkToAbsolutePath() throws IOException {
        write(Codec.NONE, tar -> hardlink(tar, "passwd", "/etc/passwd"));
        assertRejected("absolute path");
    }

    @Test
    void restoreRejectsHardLinkOutsideDestination() throws IOException {
        write(Codec.NONE, tar -> hardlink(tar, "x", "../hostile.tar"));
        assertRejected("'..' in path");
    }

    @Test
    void restoreRejectsHardLinkToEntryNotRestoredBefore() throws IOException {
        write(Codec.NONE, tar -> {
            symlink(tar, "s", "f");
            hardlink(tar, "x", "s");
        });
        assertRejected("not a file restored earlier");
    }

    @Test
    void restoreRejectsDirectoryReplacedBySameNamedSymlink() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        write(Codec.NONE, tar -> {
            dir(tar, "d/");
            symlink(tar, "d", outside.toString());
            file(tar, "d/x", "owned");
        });
        assertRejected("duplicate path");
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void restoreRejectsFileWhoseParentIsAnArchivedSymlinkEvenWithoutDuplicate() throws IOException {
        write(Codec.NONE, tar -> {
            dir(tar, "real/");
            symlink(tar, "d", "real");
            file(tar, "d/x", "through a link");
        });
        assertRejected("written through the symlink 'd'");
    }

    @Test
    void restoreRejectsCharacterDevices() throws IOException {
        write(Codec.NONE, tar -> special(tar, "null", TarConstants.LF_CHR));
        assertRejected("device");
    }

    @Test
    void restoreRejectsBlockDevices() throws IOException {
        write(Codec.NONE, tar -> special(tar, "sda", TarConstants.LF_BLK));
        assertRejected("device");
    }

    @Test
    void restoreRecreatesFifosAsFifos() throws IOException {
        write(Codec.NONE, tar -> special(tar, "pipe", TarConstants.LF_FIFO));
        restorer.restore(archive, destination);
        assertThat((Integer) Files.getAttribute(destination.resolve("pipe"), "unix:mode", LinkOption.NOFOLLOW_LINKS)
                        & 0170000)
                .isEqualTo(0010000);
    }

    @Test
    void restoreRejectsDuplicatePaths() throws IOException {
        write(Codec.NONE, tar -> {
            file(tar, "a.txt", "first");
            file(tar, "./a.txt", "second");
        });
        assertRejected("duplicate path");
    }

    @Test
    void restoreRejectsNamesOverTheLengthCap() throws IOException {
        write(Codec.NONE, tar -> file(tar, "d/".repeat(100) + "f", "deep"));
        assertThatThrownBy(() -> new Restorer(
                                Thread::new,
                                Restorer.Policy.defaults()
                                        .withRequireManifest(false)
                                        .withMaxNameBytes(100))
                        .restore(archive, destination))
                .isInstanceOf(RestoreRejectedException.class)
                .hasMessageContaining("name longer than 100 bytes");
        assertNothingLeftBehind();
    }

    @Test
    void restoreRejectsMoreEntriesThanTheCap() throws IOException {
        write(Codec.NONE, tar -> {
            for (int i = 0; i < 20; i++) {
                file(tar, "f" + i, "x");
            }
        });
        assertThatThrownBy(() -> new Restorer(
                                Thread::new,
                                Restorer.Policy.defaults()
                                        .withRequireManifest(false)
                                        .withMaxEntries(10))
                        .restore(archive, destination))
                .isInstanceOf(RestoreRejectedException.class)
                .hasMessageContaining("more than 10 entries");
        assertNothingLeftBehind();
    }

    @Test
    void restoreStopsCompressionBombEarly() throws IOException {
        archive = tmp.resolve("bomb.tar.gz");
        long gib = 1L << 30;
        write(Codec.GZIP, tar -> {
            file(tar, "small.txt", "x");
            TarArchiveEntry e = new TarArchiveEntry("zeros.bin");
            e.setSize(gib);
            tar.putArchiveEntry(e);
            byte[] zeros = new byte[1 << 20];
            for (long done = 0; done < gib; done += zeros.length) {
                tar.write(zeros);
            }
            tar.closeArchiveEntry();
        });
        assertThat(Files.size(archive)).isLessThan(10L << 20);
        Restorer capped = new Restorer(
                Thread::new,
                Restorer.Policy.defaults().withRequireManifest(false).withMaxTotalBytes(10L << 20));

        // Rejected at the entry's header: none of its gigabyte was decompressed into the destination.
        assertThatThrownBy(() -> capped.restore(archive, destination))
                .isInstanceOfSatisfying(RestoreRejectedException.class, e -> {
                    assertThat(e.entry()).isEqualTo("zeros.bin");
                    assertThat(e.reason())
                            .isEqualTo("restoring it would exceed the limit of " + (10L << 20) + " bytes");
                });
        assertNothingLeftBehind();
    }

    @Test
    void restoreKeepsSetuidSetgidAndStickyBitsAsRootLikeGnuTar() throws IOException {
        assertThat(Files.getAttribute(tmp, "unix:uid"))
                .as("this test needs root, as CI runs it")
                .isEqualTo(0);
        write(Codec.NONE, tar -> {
            TarArchiveEntry d = new TarArchiveEntry("shared/");
            d.setMode(01777);
            tar.putArchiveEntry(d);
            tar.closeArchiveEntry();
            TarArchiveEntry f = new TarArchiveEntry("shared/suid");
            f.setMode(06755);
            f.setSize(2);
            tar.putArchiveEntry(f);
            tar.write("hi".getBytes(StandardCharsets.US_ASCII));
            tar.closeArchiveEntry();
        });
        restorer.restore(archive, destination);
        assertThat(mode(destination.resolve("shared"))).isEqualTo(01777);
        assertThat(mode(destination.resolve("shared/suid"))).isEqualTo(06755);
    }

    @Test
    void restoreOfTruncatedArchiveFailsCleanly() throws IOException {
        archive = tmp.resolve("cut.tar.gz");
        write(Codec.GZIP, tar -> {
            for (int i = 0; i < 50; i++) {
                file(tar, "f" + i, "content of file " + i + "\n".repeat(i * 500));
            }
        });
        byte[] all = Files.readAllBytes(archive);
        Files.write(archive, java.util.Arrays.copyOf(all, all.length / 2));
        assertRejected("corrupt or truncated");
    }

    @Test
    void restoreRequiresTheManifestByDefault() throws IOException {
        write(Codec.NONE, tar -> file(tar, "a.txt", "no manifest"));
        assertThatThrownBy(() -> new Restorer(Thread::new).restore(archive, destination))
                .isInstanceOf(RestoreRejectedException.class)
                .hasMessageContaining("manifest");
        assertNothingLeftBehind();
    }

    private void assertRejected(String reason) throws IOException {
        assertThatThrownBy(() -> restorer.restore(archive, destination))
                .isInstanceOf(RestoreRejectedException.class)
                .hasMessageContaining(reason);
        assertNothingLeftBehind();
    }

    /** A restore that succeeded left only the destination next to it, and nothing in the temporary folder. */
    private void assertNothingElseNextTo() throws IOException {
        assertThat(names(restoreParent)).containsExactly("dest");
        assertThat(names(tmp)).containsExactlyInAnyOrder("hostile.tar", "restores");
    }

    private void assertNothingLeftBehind() throws IOException {
        assertThat(destination).doesNotExist();
        try (Stream<Path> left = Files.list(restoreParent)) {
            assertThat(left).as("leftovers next to the destination").isEmpty();
        }
    }

    static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    @FunctionalInterface
    interface TarBody {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private void write(Codec codec, TarBody body) throws IOException {
        try (OutputStream out =
                        codec.compress(Files.newOutputStream(archive), codec == Codec.GZIP ? 1 : 0, Thread::new);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            body.write(tar);
        }
    }

    static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    static void dir(TarArchiveOutputStream tar, String name) throws IOException {
        tar.putArchiveEntry(new TarArchiveEntry(name));
        tar.closeArchiveEntry();
    }

    static void symlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    static void hardlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    static void special(TarArchiveOutputStream tar, String name, byte flag) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, flag);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
