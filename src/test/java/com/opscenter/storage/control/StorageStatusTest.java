package com.opscenter.storage.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.platform.control.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health over a real volumes root and a real Docker client whose Engine socket does not exist. The client is
 * wrapped only to count how often the Engine is asked; each call still goes to the socket and fails as it does
 * in production. Refreshes go to a queue the test runs, so "served from the cache" is shown by what callers get.
 */
class StorageStatusTest {

    private static final Duration WINDOW = Duration.ofSeconds(5);

    @TempDir
    Path root;

    @TempDir
    Path sockets;

    private final TestClock clock = TestClock.at("2026-01-01T00:00:00Z");
    private final AtomicInteger dockerListings = new AtomicInteger();
    private final Queue<Runnable> refreshes = new ArrayDeque<>();
    private VolumeCatalog catalog;
    private StorageStatus status;

    @BeforeEach
    void start() {
        var settings = TestStorageSettings.of(root, "unix://" + sockets.resolve("no-docker.sock"));
        assertThat(settings.healthCache()).isEqualTo(WINDOW);
        var docker = new DockerVolumes(DockerClients.connect(settings), settings) {
            @Override
            public List<Volume> list() {
                dockerListings.incrementAndGet();
                return super.list();
            }
        };
        catalog = new VolumeCatalog(docker, settings, Executors.defaultThreadFactory(), clock);
        status = new StorageStatus(catalog, settings, clock, refreshes::add);
    }

    @AfterEach
    void stop() {
        catalog.stop();
    }

    private void runRefreshes() {
        while (!refreshes.isEmpty()) {
            refreshes.remove().run();
        }
    }

    @Test
    void aSecondCallInsideTheWindowAsksNothingAgain() throws Exception {
        Files.createDirectory(root.resolve("a"));
        var first = status.health();
        assertThat(first.totalVolumes()).isEqualTo(1);
        assertThat(first.recommendations()).anyMatch(text -> text.contains("Docker")); // the Engine's absence
        assertThat(dockerListings).hasValue(1);

        Files.createDirectory(root.resolve("b"));
        clock.advance(WINDOW.minusMillis(1));
        for (int i = 0; i < 20; i++) {
            assertThat(status.health()).isSameAs(first);
        }

        assertThat(dockerListings).hasValue(1);
        assertThat(refreshes).isEmpty();
    }

    @Test
    void pastTheWindowOneBackgroundRefreshWhileCallersGetTheLastAnswer() throws Exception {
        Files.createDirectory(root.resolve("a"));
        var first = status.health();
        Files.createDirectory(root.resolve("b"));
        clock.advance(WINDOW);

        for (int i = 0; i < 20; i++) {
            assertThat(status.health()).isSameAs(first); // a refresh is due and queued, not run by any caller
        }
        assertThat(refreshes).hasSize(1);
        assertThat(dockerListings).hasValue(1);

        runRefreshes();

        assertThat(dockerListings).as("one Engine listing for the refresh").hasValue(2);
        var refreshed = status.health();
        assertThat(refreshed.totalVolumes()).isEqualTo(2);
        assertThat(status.health()).isSameAs(refreshed);
        assertThat(dockerListings).hasValue(2);
    }
}
