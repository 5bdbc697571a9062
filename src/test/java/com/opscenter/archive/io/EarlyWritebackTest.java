package com.opscenter.archive.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restore's data starts on its way to disk every so many bytes, one flush at a time. */
class EarlyWritebackTest {

    @TempDir
    Path dir;

    @Test
    void aFlushStartsEachTimeAnotherStepWasWrittenAndNeverWhileOneRuns() throws Exception {
        Files.writeString(dir.resolve("file"), "contents");
        try (var writeback = new EarlyWriteback(dir, 1000)) {
            writeback.written(999);
            assertThat(writeback.started()).isZero();

            writeback.written(1000);
            assertThat(writeback.started()).isEqualTo(1);
            Process first = writeback.lastStarted();
            assertThat(first.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(first.exitValue())
                    .as("sync -f flushed the folder's file system")
                    .isZero();

            // The next one is due a full step after the bytes written when the last one started.
            writeback.written(1999);
            assertThat(writeback.started()).isEqualTo(1);
            writeback.written(2000);
            assertThat(writeback.started()).isEqualTo(2);
            if (writeback.lastStarted().isAlive()) {
                writeback.written(10_000);
                assertThat(writeback.started()).as("none while one runs").isEqualTo(2);
            }
        }
    }

    @Test
    void closingStopsAFlushStillRunning() throws Exception {
        var writeback = new EarlyWriteback(dir, 1);
        writeback.written(1);
        Process flush = writeback.lastStarted();
        writeback.close();
        assertThat(flush.waitFor(1, TimeUnit.MINUTES)).isTrue();
    }

    @Test
    void aStepMustBePositive() {
        assertThatThrownBy(() -> new EarlyWriteback(dir, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
