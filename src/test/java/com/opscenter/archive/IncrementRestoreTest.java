package com.opscenter.archive;

import static com.opscenter.archive.IncrementChain.FULL;
import static com.opscenter.archive.IncrementChain.INC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.archive.format.EntryType;
import com.opscenter.archive.format.ManifestEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restore, contents and verification of an increment whose unchanged files a full backup holds: real archives
 * (the full one by the archiver, the increment as the design fixes it) restored into real folders.
 */
class IncrementRestoreTest {

    static final String OTHER = "backup-20251025-020000";

    @TempDir
    Path tmp;

    Path v;
    Path w;
    Path backups;
    ArchiveResult full;
    Map<String, ManifestEntry> fullManifest;
    Path inc;
    HoldingArchives holdings;

    @BeforeEach
    void chain() throws IOException {
        v = Files.createDirectories(tmp.resolve("live/v"));
        w = Files.createDirectories(tmp.resolve("live/w"));
        Files.createDirectories(v.resolve("sub"));
        Files.writeString(v.resolve("keep.txt"), "keep");
        Files.writeString(v.resolve("old-name.txt"), "renamed content");
        Files.writeString(v.resolve("gone.txt"), "deleted later");
        Files.writeString(v.resolve("change.txt"), "before");
        Files.writeString(v.resolve("node"), "was a file");
        Files.writeString(v.resolve("a-shared"), "shared content");
        Files.writeString(v.resolve("sub/deep.txt"), "deep");
        Files.createSymbolicLink(v.resolve("link-to-keep"), Path.of("keep.txt"));
        Files.writeString(w.resolve("w.txt"), "w");
        IncrementChain.wholeSeconds(tmp.resolve("live"));
        backups = tmp.resolve("backups");
        full = IncrementChain.full(backups, FULL, Map.of("volumes/v", v, "volumes/w", w));
        fullManifest = IncrementChain.manifestOf(full.archive());

        // The tree as the increment sees it: one file changed, one deleted, one renamed, a file become a folder,
        // a second name for a file the full backup holds.
        Files.writeString(v.resolve("change.txt"), "after, and longer");
        Files.delete(v.resolve("gone.txt"));
        Files.move(v.resolve("old-name.txt"), v.resolve("new-name.txt"));
        Files.delete(v.resolve("node"));
        Files.createDirectories(v.resolve("node"));
        Files.writeString(v.resolve("node/inside.txt"), "inside");
        Files.createLink(v.resolve("b-link"), v.resolve("a-shared"));
        IncrementChain.wholeSeconds(tmp.resolve("live"));
        Map<String, ManifestEntry> held = Map.of(
                "volumes/v/keep.txt", fullManifest.get("volumes/v/keep.txt"),
                "volumes/v/new-name.txt", fullManifest.get("volumes/v/old-name.txt"),
                "volumes/v/a-shared", fullManifest.get("volumes/v/a-shared"),
                "volumes/v/sub/deep.txt", fullManifest.get("volumes/v/sub/deep.txt"),
                "volumes/w/w.txt", fullManifest.get("volumes/w/w.txt"));
        inc = new IncrementChain.Builder(INC)
                .tree(v, "volumes/v", held, FULL)
                .tree(w, "volumes/w", held, FULL)
                .write(backups, FULL);
        holdings = chainOf(Map.of(FULL, full.archive()), full.sidecar().archiveSha256());
    }

    /** The test's chain: the given archives, each with {@code sha}; any other id is missing. */
    private static HoldingArchives chainOf(Map<String, Path> archives, String sha) {
        return id -> {
            Path archive = archives.get(id);
            if (archive == null) {
                throw new ChainLinkMissingException(id, null, "not in this test's chain");
            }
            return new HoldingArchives.Holding(archive, sha);
        };
    }

    // ---- restore

