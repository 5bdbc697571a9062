package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.archive.format.BackupSidecar;
import com.opscenter.archive.format.EntryType;
import com.opscenter.archive.format.Manifest;
import com.opscenter.archive.format.UnsupportedVersionException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The archives in {@code archive-fixtures/v1} were written by the code before the engine had its own package (see
 * the README there). Whatever changes in the engine, they must still list, verify and restore to the tree that
 * {@code expected.tsv} describes, and reading then writing their sidecar and manifest must give the same bytes.
 */
class CommittedArchivesTest {

    private static final String PREFIX = "volumes/data";

    @TempDir
    Path tmp;

    record Expected(String type, int mode, long size, String sha256, String target) {}

    static Stream<String> fixtures() throws Exception {
        try (Stream<Path> files = Files.list(fixtureDir())) {
            List<String> ids = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .sorted()
                    .toList();
            assertThat(ids).hasSize(Codec.values().length);
            return ids.stream();
        }
    }

    @Test
    void thereIsOneFixturePerCodec() throws Exception {
        List<Codec> codecs = new ArrayList<>();
        for (String id : fixtures().toList()) {
            codecs.add(sidecar(id).codec());
        }
        assertThat(codecs).containsExactlyInAnyOrder(Codec.values());
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void listsEveryEntryOfTheExpectedTree(String id) throws Exception {
        Map<String, Expected> expected = expected();
        List<Restorer.ContentEntry> listed = new Restorer(Thread::new).listContents(archive(id));

        Map<String, EntryType> types = new LinkedHashMap<>();
        for (Restorer.ContentEntry e : listed) {
            types.put(e.path(), e.type());
        }
        Map<String, EntryType> wanted = new LinkedHashMap<>();
        expected.forEach((rel, e) ->
                wanted.put(rel.equals(".") ? PREFIX : PREFIX + "/" + rel, EntryType.fromJsonName(e.type())));
        assertThat(types).containsExactlyInAnyOrderEntriesOf(wanted);
        assertThat(listed)
                .filteredOn(e -> e.type() == EntryType.SYMLINK)
                .singleElement()
                .satisfies(e -> assertThat(e.linkTarget()).isEqualTo("../readme.txt"));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void verifiesWithEveryEntryChecked(String id) throws Exception {
        BackupSidecar sidecar = sidecar(id);
        Verifier.Result result = new Verifier(Verifier.Limits.forRecordedContent(sidecar.totalBytes()), tmp)
                .verify(archive(id), sidecar.archiveSha256());

        assertThat(result.errors()).isEmpty();
        assertThat(result.valid()).isTrue();
        assertThat(result.checksumMatch()).isTrue();
        assertThat(result.actualSha256()).isEqualTo(sidecar.archiveSha256());
        // Four regular files plus the second name of the hard-linked one.
        assertThat(result.filesCount()).isEqualTo(sidecar.filesCount()).isEqualTo(5);
        assertThat(result.integrityCheck()).isEqualTo("valid (5 files)");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void restoresTheExpectedTree(String id) throws Exception {
        Path restored = tmp.resolve("restored");
        Restorer.Result result = new Restorer(Thread::new).restore(archive(id), PREFIX, restored);

        Map<String, Expected> expected = expected();
        assertThat(result.files()).isEqualTo(5);
        Map<String, Expected> actual = new LinkedHashMap<>();
        try (Stream<Path> paths = Files.walk(restored)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                String rel = restored.relativize(p).toString();
                actual.put(rel.isEmpty() ? "." : rel, describe(p));
            }
        }
        Map<String, Expected> wanted = new LinkedHashMap<>();
        // On disk a hard link is a file like its first name; that they share the inode is checked below.
        expected.forEach((rel, e) -> wanted.put(
                rel, e.type().equals("hardlink") ? new Expected("file", e.mode(), e.size(), e.sha256(), null) : e));
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(wanted);
        expected.forEach((rel, e) -> {
            if (e.type().equals("hardlink")) {
                assertThat(inode(restored.resolve(rel))).isEqualTo(inode(restored.resolve(e.target())));
            }
        });
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void sidecarAndManifestReadAndWriteBackToTheSameBytes(String id) throws Exception {
        String sidecarText = Files.readString(fixtureDir().resolve(id + ".json"), StandardCharsets.UTF_8);
        assertThat(BackupSidecar.fromJson(sidecarText).toJson()).isEqualTo(sidecarText);

        List<String> lines = manifestLines(id);
        assertThat(lines.get(0)).contains("\"manifest_version\":1");
        for (String line : lines.subList(1, lines.size())) {
            assertThat(Manifest.entryLine(Manifest.parseLine(line))).isEqualTo(line);
        }
        assertThat(lines).hasSize(1 + expected().size());
    }

    @Test
    void aSidecarOfANewerVersionIsRefusedByItsVersion() throws Exception {
        String id = fixtures().findFirst().orElseThrow();
        String text = Files.readString(fixtureDir().resolve(id + ".json"), StandardCharsets.UTF_8)
                .replace("\"format_version\":1", "\"format_version\":3");
        Files.writeString(tmp.resolve(id + ".json"), text);

        assertThatThrownBy(() -> BackupSidecar.read(tmp.resolve(id + ".json")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("sidecar version 3 is not supported");
    }

    @Test
    void aManifestOfANewerVersionIsRefusedByItsVersion() {
        assertThatThrownBy(() -> Manifest.parseLine(
                        "{\"manifest_version\":5,\"backup_id\":\"backup-20251023-020000\",\"created\":\"x\"}"))
                .isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("manifest version 5 is not supported");
        // Version 4 (increments), version 3 (dumps) and version 2 (version 1 plus FIFO entries) are read.
        assertThat(Manifest.parseLine(
                        "{\"manifest_version\":4,\"backup_id\":\"backup-20251023-020000\",\"created\":\"x\"}"))
                .isNull();
        assertThat(Manifest.parseLine(
                        "{\"manifest_version\":3,\"backup_id\":\"backup-20251023-020000\",\"created\":\"x\"}"))
                .isNull();
        assertThat(Manifest.parseLine(
                        "{\"manifest_version\":2,\"backup_id\":\"backup-20251023-020000\",\"created\":\"x\"}"))
                .isNull();
        assertThat(Manifest.parseLine(
                        "{\"manifest_version\":1,\"backup_id\":\"backup-20251023-020000\",\"created\":\"x\"}"))
                .isNull();
    }

    private static List<String> manifestLines(String id) throws IOException {
        Codec codec = Codec.detect(archive(id));
        try (InputStream in = codec.decompress(Files.newInputStream(archive(id)));
                TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8")) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (e.getName().equals(com.opscenter.archive.format.ArchiveFormat.MANIFEST_NAME)) {
                    return new String(tar.readAllBytes(), StandardCharsets.UTF_8)
                            .lines()
                            .toList();
                }
            }
        }
        throw new AssertionError("no manifest in " + id);
    }

    private static Expected describe(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,size", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode") & 07777;
        if (Files.isSymbolicLink(p)) {
            return new Expected(
                    "symlink", mode, 0, null, Files.readSymbolicLink(p).toString());
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return new Expected("directory", mode, 0, null, null);
        }
        return new Expected("file", mode, (Long) a.get("size"), TreeSnapshot.sha256(p), null);
    }

    private static Object inode(Path p) {
        try {
            return TreeSnapshot.inode(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Expected> expected() throws Exception {
        Map<String, Expected> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(fixtureDir().resolve("expected.tsv"), StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            out.put(
                    f[0],
                    new Expected(
                            f[1],
                            Integer.parseInt(f[2], 8),
                            Long.parseLong(f[3]),
                            f[4].equals("-") ? null : f[4],
                            f[5].equals("-") ? null : f[5]));
        }
        return out;
    }

    private static BackupSidecar sidecar(String id) throws Exception {
        return BackupSidecar.read(fixtureDir().resolve(id + ".json"));
    }

    private static Path archive(String id) throws IOException {
        try {
            return archivePath(id);
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static Path archivePath(String id) throws Exception {
        return fixtureDir().resolve(sidecar(id).archiveFile());
    }

    private static Path fixtureDir() throws URISyntaxException {
        return Path.of(CommittedArchivesTest.class
                        .getResource("/archive-fixtures/v1/README")
                        .toURI())
                .getParent();
    }
}
