package com.opscenter.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restore that cannot fit is refused before it writes, with how much it needs and how much there is. */
class RestoreSpaceTest {

    @TempDir
    Path tmp;

    private ArchiveResult backup() throws IOException {
        Path vol = Files.createDirectories(tmp.resolve("vol"));
        Files.write(vol.resolve("big.bin"), new byte[300_000]);
        Files.writeString(vol.resolve("small.txt"), "small");
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        return new Archiver(Thread::new)
                .create(
                        new ArchiveSpec(
                                "backup-20251023-020000",
                                backups,
                                List.of(new ArchiveSpec.Source("volumes/vol", vol)),
                                List.of(),
                                Codec.GZIP,
                                1,
                                "manual",
                                null,
                                Instant.now(),
                                List.of("vol"),
                                List.of()),
                        Archiver.ProgressListener.NONE);
    }

    @Test
    void restoreIsRefusedBeforeWritingWhenTheSidecarsTotalDoesNotFit() throws IOException {
        ArchiveResult result = backup();
        Path parent = Files.createDirectories(tmp.resolve("restores"));
        List<Long> probedWithFilesPresent = new ArrayList<>();
        Restorer restorer = new Restorer(Thread::new, Restorer.Policy.defaults(), folder -> {
            probedWithFilesPresent.add(countFiles(parent));
            return 100_000;
        });

        assertThatThrownBy(() -> restorer.restore(result.archive(), parent.resolve("dest")))
                .isInstanceOfSatisfying(InsufficientSpaceException.class, e -> {
                    assertThat(e.needed()).isGreaterThanOrEqualTo(300_005);
                    assertThat(e.available()).isEqualTo(100_000);
                    assertThat(e.getMessage()).contains("not enough free space");
                });
        assertThat(probedWithFilesPresent).isNotEmpty().allMatch(n -> n == 0);
        assertThat(parent).isEmptyDirectory();
    }

    @Test
    void restoreWithoutSidecarIsRefusedAtTheFirstFileThatDoesNotFit() throws IOException {
        ArchiveResult result = backup();
        Files.delete(result.sidecarFile());
        Path parent = Files.createDirectories(tmp.resolve("restores"));
        Restorer restorer = new Restorer(Thread::new, Restorer.Policy.defaults(), folder -> 100_000);

        assertThatThrownBy(() -> restorer.restore(result.archive(), parent.resolve("dest")))
                .isInstanceOfSatisfying(
                        InsufficientSpaceException.class,
                        e -> assertThat(e.entry()).isEqualTo("volumes/vol/big.bin"));
        assertThat(parent).isEmptyDirectory();
    }

    @Test
    void restoreThatFitsSucceeds() throws IOException {
        ArchiveResult result = backup();
        Path dest = tmp.resolve("restores/dest");
        new Restorer(Thread::new, Restorer.Policy.defaults(), folder -> 10_000_000)
                .restore(result.archive(), "volumes/vol", dest);
        assertThat(Files.size(dest.resolve("big.bin"))).isEqualTo(300_000);
    }

    private static long countFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
