package com.opscenter.cloud.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opscenter.audit.control.AuditEvent;
import com.opscenter.backups.control.BackupArchives;
import com.opscenter.backups.control.BackupFinished;
import com.opscenter.backups.control.BackupLeases;
import com.opscenter.backups.control.BackupUsage;
import com.opscenter.backups.control.InMemoryBackupCatalog;
import com.opscenter.backups.control.TestBackups;
import com.opscenter.backups.control.TestSettings;
import com.opscenter.backups.entity.Backup;
import com.opscenter.backups.entity.BackupStatus;
import com.opscenter.backups.entity.BackupType;
import com.opscenter.cloud.entity.CloudState;
import com.opscenter.platform.control.FixedNode;
import com.opscenter.platform.control.ManualTimer;
import com.opscenter.platform.control.RecordingEvent;
import com.opscenter.platform.control.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upload attempts and their retries with a clock and a retry timer the test fires: the backoff doubles per
 * attempt up to the configured number, permanent failures are not retried, and retry times come from the clock.
 * The transfer itself (S3) is not reached: the bucket check fails first, as it does when the endpoint is down.
 */
class CloudUploadsTest {

    @TempDir
    Path folder;

    final TestClock clock = TestClock.at("2026-12-01T12:00:00Z");
    final InMemoryCloudCopyStore copies = new InMemoryCloudCopyStore(clock);
    final RecordingEvent<CloudUploadFinished> finished = new RecordingEvent<>();
    final RecordingEvent<AuditEvent> audit = new RecordingEvent<>();
    final ManualTimer retries = new ManualTimer();
    final Queue queue = new Queue();
    final FailingStore store = new FailingStore();
    CloudSettings settings;
    CloudTarget target;
    InMemoryBackupCatalog catalog;
    CloudUploads uploads;
    Backup backup;

    @BeforeEach
    void setUp() {
        settings =
                CloudSettings.of(CloudProvider.MINIO, "bucket", "us-east-1", "k", "s", "http://localhost:1", "site/");
        settings.maxAttempts = 4;
        settings.retryDelay = Duration.ofSeconds(30);
        catalog = new InMemoryBackupCatalog(clock);
        backup = TestBackups.completed(folder, clock.instant().minus(Duration.ofHours(1)), 1000);
        catalog.add(backup);
        var usage = new BackupUsage();
        var archives = new BackupArchives(catalog, usage, new RecordingEvent<>(), new RecordingEvent<>(), Thread::new);
        target = new CloudTarget("default", settings, store);
        uploads = new CloudUploads(
                settings,
                CloudTargets.of(List.of(target)),
                copies,
                archives,
                usage,
                new FixedNode("node-a"),
                new BackupLeases(
                        catalog,
                        TestSettings.backup(folder, folder.resolve("restore")),
                        new FixedNode("node-a"),
                        new RecordingEvent<>(),
                        clock,
                        retries),
                finished,
                audit,
                clock,
                queue,
                retries);
    }

    @AfterEach
    void stopTimer() {
        retries.shutdownNow();
    }

    @Test
    void aQueuedUploadShowsUploadingAtOnce() {
        var copy = uploads.queue(backup.id(), "alice");

        assertThat(copy.state()).isEqualTo(CloudState.UPLOADING);
        assertThat(copy.bytesTotal()).isEqualTo(1000);
        assertThat(copy.node()).isEqualTo("node-a");
        assertThat(uploads.uploading(backup.id())).isTrue();
        assertThatThrownBy(() -> uploads.queue(backup.id(), "bob")).isInstanceOf(UploadInProgress.class);
    }

