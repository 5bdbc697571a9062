package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.archive.crypt.ArchiveEncryption;
import com.opscenter.archive.crypt.ArchiveKeys;
import com.opscenter.archive.format.EntryType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restoring part of a full backup: real archives by the archiver, restored into real folders. */
class SelectiveRestoreTest {

    @TempDir
    Path tmp;

    Path v;
    Path w;
    ArchiveResult backup;

    @BeforeEach
    void backupOfTwoVolumes() throws IOException {
        v = Files.createDirectories(tmp.resolve("live/v"));
        w = Files.createDirectories(tmp.resolve("live/w"));
        // Walked in sorted order: a-outside/orig is the first name, so the archive stores the docs/ names as
        // hard links to it.
        Files.createDirectories(v.resolve("a-outside"));
        Files.writeString(v.resolve("a-outside/orig"), "shared content");
        Files.createDirectories(v.resolve("docs/deep"));
        Files.writeString(v.resolve("docs/one.txt"), "one");
        Files.writeString(v.resolve("docs/deep/two.txt"), "two, deeper");
        Files.createLink(v.resolve("docs/link-1"), v.resolve("a-outside/orig"));
        Files.createLink(v.resolve("docs/link-2"), v.resolve("a-outside/orig"));
        Files.writeString(v.resolve("top.txt"), "top");
        Files.createDirectories(v.resolve("zz"));
        Files.writeString(v.resolve("zz/other.txt"), "other");
        Files.writeString(w.resolve("w.txt"), "w");
        // Times the archive keeps exactly, to compare them after the restore.
        IncrementChain.wholeSeconds(tmp.resolve("live"));
        backup = archive(null);
    }

    private ArchiveResult archive(ArchiveEncryption encryption) throws IOException {
        ArchiveSpec spec = new ArchiveSpec(
                "backup-20251023-020000",
                Files.createDirectories(tmp.resolve(encryption == null ? "backups" : "sealed")),
                List.of(new ArchiveSpec.Source("volumes/v", v), new ArchiveSpec.Source("volumes/w", w)),
                List.of(),
                Codec.ZSTD,
                3,
                "manual",
                null,
                Instant.now(),
                List.of("v", "w"),
                List.of());
        return encryption == null
                ? new Archiver(Thread::new).create(spec, Archiver.ProgressListener.NONE)
                : new Archiver(Thread::new).create(spec, encryption, Archiver.ProgressListener.NONE);
    }

    private Restorer.Result restore(Path archive, Path dest, String... paths) throws IOException {
        Restorer restorer = new Restorer(Thread::new);
        Selection selection = restorer.select(archive, List.of(paths));
        return restorer.restoreSelection(archive, selection, dest, HoldingArchives.NONE);
    }

    @Test
    void aFolderComesOutWithEverythingUnderItAndNothingElse() throws IOException {
        Path dest = tmp.resolve("out");

        Restorer.Result result = restore(backup.archive(), dest, "volumes/v/docs");

        assertThat(files(dest))
                .containsExactlyInAnyOrder(
                        "volumes/v/docs/one.txt",
                        "volumes/v/docs/deep/two.txt",
                        "volumes/v/docs/link-1",
                        "volumes/v/docs/link-2");
        assertThat(dest.resolve("volumes/v/docs/deep/two.txt")).hasContent("two, deeper");
        assertThat(TreeSnapshot.of(dest.resolve("volumes/v/docs/deep")))
                .containsExactlyEntriesOf(TreeSnapshot.of(v.resolve("docs/deep")));
        assertThat(result.files()).isEqualTo(4);
        // The folders above it keep their own metadata, as a whole restore gives them.
        assertThat(Files.getLastModifiedTime(dest.resolve("volumes/v"))).isEqualTo(Files.getLastModifiedTime(v));
        assertThat(siblings(dest)).containsExactlyInAnyOrder("out", "live", "backups");
    }

    @Test
    void oneFileComesOutAlone() throws IOException {
        Path dest = tmp.resolve("out");

        Restorer.Result result = restore(backup.archive(), dest, "volumes/v/top.txt");

        assertThat(files(dest)).containsExactly("volumes/v/top.txt");
        assertThat(dest.resolve("volumes/v/top.txt")).hasContent("top");
        assertThat(result.files()).isEqualTo(1);
        assertThat(result.bytes()).isEqualTo(3);
    }

    @Test
    void hardLinksToAFileOutsideTheSelectionComeOutWithItsContentAndStayOneFile() throws IOException {
        Map<String, Restorer.ContentEntry> listed = listing(backup.archive());
        assertThat(listed.get("volumes/v/docs/link-1").type()).isEqualTo(EntryType.HARDLINK);
        assertThat(listed.get("volumes/v/docs/link-1").linkTarget()).isEqualTo("volumes/v/a-outside/orig");
        Path dest = tmp.resolve("out");

        restore(backup.archive(), dest, "volumes/v/docs");

        Path first = dest.resolve("volumes/v/docs/link-1");
        Path second = dest.resolve("volumes/v/docs/link-2");
        assertThat(first).isRegularFile().hasContent("shared content");
        assertThat(second).hasContent("shared content");
        assertThat(Files.isSameFile(first, second)).isTrue();
        assertThat(Files.getLastModifiedTime(first)).isEqualTo(Files.getLastModifiedTime(v.resolve("a-outside/orig")));
        assertThat(dest.resolve("volumes/v/a-outside")).doesNotExist();
    }