    @Test
    void aRestoreOfTheIncrementRebuildsItsTreeFromBothArchives() throws IOException {
        Path dest = tmp.resolve("out");

        Restorer.Result result = new Restorer(Thread::new).restore(inc, null, dest, holdings);

        assertThat(TreeSnapshot.of(dest.resolve("volumes/v"))).containsExactlyEntriesOf(TreeSnapshot.of(v));
        assertThat(TreeSnapshot.of(dest.resolve("volumes/w"))).containsExactlyEntriesOf(TreeSnapshot.of(w));
        assertThat(dest.resolve("volumes/v/new-name.txt")).hasContent("renamed content");
        assertThat(dest.resolve("volumes/v/old-name.txt")).doesNotExist();
        assertThat(dest.resolve("volumes/v/gone.txt")).doesNotExist();
        assertThat(dest.resolve("volumes/v/node/inside.txt")).hasContent("inside");
        assertThat(dest.resolve("volumes/v/change.txt")).hasContent("after, and longer");
        assertThat(Files.isSameFile(dest.resolve("volumes/v/b-link"), dest.resolve("volumes/v/a-shared")))
                .isTrue();
        // keep, new-name, a-shared, b-link, sub/deep, change, node/inside, w
        assertThat(result.files()).isEqualTo(8);
        assertThat(siblings(dest)).containsExactlyInAnyOrder("out", "live", "backups");
    }

    @Test
    void aRestoreInPlaceOfOneVolumeSwapsInTheIncrementsTree() throws IOException {
        Path volume = Files.createDirectories(tmp.resolve("target/v"));
        Files.writeString(volume.resolve("stale.txt"), "not in any backup");

        new Restorer(Thread::new).restoreInPlace(inc, "volumes/v", volume, holdings);

        assertThat(TreeSnapshot.of(volume)).containsExactlyEntriesOf(TreeSnapshot.of(v));
        assertThat(siblings(volume)).containsExactly("v");
    }

    @Test
    void aPrefixRestoreTakesOnlyThatVolumesHeldFiles() throws IOException {
        Path dest = tmp.resolve("only-w");

        new Restorer(Thread::new).restore(inc, "volumes/w", dest, holdings);

        assertThat(TreeSnapshot.of(dest)).containsExactlyEntriesOf(TreeSnapshot.of(w));
    }

    // ---- a selection of the increment

    @Test
    void aSelectedFolderOfTheIncrementTakesItsHeldFilesFromTheFullBackup() throws IOException {
        Restorer restorer = new Restorer(Thread::new);
        Selection selection = restorer.select(inc, List.of("volumes/v/sub", "volumes/v/node"));
        Path dest = tmp.resolve("out");

        Restorer.Result result = restorer.restoreSelection(inc, selection, dest, holdings);

        assertThat(selection.holders()).containsExactly(FULL);
        assertThat(SelectiveRestoreTest.files(dest))
                .containsExactlyInAnyOrder("volumes/v/sub/deep.txt", "volumes/v/node/inside.txt");
        assertThat(dest.resolve("volumes/v/sub/deep.txt")).hasContent("deep");
        assertThat(dest.resolve("volumes/v/node/inside.txt")).hasContent("inside");
        assertThat(result.files()).isEqualTo(2);
    }

    @Test
    void aSelectionOfWhatTheIncrementStoresItselfReadsNoEarlierBackup() throws IOException {
        Restorer restorer = new Restorer(Thread::new);
        Selection selection = restorer.select(inc, List.of("volumes/v/change.txt", "volumes/v/node"));
        Path dest = tmp.resolve("out");

        // No holder is available: reading one would fail the restore.
        restorer.restoreSelection(inc, selection, dest, HoldingArchives.NONE);

        assertThat(selection.holders()).isEmpty();
        assertThat(selection.needsAllHolders()).isFalse();
        assertThat(SelectiveRestoreTest.files(dest))
                .containsExactlyInAnyOrder("volumes/v/change.txt", "volumes/v/node/inside.txt");
        assertThat(dest.resolve("volumes/v/change.txt")).hasContent("after, and longer");
    }

    @Test
    void aSelectedHardLinkToAFileTheFullBackupHoldsComesOutWithThatContent() throws IOException {
        Restorer restorer = new Restorer(Thread::new);
        Selection selection = restorer.select(inc, List.of("volumes/v/b-link"));
        Path dest = tmp.resolve("out");

        restorer.restoreSelection(inc, selection, dest, holdings);

        assertThat(selection.needsAllHolders()).isTrue();
        assertThat(SelectiveRestoreTest.files(dest)).containsExactly("volumes/v/b-link");
        assertThat(dest.resolve("volumes/v/b-link")).isRegularFile().hasContent("shared content");
    }