    @Test
    void theRetryDelayDoublesPerAttemptUntilMaxAttemptsThenItGivesUp() {
        uploads.queue(backup.id(), "alice");

        var delays = new ArrayList<Duration>();
        for (int attempt = 1; attempt <= 4; attempt++) {
            queue.runAll();
            var copy = copies.find(backup.id()).orElseThrow();
            assertThat(copy.state()).isEqualTo(CloudState.FAILED);
            assertThat(copy.attempts()).isEqualTo(attempt);
            assertThat(copy.error()).isEqualTo("endpoint unreachable");
            if (attempt < 4) {
                var delay = retries.lastDelay();
                delays.add(delay);
                assertThat(copy.nextAttemptAt()).isEqualTo(clock.instant().plus(delay));
                clock.advance(delay);
                retries.fireNext();
            }
        }

        assertThat(delays).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120));
        assertThat(copies.find(backup.id()).orElseThrow().nextAttemptAt()).isNull();
        assertThat(retries.pending).isEmpty();
        assertThat(finished.fired).extracting(CloudUploadFinished::attempt).containsExactly(1, 2, 3, 4);
        assertThat(finished.fired)
                .extracting(CloudUploadFinished::finalFailure)
                .containsExactly(false, false, false, true);
        assertThat(finished.fired.get(0).retryAt()).isEqualTo(Instant.parse("2026-12-01T12:00:30Z"));
        assertThat(finished.firedAsync).hasSize(4);
        assertThat(audit.fired.get(3).details()).endsWith("(no further attempt)");
        assertThat(audit.fired.get(0).details()).contains("attempt 1, next at 2026-12-01T12:00:30Z");
        assertThat(uploads.uploading(backup.id())).isFalse();
    }

    @Test
    void aPermanentFailureIsNotRetried() {
        store.failure = new CloudFailure("The access key was rejected", true);
        queue.direct = true;

        var outcome = uploads.uploadNow(target, backup.id(), "alice");

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.finalFailure()).isTrue();
        assertThat(outcome.attempt()).isEqualTo(1);
        assertThat(retries.pending).isEmpty();
        var copy = copies.find(backup.id()).orElseThrow();
        assertThat(copy.state()).isEqualTo(CloudState.FAILED);
        assertThat(copy.nextAttemptAt()).isNull();
    }

    @Test
    void aBackupDeletedWhileItWaitedIsNotRetried() throws Exception {
        uploads.queue(backup.id(), "alice");
        Files.delete(folder.resolve(backup.archiveFile()));

        queue.runAll();

        assertThat(finished.fired).singleElement().satisfies(outcome -> {
            assertThat(outcome.finalFailure()).isTrue();
            assertThat(outcome.error()).startsWith("The local backup is no longer available");
        });
        assertThat(retries.pending).isEmpty();
    }

    @Test
    void aPlannedRetryIsDroppedWhenTheCopyGotThereMeanwhile() {
        uploads.queue(backup.id(), "alice");
        queue.runAll();
        copies.change(backup.id(), c -> c.present("site/" + backup.archiveFile(), 1000, clock.instant()));

        retries.fireNext();

        assertThat(queue.tasks).isEmpty();
        assertThat(finished.fired).hasSize(1);
    }

    @Test
    void aSuccessfulBackupIsQueuedOnlyWhenCloudBackupIsOn() {
        var done = new BackupFinished(
                backup.id(),
                BackupType.MANUAL,
                BackupStatus.COMPLETED,
                backup.startedAt(),
                Duration.ofMinutes(1),
                1000,
                1,
                null,
                folder.toString(),
                "alice",
                List.of());
        var failedBackup = new BackupFinished(
                backup.id(),
                BackupType.MANUAL,
                BackupStatus.FAILED,
                backup.startedAt(),
                Duration.ofMinutes(1),
                0,
                0,
                "boom",
                folder.toString(),
                "alice",
                List.of());

        uploads.afterBackup(failedBackup);
        assertThat(queue.tasks).isEmpty();

        settings.enabled = false;
        uploads.afterBackup(done);
        assertThat(queue.tasks).isEmpty();
        assertThatThrownBy(() -> uploads.queue(backup.id(), "alice")).isInstanceOf(CloudDisabledException.class);

        settings.enabled = true;
        uploads.afterBackup(done);
        assertThat(queue.tasks).hasSize(1);
    }

    @Test
    void atStartUpInterruptedUploadsRetryAtOnceAndPlannedRetriesKeepTheirTime() {
        var other = TestBackups.completed(folder, clock.instant().minus(Duration.ofHours(2)), 10);
        var foreign = TestBackups.completed(folder, clock.instant().minus(Duration.ofHours(3)), 10);
        catalog.add(other);
        catalog.add(foreign);
        copies.change(backup.id(), c -> c.queued(1000, "node-a", clock.instant().plusSeconds(120), clock.instant()));
        copies.change(other.id(), c -> {
            c.queued(10, "node-a", clock.instant().plusSeconds(120), clock.instant());
            c.failed("timeout", clock.instant().plusSeconds(90), null, clock.instant());
        });
        copies.change(foreign.id(), c -> c.queued(10, "node-b", clock.instant().plusSeconds(120), clock.instant()));

        uploads.resume();

        // The interrupted one is also seen among the failed ones with a retry due now: scheduled twice, and the
        // in-flight guard lets only one attempt run.
        assertThat(retries.delays).containsOnly(Duration.ZERO, Duration.ofSeconds(90));
        retries.pending.forEach(Runnable::run);
        var interrupted = copies.find(backup.id()).orElseThrow();
        assertThat(interrupted.state()).isEqualTo(CloudState.FAILED);
        assertThat(interrupted.error()).startsWith("Interrupted");
        assertThat(copies.find(foreign.id()).orElseThrow().state()).isEqualTo(CloudState.UPLOADING);
        // Both wait in the target's one lane: a single task of the executor runs one attempt each.
        assertThat(queue.tasks).hasSize(1);
        queue.runAll();
        assertThat(finished.fired)
                .extracting(CloudUploadFinished::backupId)
                .containsExactlyInAnyOrder(backup.id(), other.id());
    }

    @Test
    void eachTargetHasItsOwnLaneSoAStuckTargetHoldsUpOnlyItsOwnUploads() {
        var down = new FailingStore();
        var second = new CloudTarget("offsite", settings, down);
        var two = new CloudUploads(
                settings,
                CloudTargets.of(List.of(target, second)),
                copies,
                new BackupArchives(
                        catalog, new BackupUsage(), new RecordingEvent<>(), new RecordingEvent<>(), Thread::new),
                new BackupUsage(),
                new FixedNode("node-a"),
                new BackupLeases(
                        catalog,
                        TestSettings.backup(folder, folder.resolve("restore")),
                        new FixedNode("node-a"),
                        new RecordingEvent<>(),
                        clock,
                        retries),
                finished,
                audit,
                clock,
                queue,
                retries);

        var first = two.queue(backup.id(), "alice");

        assertThat(first.target()).isEqualTo("default");
        assertThat(copies.find("offsite", backup.id()).orElseThrow().state()).isEqualTo(CloudState.UPLOADING);
        // One executor task per target: the first target's attempt never waits behind the second's.
        assertThat(queue.tasks).hasSize(2);
        down.failure = new CloudFailure("offsite is down", false);
        queue.runAll();
        assertThat(finished.fired)
                .extracting(CloudUploadFinished::target, CloudUploadFinished::error)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("default", "endpoint unreachable"),
                        org.assertj.core.groups.Tuple.tuple("offsite", "offsite is down"));
        assertThat(copies.find("offsite", backup.id()).orElseThrow().error()).isEqualTo("offsite is down");
        assertThat(copies.find(backup.id()).orElseThrow().error()).isEqualTo("endpoint unreachable");
        assertThat(audit.fired)
                .extracting(a -> a.details())
                .anySatisfy(d -> assertThat(d).contains("on target offsite"));
    }

    @Test
    void anUploadAVanishedServerLeftInProgressIsTakenOverOnceItsLeaseRanOutAndRetriedHere() {
        var lapsedAt = clock.instant().minusSeconds(1);
        copies.change(backup.id(), c -> c.queued(1000, "vanished-host/defaultServer", lapsedAt, clock.instant()));

        assertThat(uploads.takeOverLapsed()).isOne();

        var copy = copies.find(backup.id()).orElseThrow();
        assertThat(copy.node()).isEqualTo("node-a");
        assertThat(copy.state()).isEqualTo(CloudState.FAILED);
        assertThat(copy.error())
                .isEqualTo("Interrupted: server vanished-host/defaultServer stopped renewing its lease at " + lapsedAt);
        assertThat(uploads.takeOverLapsed()).as("taken once").isZero();
        assertThat(retries.delays).containsExactly(Duration.ZERO);
        retries.fireNext();
        queue.runAll();
        // The retry ran here: the bucket check (failing in this test) was reached by this server's attempt.
        assertThat(finished.fired)
                .singleElement()
                .satisfies(outcome -> assertThat(outcome.attempt()).isOne());
        assertThat(copies.find(backup.id()).orElseThrow().error()).isEqualTo("endpoint unreachable");
    }

    @Test
    void anUploadOfAnotherServerWhoseLeaseLastsIsLeftAlone() {
        copies.change(backup.id(), c -> c.queued(1000, "node-b", clock.instant().plusSeconds(5), clock.instant()));

        assertThat(uploads.takeOverLapsed()).isZero();

        assertThat(copies.find(backup.id()).orElseThrow().state()).isEqualTo(CloudState.UPLOADING);
        assertThat(retries.delays).isEmpty();
    }

    @Test
    void aQueuedUploadRenewsItsLeaseOnATimerWithoutProgress() {
        uploads.queue(backup.id(), "alice");
        assertThat(copies.find(backup.id()).orElseThrow().leaseUntil())
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));
        assertThat(retries.periods()).containsExactly(Duration.ofSeconds(30));

        clock.advance(Duration.ofMinutes(10));
        retries.tick();

        assertThat(copies.find(backup.id()).orElseThrow().leaseUntil())
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));
        assertThat(uploads.takeOverLapsed()).isZero();
    }

    @Test
    void anAttemptForAnUploadAnotherServerTookOverDoesNotStartAndRecordsNothing() {
        uploads.queue(backup.id(), "alice");
        copies.change(
                backup.id(),
                c -> c.takenOver("node-b", "Interrupted: server node-a stopped renewing", clock.instant()));

        queue.runAll();

        var copy = copies.find(backup.id()).orElseThrow();
        assertThat(copy.node()).isEqualTo("node-b");
        assertThat(copy.error()).isEqualTo("Interrupted: server node-a stopped renewing");
        assertThat(finished.fired).isEmpty();
        assertThat(retries.delays).isEmpty();
    }

    @Test
    void anIncrementsFullBackupGoesUpAheadOfItInTheSameLane() {
        var increment = incrementOf(backup);

        uploads.afterBackup(finishedBackup(increment));

        assertThat(copies.find(backup.id()).orElseThrow().state()).isEqualTo(CloudState.UPLOADING);
        queue.runAll();
        assertThat(finished.fired)
                .extracting(CloudUploadFinished::backupId)
                .containsExactly(backup.id(), increment.id());
    }

    @Test
    void aSyncUploadOfAnIncrementSendsItsWholeChainOldestFirst() {
        var middle = incrementOf(backup);
        var last = incrementOf(middle, backup.id(), middle.id());
        queue.direct = true;

        uploads.uploadNow(target, last.id(), "alice");

        assertThat(finished.fired)
                .extracting(CloudUploadFinished::backupId)
                .containsExactly(backup.id(), middle.id(), last.id());
    }

    @Test
    void aBackupTheTargetHasOrIsUploadingIsNotQueuedAgain() {
        var middle = incrementOf(backup);
        var last = incrementOf(middle, backup.id(), middle.id());
        copies.change(backup.id(), c -> c.present("site/" + backup.archiveFile(), 1000, clock.instant()));
        uploads.queue(middle.id(), "alice");

        uploads.queue(last.id(), "alice");
        queue.runAll();

        assertThat(finished.fired).extracting(CloudUploadFinished::backupId).containsExactly(middle.id(), last.id());
    }

    @Test
    void anIncrementWhoseFullBackupIsGoneEverywhereStillGoesUpAndTheLogSaysItDoesNotRestoreAlone() throws Exception {
        var increment = incrementOf(backup);
        Files.delete(folder.resolve(backup.archiveFile()));
        var log = new ArrayList<String>();
        var logger = java.util.logging.Logger.getLogger(CloudUploads.class.getName());
        var handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                log.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(handler);
        try {
            uploads.queue(target, increment.id(), "alice");
        } finally {
            logger.removeHandler(handler);
        }

        queue.runAll();
        assertThat(finished.fired).extracting(CloudUploadFinished::backupId).containsExactly(increment.id());
        assertThat(copies.find(backup.id())).isEmpty();
        assertThat(log)
                .contains("WARNING Backup " + increment.id() + " depends on " + backup.id() + ", which is neither on"
                        + " this server's disk nor in the cloud: its copy there cannot be restored alone");
    }

    /** A completed increment, ten minutes after {@code base}, whose files the given backups hold (default: base). */
    private Backup incrementOf(Backup base, String... holders) {
        var increment = TestBackups.completed(folder, base.startedAt().plus(Duration.ofMinutes(10)), 100);
        increment.incrementOf(base.id(), holders.length == 0 ? List.of(base.id()) : List.of(holders));
        catalog.add(increment);
        return increment;
    }

    private static BackupFinished finishedBackup(Backup backup) {
        return new BackupFinished(
                backup.id(),
                BackupType.MANUAL,
                BackupStatus.COMPLETED,
                backup.startedAt(),
                Duration.ofMinutes(1),
                100,
                1,
                null,
                backup.location(),
                "alice",
                List.of());
    }

    /** The bucket check fails the way the test says; nothing else of the store is used. */
    static final class FailingStore extends ObjectStore {
        CloudFailure failure = new CloudFailure("endpoint unreachable", false);

        @Override
        public void requireBucket() {
            throw failure;
        }

        @Override
        public synchronized void forgetCheck() {}

        @Override
        public String redact(String text) {
            return text;
        }
    }

    /** The one-at-a-time upload executor: tasks wait until the test runs them. */
    static final class Queue extends AbstractExecutorService {
        final List<Runnable> tasks = new ArrayList<>();
        /** Runs tasks on the caller's thread at once, for the synchronous upload that waits for its outcome. */
        boolean direct;

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.remove(0).run();
            }
        }

        @Override
        public void execute(Runnable command) {
            if (direct) {
                command.run();
                return;
            }
            tasks.add(command);
        }

        @Override
        public void shutdown() {}

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
