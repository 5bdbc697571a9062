package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.archive.format.ArchiveFormat;
import com.opscenter.archive.format.EntryType;
import com.opscenter.archive.format.Manifest;
import com.opscenter.archive.format.ManifestEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Increments written by the engine on a real tree: what each one stores, what it lists as held by which earlier
 * backup, and the local index every backup leaves beside its archive.
 */
class IncrementalArchiveTest {

    private static final String P = "volumes/v/";

    @TempDir
    Path tmp;

    private Path backups;
    private int next;

    /** The archive of a backup, read back: its manifest and the regular files its tar holds. */
    record Read(int version, List<ManifestEntry> entries, Set<String> storedFiles, Map<String, TarArchiveEntry> tar) {
        ManifestEntry entry(String path) {
            return entries.stream()
                    .filter(e -> e.path().equals(P + path))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(path + " not in the manifest"));
        }
    }

    private String nextId() {
        return String.format("backup-20261202-0500%02d", next++);
    }

    private ArchiveResult backup(String id, Path source, String baseId, String... excludes) throws IOException {
        // Started a minute ahead: a base's files changed less than a second before it started are read again
        // (the racy-clean rule, see aFileChangedJustBeforeItsBaseStartedIsReadAgain), and these tests change
        // files right before each backup.
        return backup(id, source, baseId, Instant.now().plusSeconds(60), excludes);
    }

    private ArchiveResult backup(String id, Path source, String baseId, Instant started, String... excludes)
            throws IOException {
        ArchiveSpec spec = new ArchiveSpec(
                        id,
                        backups,
                        List.of(new ArchiveSpec.Source("volumes/v", source)),
                        List.of(excludes),
                        Codec.GZIP,
                        Codec.GZIP.defaultLevel(),
                        "manual",
                        null,
                        started,
                        List.of("v"),
                        List.of())
                .withBase(
                        baseId == null ? null : new ArchiveSpec.Base(baseId, ArchiveFormat.indexPath(backups, baseId)));
        return new Archiver(Thread::new).create(spec, Archiver.ProgressListener.NONE);
    }

    private static Read read(Path archive) throws IOException {
        Set<String> stored = new TreeSet<>();
        Map<String, TarArchiveEntry> all = new LinkedHashMap<>();
        String manifest = null;
        try (InputStream in = Codec.GZIP.decompress(Files.newInputStream(archive));
                TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8")) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String name = EntryNames.stripSlash(e.getName());
                if (name.equals(ArchiveFormat.MANIFEST_NAME)) {
                    manifest = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                    continue;
                }
                all.put(name, e);
                if (e.getLinkFlag() == TarConstants.LF_NORMAL) {
                    stored.add(name.substring(P.length()));
                }
            }
        }
        List<String> lines = manifest.lines().toList();
        int version = Integer.parseInt(lines.get(0).replaceAll(".*\"manifest_version\":(\\d+).*", "$1"));
        List<ManifestEntry> entries = new ArrayList<>();
        lines.subList(1, lines.size()).forEach(l -> entries.add(Manifest.parseLine(l)));
        // GNU tar must list every archive of a chain without complaint.
        assertThat(gnuTarList(archive)).hasSize(all.size() + 1);
        return new Read(version, entries, stored, all);
    }

    private static List<String> gnuTarList(Path archive) throws IOException {
        Process p = new ProcessBuilder("tar", "-tzf", archive.toString())
                .redirectErrorStream(true)
                .start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
            return out.lines().toList();
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    private static List<String> indexLines(Path index) throws IOException {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(index)), StandardCharsets.UTF_8))) {
            return r.lines().toList();
        }
    }

    private static void writeIndex(Path index, List<String> lines) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(index))) {
            for (String l : lines) {
                out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /**
     * Checks an increment against the model: it stores exactly {@code stored}, and every other file of the tree is
     * held by the backup {@code holders} says, under its own name, with the hash of the content it has now.
     */
    private void assertIncrement(
            ArchiveResult result, String baseId, Path source, Map<String, String> holders, Set<String> stored)
            throws IOException {
        String id = result.sidecar().id();
        for (String s : stored) {
            holders.put(s, id);
        }
        Read r = read(result.archive());
        assertThat(r.version()).isEqualTo(ArchiveFormat.MANIFEST_VERSION_INCREMENTAL);
        assertThat(r.storedFiles()).as("files stored in " + id).isEqualTo(stored);
        Map<String, String> heldSeen = new TreeMap<>();
        for (ManifestEntry e : r.entries()) {
            if (e.type() != EntryType.FILE) {
                assertThat(e.heldElsewhere()).isFalse();
                continue;
            }
            String rel = e.path().substring(P.length());
            assertThat(e.sha256()).isEqualTo(e.heldElsewhere() ? null : TreeSnapshot.sha256(source.resolve(rel)));
            heldSeen.put(rel, e.heldElsewhere() ? e.from() : id);
            assertThat(e.sourcePath()).isEqualTo(e.path());
        }
        Map<String, String> expected = new TreeMap<>(holders);
        assertThat(heldSeen).as("holder of each file in " + id).isEqualTo(expected);
        Set<String> dependsOn = new TreeSet<>(holders.values());
        dependsOn.remove(id);
        assertThat(result.sidecar().incremental()).isNotNull();
        assertThat(result.sidecar().incremental().baseId()).isEqualTo(baseId);
        assertThat(result.sidecar().incremental().dependsOn()).containsExactlyElementsOf(dependsOn);
        assertThat(result.sidecar().toJson()).contains("\"format_version\":2");
        // The index has the hash of held content too, and the same entries in the same order.
        List<String> index = indexLines(ArchiveFormat.indexPath(backups, id));
        assertThat(index.get(0)).contains("\"manifest_version\":4");
        assertThat(index.subList(1, index.size()).stream()
                        .map(Manifest::parseLine)
                        .toList())
                .extracting(ManifestEntry::path, ManifestEntry::from)
                .containsExactlyElementsOf(r.entries().stream()
                        .map(e -> org.assertj.core.groups.Tuple.tuple(e.path(), e.from()))
                        .toList());
        for (String line : index.subList(1, index.size())) {
            ManifestEntry e = Manifest.parseLine(line);
            if (e.type() == EntryType.FILE) {
                assertThat(e.sha256())
                        .isEqualTo(TreeSnapshot.sha256(source.resolve(e.path().substring(P.length()))));
            }
        }
    }

    @Test
    void eachIncrementStoresWhatChangedAndNamesWhoHoldsTheRest() throws IOException {
        backups = Files.createDirectories(tmp.resolve("backups"));
        Path src = Files.createDirectories(tmp.resolve("src"));
        write(src.resolve("a.txt"), "alpha");
        write(src.resolve("b.txt"), "bravo");
        write(src.resolve("dir/c.txt"), "charlie");
        write(src.resolve("dir/d.txt"), "delta");
        write(src.resolve("f/x.txt"), "in a folder that becomes a link");
        write(src.resolve("g"), "a file that becomes a folder");
        write(src.resolve("h1"), "hard linked");
        Files.createLink(src.resolve("h2"), src.resolve("h1"));
        write(src.resolve("same.txt"), "same size");
        Map<String, String> holders = new TreeMap<>();

        String full = nextId();
        ArchiveResult f0 = backup(full, src, null);
        Read r0 = read(f0.archive());
        assertThat(r0.storedFiles())
                .containsExactlyInAnyOrder(
                        "a.txt", "b.txt", "dir/c.txt", "dir/d.txt", "f/x.txt", "g", "h1", "same.txt");
        assertThat(f0.sidecar().incremental()).isNull();
        r0.storedFiles().forEach(s -> holders.put(s, full));

        // 1. add
        write(src.resolve("new.txt"), "new");
        String base = full;
        ArchiveResult i1 = backup(nextId(), src, base);
        assertIncrement(i1, base, src, holders, Set.of("new.txt"));
        Read r1 = read(i1.archive());
        assertThat(r1.tar().get(P + "h2").isLink())
                .as("the second name stays a tar hard link")
                .isTrue();
        assertThat(r1.tar().get(P + "h2").getLinkName()).isEqualTo(P + "h1");
        assertThat(r1.entry("h2").type()).isEqualTo(EntryType.HARDLINK);
        assertThat(r1.entry("h1").from()).isEqualTo(full);

        // 2. modify
        write(src.resolve("a.txt"), "alpha, longer now");
        base = i1.sidecar().id();
        ArchiveResult i2 = backup(nextId(), src, base);
        assertIncrement(i2, base, src, holders, Set.of("a.txt"));

        // 3. delete and rename
        Files.delete(src.resolve("b.txt"));
        holders.remove("b.txt");
        Files.move(src.resolve("dir/c.txt"), src.resolve("dir/c2.txt"));
        holders.remove("dir/c.txt");
        base = i2.sidecar().id();
        ArchiveResult i3 = backup(nextId(), src, base);
        assertIncrement(i3, base, src, holders, Set.of("dir/c2.txt"));
        assertThat(read(i3.archive()).entries()).noneMatch(e -> e.path().equals(P + "b.txt"));

        // 4. file to folder, folder to link
        Files.delete(src.resolve("g"));
        holders.remove("g");
        write(src.resolve("g/inner.txt"), "now a folder");
        Files.delete(src.resolve("f/x.txt"));
        Files.delete(src.resolve("f"));
        holders.remove("f/x.txt");
        Files.createSymbolicLink(src.resolve("f"), Path.of("dir"));
        base = i3.sidecar().id();
        ArchiveResult i4 = backup(nextId(), src, base);
        assertIncrement(i4, base, src, holders, Set.of("g/inner.txt"));
        Read r4 = read(i4.archive());
        assertThat(r4.entry("g").type()).isEqualTo(EntryType.DIRECTORY);
        assertThat(r4.entry("f").type()).isEqualTo(EntryType.SYMLINK);

        // 5. a hard link re-pointed: both inodes' link counts (so their ctimes) change
        Files.delete(src.resolve("h2"));
        Files.createLink(src.resolve("h2"), src.resolve("dir/d.txt"));
        base = i4.sidecar().id();
        ArchiveResult i5 = backup(nextId(), src, base);
        assertIncrement(i5, base, src, holders, Set.of("dir/d.txt", "h1"));
        Read r5 = read(i5.archive());
        assertThat(r5.entry("h2").type()).isEqualTo(EntryType.HARDLINK);
        assertThat(r5.entry("h2").target()).isEqualTo(P + "dir/d.txt");

        // 6. chmod only
        Files.setPosixFilePermissions(src.resolve("new.txt"), PosixFilePermissions.fromString("rw-------"));
        base = i5.sidecar().id();
        ArchiveResult i6 = backup(nextId(), src, base);
        assertIncrement(i6, base, src, holders, Set.of("new.txt"));
        assertThat(read(i6.archive()).entry("new.txt").mode()).isEqualTo(0600);

        // 7. touch only
        Files.setLastModifiedTime(src.resolve("dir/c2.txt"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        base = i6.sidecar().id();
        ArchiveResult i7 = backup(nextId(), src, base);
        assertIncrement(i7, base, src, holders, Set.of("dir/c2.txt"));

        // 8. same size, mtime put back to the nanosecond: only the ctime tells
        Path same = src.resolve("same.txt");
        FileTime mtime = Files.getLastModifiedTime(same);
        Files.writeString(same, "SAME SIZE");
        Files.setLastModifiedTime(same, mtime);
        assertThat(Files.getLastModifiedTime(same)).isEqualTo(mtime);
        base = i7.sidecar().id();
        ArchiveResult i8 = backup(nextId(), src, base);
        assertIncrement(i8, base, src, holders, Set.of("same.txt"));

        // 9. nothing changed: an empty increment, everything held, depending on the whole chain that holds it
        base = i8.sidecar().id();
        ArchiveResult i9 = backup(nextId(), src, base);
        assertIncrement(i9, base, src, holders, Set.of());
        assertThat(i9.warnings()).isEmpty();
        // Counted as a full backup of the same tree would count them: every file and hard link, every byte.
        Read r9 = read(i9.archive());
        assertThat(i9.sidecar().filesCount())
                .isEqualTo(r9.entries().stream()
                        .filter(e -> e.type() == EntryType.FILE || e.type() == EntryType.HARDLINK)
                        .count());
        assertThat(i9.sidecar().totalBytes())
                .isEqualTo(r9.entries().stream().mapToLong(ManifestEntry::size).sum());
    }

    @Test
    void aFileChangedJustBeforeItsBaseStartedIsReadAgain() throws IOException {
        backups = Files.createDirectories(tmp.resolve("backups"));
        Path src = Files.createDirectories(tmp.resolve("src"));
        write(src.resolve("old.txt"), "changed well before the base");
        try {
            Thread.sleep(1600); // not a timed assertion: gives the two files ctimes more than a second apart
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        write(src.resolve("recent.txt"), "changed just before the base");
        Instant recentCtime = ((FileTime) Files.getAttribute(src.resolve("recent.txt"), "unix:ctime")).toInstant();
        Instant oldCtime = ((FileTime) Files.getAttribute(src.resolve("old.txt"), "unix:ctime")).toInstant();
        Instant started = recentCtime.plusMillis(500);
        assertThat(oldCtime).isBefore(started.minus(ChangeDetector.RACY_WINDOW));
        String full = nextId();
        backup(full, src, null, started);

        Read r = read(backup(nextId(), src, full).archive());
        assertThat(r.storedFiles()).containsExactly("recent.txt");
        assertThat(r.entry("old.txt").from()).isEqualTo(full);
    }

    @Test
    void aChainResolvesContentToTheArchiveThatHoldsItEvenThroughAHardLinkName() throws IOException {
        backups = Files.createDirectories(tmp.resolve("backups"));
        Path src = Files.createDirectories(tmp.resolve("src"));
        write(src.resolve("first.bin"), "shared content");
        Files.createLink(src.resolve("second.bin"), src.resolve("first.bin"));
        write(src.resolve("other.txt"), "other");

        String full = nextId();
        backup(full, src, null);
        // Leaving the first name out makes the second the first this walk sees: in the base it was a hard link.
        ArchiveResult i1 = backup(nextId(), src, full, "first.bin");
        Read r1 = read(i1.archive());
        assertThat(r1.storedFiles()).isEmpty();
        ManifestEntry second = r1.entry("second.bin");
        assertThat(second.type()).isEqualTo(EntryType.FILE);
        assertThat(second.from()).isEqualTo(full);
        assertThat(second.sourcePath()).isEqualTo(P + "first.bin");
        assertThat(second.sha256()).isNull(); // the archive's line; the index has it
        ManifestEntry indexed = indexLines(
                        ArchiveFormat.indexPath(backups, i1.sidecar().id()))
                .stream()
                .skip(1)
                .map(Manifest::parseLine)
                .filter(e -> e.path().equals(P + "second.bin"))
                .findFirst()
                .orElseThrow();
        assertThat(indexed.sha256()).isEqualTo(TreeSnapshot.sha256(src.resolve("second.bin")));

        // The next increment finds it held elsewhere in its base and copies where, not "held by the base".
        ArchiveResult i2 = backup(nextId(), src, i1.sidecar().id(), "first.bin");
        ManifestEntry again = read(i2.archive()).entry("second.bin");
        assertThat(again.from()).isEqualTo(full);
        assertThat(again.sourcePath()).isEqualTo(P + "first.bin");
        assertThat(read(i2.archive()).entry("other.txt").from()).isEqualTo(full);
        assertThat(i2.sidecar().incremental().dependsOn()).containsExactly(full);
        assertThat(i2.sidecar().incremental().baseId()).isEqualTo(i1.sidecar().id());
    }

    /**
     * Proof that an unchanged file is never opened, by its access time: once a file's atime is older than its
     * ctime, Linux (relatime or strictatime) updates it on the next read. Setting the atime changes the ctime, so
     * the base's index is patched to the new ctime for the file that must stay unread (a test cannot set a ctime);
     * a control file treated the same but not patched is read, which shows the probe works here.
     */
    @Test
    void anUnchangedFileIsNeverRead() throws IOException {
        backups = Files.createDirectories(tmp.resolve("backups"));
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path unread = src.resolve("unchanged.bin");
        Path control = src.resolve("control.bin");
        write(unread, "content that must not be read");
        write(control, "content that will be read");
        String full = nextId();
        backup(full, src, null);

        FileTime old = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        for (Path p : List.of(unread, control)) {
            Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(null, old, null);
            assertThat(Files.readAttributes(p, "lastAccessTime").get("lastAccessTime"))
                    .isEqualTo(old);
        }
        Path index = ArchiveFormat.indexPath(backups, full);
        List<String> lines = new ArrayList<>(indexLines(index));
        Map<String, Object> now = Files.readAttributes(unread, "unix:ctime");
        for (int i = 1; i < lines.size(); i++) {
            ManifestEntry e = Manifest.parseLine(lines.get(i));
            if (e.path().equals(P + "unchanged.bin")) {
                lines.set(
                        i,
                        Manifest.indexLine(
                                e.withIdentity(((FileTime) now.get("ctime")).toInstant(), e.inode(), e.device())));
            }
        }
        writeIndex(index, lines);

        ArchiveResult i1 = backup(nextId(), src, full);
        Read r = read(i1.archive());
        Assumptions.assumeFalse(
                old.equals(Files.readAttributes(control, "lastAccessTime").get("lastAccessTime")),
                "reading does not update access times on this file system (noatime): nothing to prove with");
        assertThat(r.storedFiles()).containsExactly("control.bin");
        assertThat(r.entry("unchanged.bin").from()).isEqualTo(full);
        assertThat(Files.readAttributes(unread, "lastAccessTime").get("lastAccessTime"))
                .as("atime of the unchanged file")
                .isEqualTo(old);
    }

    @Test
    void aFullBackupLeavesAPrivateIndexWithWhatChangeDetectionNeeds() throws IOException {
        backups = Files.createDirectories(tmp.resolve("backups"));
        Path src = ArchiveRoundTripTest.buildTree(tmp.resolve("src"));
        Fifos.create(src.resolve("pipe")); // raises the version at the end: the index's header follows
        ArchiveResult f0 = backup(nextId(), src, null);
        Path index = ArchiveFormat.indexPath(backups, f0.sidecar().id());

        assertThat(Files.getPosixFilePermissions(index)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(f0.sidecar().toJson()).doesNotContain("incremental").contains("\"format_version\":1");
        Read r = read(f0.archive());
        assertThat(r.version()).isEqualTo(ArchiveFormat.MANIFEST_VERSION_WITH_FIFOS);
        List<String> lines = indexLines(index);
        assertThat(lines.get(0))
                .isEqualTo(Manifest.headerLine(
                        f0.sidecar().id(), f0.sidecar().timestamp(), ArchiveFormat.MANIFEST_VERSION_WITH_FIFOS));
        List<ManifestEntry> entries =
                lines.subList(1, lines.size()).stream().map(Manifest::parseLine).toList();
        assertThat(entries)
                .extracting(ManifestEntry::path)
                .containsExactlyElementsOf(
                        r.entries().stream().map(ManifestEntry::path).toList());
        Map<String, ManifestEntry> byPath = new HashMap<>();
        r.entries().forEach(e -> byPath.put(e.path(), e));
        for (ManifestEntry e : entries) {
            assertThat(e.ctime()).as(e.path()).isNotNull();
            assertThat(e.inode()).as(e.path()).isPositive();
            assertThat(e.device()).as(e.path()).isNotNegative();
            assertThat(Manifest.entryLine(e)).isEqualTo(Manifest.entryLine(byPath.get(e.path())));
            String rel = e.path().equals("volumes/v") ? "" : e.path().substring(P.length());
            Map<String, Object> attrs =
                    Files.readAttributes(src.resolve(rel), "unix:ctime,ino,dev", LinkOption.NOFOLLOW_LINKS);
            assertThat(e.ctime()).isEqualTo(((FileTime) attrs.get("ctime")).toInstant());
            assertThat(e.inode()).isEqualTo(attrs.get("ino"));
            assertThat(e.device()).isEqualTo(attrs.get("dev"));
        }
        // Two gzip members, read by gzip itself as one stream.
        Process p = new ProcessBuilder("gzip", "-t", index.toString())
                .redirectErrorStream(true)
                .start();
        try {
            assertThat(p.waitFor()).isZero();
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        assertThat(Archiver.usableBase(index)).isTrue();
        try (var names = Files.list(backups)) {
            assertThat(names.map(n -> n.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            f0.archive().getFileName().toString(),
                            f0.sidecarFile().getFileName().toString(),
                            index.getFileName().toString());
        }
    }

    @Test
    void aMissingBaseIndexGivesACompleteIncrementAndSaysSo() throws IOException {
        backups = Files.createDirectories(tmp.resolve("backups"));
        Path src = Files.createDirectories(tmp.resolve("src"));
        write(src.resolve("a"), "a");
        write(src.resolve("b/c"), "c");
        String full = nextId();
        backup(full, src, null);
        Files.delete(ArchiveFormat.indexPath(backups, full));
        assertThat(Archiver.usableBase(ArchiveFormat.indexPath(backups, full))).isFalse();

        ArchiveResult i1 = backup(nextId(), src, full);
        Read r = read(i1.archive());
        assertThat(r.storedFiles()).containsExactlyInAnyOrder("a", "b/c");
        assertThat(r.entries()).noneMatch(ManifestEntry::heldElsewhere);
        assertThat(i1.warnings())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("base index of " + full + " unreadable after 0 entries")
                .endsWith("the rest was stored in full");
        assertThat(i1.sidecar().status()).isEqualTo("completed_with_warnings");
        assertThat(i1.sidecar().incremental().baseId()).isEqualTo(full);
        assertThat(i1.sidecar().incremental().dependsOn()).isEmpty();
    }

    @Test
    void aBaseIndexDamagedHalfWayStoresTheRestInFull() throws IOException {
        backups = Files.createDirectories(tmp.resolve("backups"));
        Path src = Files.createDirectories(tmp.resolve("src"));
        for (String n : List.of("a", "b", "c", "d")) {
            write(src.resolve(n), n);
        }
        String full = nextId();
        backup(full, src, null);
        Path index = ArchiveFormat.indexPath(backups, full);
        List<String> lines = new ArrayList<>(indexLines(index));
        // header, volumes/v, a, b, then the damage
        lines.add(4, "{\"path\":");
        writeIndex(index, lines);
        assertThat(Archiver.usableBase(index))
                .as("only the header is checked up front")
                .isTrue();

        ArchiveResult i1 = backup(nextId(), src, full);
        Read r = read(i1.archive());
        assertThat(r.storedFiles()).containsExactlyInAnyOrder("c", "d");
        assertThat(r.entry("a").from()).isEqualTo(full);
        assertThat(r.entry("b").from()).isEqualTo(full);
        assertThat(i1.warnings())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("base index of " + full + " unreadable after 3 entries");
    }

    @Test
    void aBaseIsUsableOnlyWithAReadableHeaderOfAKnownVersion() throws IOException {
        backups = Files.createDirectories(tmp.resolve("backups"));
        Path notGzip = Files.writeString(tmp.resolve("plain"), "{}\n");
        assertThat(Archiver.usableBase(notGzip)).isFalse();
        Path newer = tmp.resolve("newer.gz");
        writeIndex(newer, List.of(Manifest.headerLine("backup-20261202-050000", Instant.EPOCH, 5)));
        assertThat(Archiver.usableBase(newer)).isFalse();
        Path ok = tmp.resolve("ok.gz");
        writeIndex(ok, List.of(Manifest.headerLine("backup-20261202-050000", Instant.EPOCH, 4)));
        assertThat(Archiver.usableBase(ok)).isTrue();
        Path link = Files.createSymbolicLink(tmp.resolve("link"), ok);
        assertThat(Archiver.usableBase(link)).as("a link is not followed").isFalse();
        assertThat(Archiver.usableBase(tmp.resolve("absent"))).isFalse();
    }

    @Test
    void idsSortByTheTimeTheyName() {
        List<String> ids = new ArrayList<>(List.of(
                "backup-20261202-050000-10",
                "backup-20261202-050000-2",
                "backup-20261202-050000",
                "backup-20261201-235959"));
        ids.sort(ArchiveWriter::compareIds);
        assertThat(ids)
                .containsExactly(
                        "backup-20261201-235959",
                        "backup-20261202-050000",
                        "backup-20261202-050000-2",
                        "backup-20261202-050000-10");
    }

    @Test
    void walkOrderComparesNameByName() {
        List<String> paths = new ArrayList<>(List.of("a.txt", "a/b", "a", "é", "z", "\uFF01", "\uD83D\uDE00", "a/b/c"));
        paths.sort(ChangeDetector::compare);
        assertThat(paths).containsExactly("a", "a/b", "a/b/c", "a.txt", "z", "é", "\uFF01", "\uD83D\uDE00");
    }
}