    @Test
    void aPathTheIncrementDoesNotListIsMissingEvenIfAnEarlierBackupHadIt() throws IOException {
        Selection selection =
                new Restorer(Thread::new).select(inc, List.of("volumes/v/gone.txt", "volumes/v/keep.txt"));

        assertThat(selection.missing()).containsExactly("volumes/v/gone.txt");
    }

    @Test
    void withoutTheFullBackupNothingIsWrittenAndTheErrorNamesBoth() throws IOException {
        Path dest = tmp.resolve("out");

        assertThatThrownBy(() -> new Restorer(Thread::new).restore(inc, null, dest, HoldingArchives.NONE))
                .isInstanceOf(ChainLinkMissingException.class)
                .hasMessageContaining("backup " + FULL + ", which " + INC + " depends on, is missing")
                .satisfies(e ->
                        assertThat(((ChainLinkMissingException) e).missing()).isEqualTo(FULL));
        assertThat(siblings(dest)).containsExactlyInAnyOrder("live", "backups");
    }

    @Test
    void aFullBackupRestoresAsBeforeWithHoldingsGiven() throws IOException {
        Path dest = tmp.resolve("full");

        new Restorer(Thread::new).restore(full.archive(), "volumes/w", dest, HoldingArchives.NONE);

        assertThat(dest.resolve("w.txt")).hasContent("w");
    }