    @Test
    void aHardLinkSelectedAloneIsItsTargetsContent() throws IOException {
        Path dest = tmp.resolve("out");

        restore(backup.archive(), dest, "volumes/v/docs/link-2");

        assertThat(files(dest)).containsExactly("volumes/v/docs/link-2");
        assertThat(dest.resolve("volumes/v/docs/link-2")).hasContent("shared content");
    }

    @Test
    void severalPathsAcrossVolumesAndOverlappingOnesAreOneSelection() throws IOException {
        Path dest = tmp.resolve("out");

        Restorer.Result result =
                restore(backup.archive(), dest, "volumes/v/docs/deep", "volumes/w", "volumes/v/docs/deep/two.txt");

        assertThat(files(dest)).containsExactlyInAnyOrder("volumes/v/docs/deep/two.txt", "volumes/w/w.txt");
        assertThat(result.files()).isEqualTo(2);
    }

    @Test
    void aPathTheBackupLacksIsNamedAndNothingIsWritten() throws IOException {
        Restorer restorer = new Restorer(Thread::new);

        Selection selection =
                restorer.select(backup.archive(), List.of("volumes/v/docs", "volumes/v/nope", "volumes/v/doc"));

        assertThat(selection.missing()).containsExactly("volumes/v/nope", "volumes/v/doc");
        Path dest = tmp.resolve("out");
        assertThatThrownBy(() -> restorer.restoreSelection(backup.archive(), selection, dest, HoldingArchives.NONE))
                .isInstanceOf(RestoreRejectedException.class)
                .hasMessageContaining("volumes/v/nope");
        assertThat(siblings(dest)).containsExactlyInAnyOrder("live", "backups");
    }

    @Test
    void anEncryptedBackupIsSelectedAndRestoredWithItsKey() throws IOException {
        ArchiveResult sealed = archive(ArchiveEncryption.passphrase("correct horse battery staple"));
        Restorer restorer =
                new Restorer(Thread::new, ArchiveKeys.of(List.of("correct horse battery staple"), List.of(), null));
        Path dest = tmp.resolve("out");

        Selection selection = restorer.select(sealed.archive(), List.of("volumes/v/docs/one.txt"));
        restorer.restoreSelection(sealed.archive(), selection, dest, HoldingArchives.NONE);

        assertThat(files(dest)).containsExactly("volumes/v/docs/one.txt");
        assertThat(dest.resolve("volumes/v/docs/one.txt")).hasContent("one");
    }

    @Test
    void pathsAreCheckedBeforeTheArchiveIsRead() {
        assertThat(Selection.problemWith(List.of("volumes/v/docs", "volumes/v/a.txt")))
                .isEmpty();
        assertThat(Selection.problemWith(List.of()))
                .hasValueSatisfying(p -> assertThat(p).contains("at least one"));
        assertThat(Selection.problemWith(java.util.Collections.nCopies(1001, "volumes/v")))
                .hasValueSatisfying(p -> assertThat(p).contains("at most 1000"));
        assertThat(Selection.problemWith("/volumes/v"))
                .hasValueSatisfying(p -> assertThat(p).contains("absolute"));
        assertThat(Selection.problemWith("volumes/../etc"))
                .hasValueSatisfying(p -> assertThat(p).contains("'..'"));
        assertThat(Selection.problemWith("volumes/./v"))
                .hasValueSatisfying(p -> assertThat(p).contains("'.'"));
        assertThat(Selection.problemWith("volumes//v"))
                .hasValueSatisfying(p -> assertThat(p).contains("empty"));
        assertThat(Selection.problemWith("volumes/v/"))
                .hasValueSatisfying(p -> assertThat(p).contains("empty"));
        assertThat(Selection.problemWith("")).isPresent();
        assertThat(Selection.problemWith("a".repeat(4096))).isEmpty();
        assertThat(Selection.problemWith("a".repeat(4097)))
                .hasValueSatisfying(p -> assertThat(p).contains("4096"));
        assertThatThrownBy(() -> new Restorer(Thread::new).select(backup.archive(), List.of("../x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, Restorer.ContentEntry> listing(Path archive) throws IOException {
        Map<String, Restorer.ContentEntry> byPath = new java.util.HashMap<>();
        for (Restorer.ContentEntry e : new Restorer(Thread::new).listContents(archive)) {
            byPath.put(e.path(), e);
        }
        return byPath;
    }

    /** The non-folders under {@code root}, relative, with '/'. */
    static List<String> files(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .map(p -> root.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }

    private static List<String> siblings(Path path) throws IOException {
        try (Stream<Path> s = Files.list(path.getParent())) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