    @Test
    void theEntryLimitCountsTheHeldFiles() throws IOException {
        long own = IncrementChain.manifestOf(inc).values().stream()
                .filter(e -> !e.heldElsewhere())
                .count();
        // The archive's own entries and the manifest fit; the five held files do not.
        var policy = Restorer.Policy.defaults().withMaxEntries(own + 3);

        assertThatThrownBy(() -> new Restorer(Thread::new, policy).restore(inc, null, tmp.resolve("out"), holdings))
                .isInstanceOf(RestoreRejectedException.class)
                .hasMessageContaining("more than " + (own + 3) + " entries");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void theByteLimitCountsTheHeldFiles() {
        // Own content: change.txt and node/inside.txt (23 bytes); the held files bring 34 more.
        var policy = Restorer.Policy.defaults().withMaxTotalBytes(40);

        assertThatThrownBy(() -> new Restorer(Thread::new, policy).restore(inc, null, tmp.resolve("out"), holdings))
                .isInstanceOf(RestoreRejectedException.class)
                .hasMessageContaining("exceed the limit of 40 bytes");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    // ---- hostile increments

    private Path incrementWith(ManifestEntry... lines) throws IOException {
        var builder = new IncrementChain.Builder(OTHER);
        TarArchiveEntry dir = new TarArchiveEntry("volumes/v/");
        dir.setMode(0755);
        builder.own(
                dir,
                null,
                new ManifestEntry(
                        "volumes/v",
                        EntryType.DIRECTORY,
                        0,
                        0755,
                        dir.getModTime().toInstant(),
                        null,
                        null,
                        0,
                        0,
                        null,
                        null));
        for (ManifestEntry line : lines) {
            builder.line(line);
        }
        return builder.write(backups, FULL);
    }

    private ManifestEntry heldLine(String path, String from, String source) {
        ManifestEntry keep = fullManifest.get("volumes/v/keep.txt");
        return new ManifestEntry(
                path,
                EntryType.FILE,
                keep.size(),
                keep.mode(),
                keep.mtime(),
                keep.sha256(),
                null,
                keep.uid(),
                keep.gid(),
                null,
                null,
                null,
                -1,
                -1,
                from,
                source);
    }

    @Test
    void aHolderOutsideTheChainIsMissing() throws IOException {
        Path hostile = incrementWith(heldLine("volumes/v/x", "backup-20200101-000000", "volumes/v/keep.txt"));

        assertThatThrownBy(() -> new Restorer(Thread::new).restore(hostile, null, tmp.resolve("out"), holdings))
                .isInstanceOf(ChainLinkMissingException.class)
                .hasMessageContaining("backup backup-20200101-000000, which " + OTHER + " depends on, is missing");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aSourceTheHolderHasAsAFolderOrASymlinkIsRefused() throws IOException {
        for (String source : List.of("volumes/v/sub", "volumes/v/link-to-keep")) {
            Path hostile = incrementWith(heldLine("volumes/v/x", FULL, source));

            assertThatThrownBy(() -> new Restorer(Thread::new).restore(hostile, null, tmp.resolve("out"), holdings))
                    .isInstanceOf(RestoreRejectedException.class)
                    .hasMessageContaining("entry 'volumes/v/x'")
                    .hasMessageContaining(FULL + " holds '" + source + "'")
                    .hasMessageContaining("not as a file");
            assertThat(tmp.resolve("out")).doesNotExist();
        }
    }

    @Test
    void aSourceTheHolderLacksOrHoldsWithAnotherSizeIsRefused() throws IOException {
        Path lacking = incrementWith(heldLine("volumes/v/x", FULL, "volumes/v/nothing-here"));
        assertThatThrownBy(() -> new Restorer(Thread::new).restore(lacking, null, tmp.resolve("out"), holdings))
                .isInstanceOf(RestoreRejectedException.class)
                .hasMessageContaining("entry 'volumes/v/x'")
                .hasMessageContaining("'volumes/v/nothing-here' in " + FULL + ", which holds no such file");

        Path resized = incrementWith(heldLine("volumes/v/x", FULL, "volumes/v/a-shared"));
        assertThatThrownBy(() -> new Restorer(Thread::new).restore(resized, null, tmp.resolve("out"), holdings))
                .isInstanceOf(RestoreRejectedException.class)
                .hasMessageContaining(FULL + " holds 'volumes/v/a-shared' with 14 bytes, the manifest lists 4");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aHeldPathCannotLeaveTheDestination() throws IOException {
        Path hostile = incrementWith(heldLine("volumes/v/../../../escape.txt", FULL, "volumes/v/keep.txt"));

        assertThatThrownBy(() -> new Restorer(Thread::new).restore(hostile, null, tmp.resolve("out"), holdings))
                .isInstanceOf(RestoreRejectedException.class)
                .hasMessageContaining("'..' in path");
        assertThat(tmp.resolve("out")).doesNotExist();
        assertThat(tmp.resolve("escape.txt")).doesNotExist();
        assertThat(tmp.getParent().resolve("escape.txt")).doesNotExist();
    }

    @Test
    void aHeldPathUnderASymlinkOfTheIncrementIsRefused() throws IOException {
        var builder = new IncrementChain.Builder(OTHER);
        TarArchiveEntry link =
                new TarArchiveEntry("volumes/v/l", org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK);
        link.setLinkName("/etc");
        builder.own(
                link,
                null,
                new ManifestEntry(
                        "volumes/v/l", EntryType.SYMLINK, 0, 0777, Instant.EPOCH, null, "/etc", 0, 0, null, null));
        builder.line(heldLine("volumes/v/l/passwd", FULL, "volumes/v/keep.txt"));
        Path hostile = builder.write(backups, FULL);

        assertThatThrownBy(() -> new Restorer(Thread::new).restore(hostile, null, tmp.resolve("out"), holdings))
                .isInstanceOf(RestoreRejectedException.class)
                .hasMessageContaining("through the symlink 'volumes/v/l'");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aHeldPathTheIncrementAlsoHoldsIsADuplicate() throws IOException {
        var builder = new IncrementChain.Builder(OTHER);
        TarArchiveEntry file = new TarArchiveEntry("volumes/v/x");
        file.setSize(1);
        builder.own(file, new byte[] {'x'}, null);
        builder.line(heldLine("volumes/v/x", FULL, "volumes/v/keep.txt"));
        Path hostile = builder.write(backups, FULL);

        assertThatThrownBy(() -> new Restorer(Thread::new).restore(hostile, null, tmp.resolve("out"), holdings))
                .isInstanceOf(RestoreRejectedException.class)
                .hasMessageContaining("entry 'volumes/v/x': duplicate path");
    }

    @Test
    void aHardLinkMayWaitOnlyForAHeldFile() throws IOException {
        // b-link names a-shared, which comes later in this archive itself: refused as in a full backup.
        var builder = new IncrementChain.Builder(OTHER);
        TarArchiveEntry link =
                new TarArchiveEntry("volumes/v/b-link", org.apache.commons.compress.archivers.tar.TarConstants.LF_LINK);
        link.setLinkName("volumes/v/z-file");
        builder.own(
                link,
                null,
                new ManifestEntry(
                        "volumes/v/b-link",
                        EntryType.HARDLINK,
                        0,
                        0644,
                        Instant.EPOCH,
                        null,
                        "volumes/v/z-file",
                        0,
                        0,
                        null,
                        null));
        TarArchiveEntry file = new TarArchiveEntry("volumes/v/z-file");
        file.setSize(1);
        builder.own(file, new byte[] {'z'}, null);
        builder.line(heldLine("volumes/v/keep.txt", FULL, null));
        Path hostile = builder.write(backups, FULL);

        assertThatThrownBy(() -> new Restorer(Thread::new).restore(hostile, null, tmp.resolve("out"), holdings))
                .isInstanceOf(RestoreRejectedException.class)
                .hasMessageContaining("hard link target 'volumes/v/z-file' is not a file restored earlier");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aFileHeldByTheIncrementItselfIsRefused() throws IOException {
        Path hostile = incrementWith(heldLine("volumes/v/x", OTHER, "volumes/v/keep.txt"));

        assertThatThrownBy(() -> new Restorer(Thread::new).restore(hostile, null, tmp.resolve("out"), holdings))
                .isInstanceOf(RestoreRejectedException.class)
                .hasMessageContaining("this backup itself");
    }

    // ---- contents

    @Test
    void theContentsOfAnIncrementAreItsWholeTreeWithWhereEachFileIs() throws IOException {
        var restorer = new Restorer(Thread::new);

        List<Restorer.ContentEntry> all = restorer.listContents(inc);

        assertThat(all)
                .extracting(Restorer.ContentEntry::path, Restorer.ContentEntry::from)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("volumes/v/keep.txt", FULL),
                        org.assertj.core.groups.Tuple.tuple("volumes/v/new-name.txt", FULL),
                        org.assertj.core.groups.Tuple.tuple("volumes/v/change.txt", null),
                        org.assertj.core.groups.Tuple.tuple("volumes/v/b-link", null),
                        org.assertj.core.groups.Tuple.tuple("volumes/w/w.txt", FULL));
        assertThat(all).extracting(Restorer.ContentEntry::path).doesNotContain("volumes/v/gone.txt");
        assertThat(all)
                .extracting(Restorer.ContentEntry::path)
                .containsExactlyElementsOf(IncrementChain.manifestOf(inc).keySet());
        assertThat(all.stream()
                        .filter(e -> e.path().equals("volumes/v/new-name.txt"))
                        .findFirst()
                        .orElseThrow())
                .satisfies(e -> {
                    assertThat(e.size()).isEqualTo(15);
                    assertThat(e.type()).isEqualTo(EntryType.FILE);
                });

        var page = restorer.listContents(inc, 3, 4);
        assertThat(page.total()).isEqualTo(all.size());
        assertThat(page.entries()).isEqualTo(all.subList(3, 7));
    }

    @Test
    void theContentsOfAFullBackupHaveNoFrom() throws IOException {
        assertThat(new Restorer(Thread::new).listContents(full.archive()))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.from()).isNull());
    }

    // ---- verify

    private Verifier.Result verify(Path archive, HoldingArchives chain) throws IOException {
        return new Verifier(Verifier.Limits.defaults(), tmp).verify(archive, IncrementChain.sha256(archive), chain);
    }

    @Test
    void theIncrementAndItsHolderVerify() throws IOException {
        Verifier.Result result = verify(inc, holdings);

        assertThat(result.errors()).isEmpty();
        assertThat(result.valid()).isTrue();
        assertThat(result.integrityCheck()).isEqualTo("valid (8 files)");
    }

    @Test
    void aMissingHolderIsNamed() throws IOException {
        Verifier.Result result = verify(inc, HoldingArchives.NONE);

        assertThat(result.valid()).isFalse();
        assertThat(result.errors())
                .containsExactly(
                        "backup " + FULL + ", which this backup depends on, is missing: no earlier backups were given");
    }

    @Test
    void aDamagedHolderIsNamed() throws IOException {
        Verifier.Result result = verify(inc, chainOf(Map.of(FULL, full.archive()), "0".repeat(64)));

        assertThat(result.valid()).isFalse();
        assertThat(result.errors())
                .singleElement()
                .asString()
                .startsWith("backup " + FULL + " is damaged: checksum mismatch (expected " + "0".repeat(64));
    }

    @Test
    void aHeldFileTheHolderLacksOrHoldsOtherwiseIsNamed() throws IOException {
        ManifestEntry keep = fullManifest.get("volumes/v/keep.txt");
        Path hostile = incrementWith(
                heldLine("volumes/v/a", FULL, "volumes/v/nothing-here"),
                heldLine("volumes/v/b", FULL, "volumes/v/sub"),
                heldLine("volumes/v/c", FULL, "volumes/v/a-shared"),
                new ManifestEntry(
                        "volumes/v/d",
                        EntryType.FILE,
                        keep.size(),
                        keep.mode(),
                        keep.mtime(),
                        "1".repeat(64),
                        null,
                        0,
                        0,
                        null,
                        null,
                        null,
                        -1,
                        -1,
                        FULL,
                        "volumes/v/change.txt"),
                heldLine("volumes/v/e", FULL, "volumes/v/keep.txt"),
                heldLine("volumes/v/f", "backup-20200101-000000", "volumes/v/keep.txt"));

        Verifier.Result result = verify(hostile, holdings);

        assertThat(result.valid()).isFalse();
        assertThat(result.errors())
                .containsExactlyInAnyOrder(
                        "backup backup-20200101-000000, which this backup depends on, is missing: not in this test's chain",
                        "backup " + FULL + ": volumes/v/nothing-here is missing (it holds the content of volumes/v/a)",
                        "backup " + FULL + ": volumes/v/sub is a directory, not a file",
                        "backup " + FULL + ": volumes/v/a-shared is damaged: 14 bytes, volumes/v/c needs 4",
                        "backup " + FULL + ": volumes/v/change.txt is damaged: 6 bytes, volumes/v/d needs 4");
    }

    @Test
    void aHeldFileWhoseHashDiffersIsNamedWhenTheLineCarriesOne() throws IOException {
        ManifestEntry keep = fullManifest.get("volumes/v/keep.txt");
        ManifestEntry other = new ManifestEntry(
                "volumes/v/d",
                EntryType.FILE,
                keep.size(),
                keep.mode(),
                keep.mtime(),
                "1".repeat(64),
                null,
                0,
                0,
                null,
                null,
                null,
                -1,
                -1,
                FULL,
                "volumes/v/keep.txt");
        // An archive's line carries no sha256 for a held file (size only is checked then); an index line does.
        Path withoutHash = incrementWith(other);
        assertThat(verify(withoutHash, holdings).valid()).isTrue();

        var builder = new IncrementChain.Builder(OTHER).lineWithHash(other);
        Path withHash = builder.write(backups, FULL);
        Verifier.Result result = verify(withHash, holdings);

        assertThat(result.valid()).isFalse();
        assertThat(result.errors())
                .containsExactly("backup " + FULL + ": volumes/v/keep.txt is damaged: sha256 " + keep.sha256()
                        + ", volumes/v/d needs " + "1".repeat(64));
    }

    @Test
    void theIncrementsOwnArchiveDoesNotHoldItsHeldFiles() throws IOException {
        // Without a chain the increment's own archive is checked alone: held lines are not expected in it.
        Verifier.Result alone = new Verifier(Verifier.Limits.defaults(), tmp).verify(inc, IncrementChain.sha256(inc));

        assertThat(alone.errors()).isEmpty();
        assertThat(alone.valid()).isTrue();
    }

    private static List<String> siblings(Path p) throws IOException {
        try (Stream<Path> s = Files.list(p.getParent())) {
            return s.map(x -> x.getFileName().toString()).toList();
        }
    }
}
