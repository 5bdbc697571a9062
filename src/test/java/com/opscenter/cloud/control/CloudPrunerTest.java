package com.opscenter.cloud.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.archive.Codec;
import com.opscenter.archive.format.BackupSidecar;
import com.opscenter.audit.control.AuditEvent;
import com.opscenter.audit.entity.AuditOutcome;
import com.opscenter.backups.control.InMemoryConfigStore;
import com.opscenter.backups.control.TestBackups;
import com.opscenter.platform.control.Installation;
import com.opscenter.platform.control.RecordingEvent;
import com.opscenter.platform.control.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local retention rule applied to the copies in the bucket, with its own period and a fixed clock, and only to
 * the copies this installation wrote.
 */
class CloudPrunerTest {

    @TempDir
    Path folder;

    final TestClock clock = TestClock.at("2026-12-01T12:00:00Z");
    final FakeBucket bucket = new FakeBucket();
    final Set<String> uploading = new HashSet<>();
    final RecordingEvent<AuditEvent> audit = new RecordingEvent<>();
    final InMemoryCloudCopyStore records = new InMemoryCloudCopyStore(clock);
    InMemoryConfigStore configs;
    CloudPruner retention;

    @BeforeEach
    void setUp() {
        configs = InMemoryConfigStore.of(folder, "0 2 * * *", 7);
        var uploads = new CloudUploads() {
            @Override
            public boolean uploading(CloudTarget target, String backupId) {
                return uploading.contains(backupId);
            }
        };
        retention = new CloudPruner(
                bucket,
                CloudTargets.of(List.of(TARGET)),
                uploads,
                configs,
                records,
                Installation.fixed(OURS),
                audit,
                clock);
    }

    static final String OURS = "installation-a";

    /** The bucket is the fake below; the target only names it. */
    static final CloudTarget TARGET = new CloudTarget("default", null, null);

    String copyDaysAgo(int days) {
        return copyDaysAgo(days, "app-data");
    }

    String copyDaysAgo(int days, String volume) {
        return copyDaysAgo(days, volume, OURS);
    }

    /** A copy in the bucket whose sidecar names {@code installation} (null: written before installation ids). */
    String copyDaysAgo(int days, String volume, String installation) {
        return copyDaysAgo(days, volume, installation, null);
    }

    /** An increment's copy: its sidecar names {@code holders} (the last is its base). */
    String incrementDaysAgo(int days, String... holders) {
        return copyDaysAgo(
                days, "app-data", OURS, new BackupSidecar.Increment(holders[holders.length - 1], List.of(holders)));
    }

    String copyDaysAgo(int days, String volume, String installation, BackupSidecar.Increment increment) {
        var timestamp = clock.instant().minus(Duration.ofDays(days));
        var id = TestBackups.idAt(timestamp);
        while (bucket.ids().contains(id)) {
            timestamp = timestamp.plusSeconds(1);
            id = TestBackups.idAt(timestamp);
        }
        bucket.backups.add(new BucketBackup(
                new BackupSidecar(
                        id,
                        timestamp,
                        timestamp.plusSeconds(60),
                        "manual",
                        null,
                        Codec.GZIP,
                        id + ".tar.gz",
                        10,
                        "0".repeat(64),
                        1,
                        10,
                        List.of(volume),
                        List.of(),
                        "completed",
                        List.of(),
                        installation,
                        null,
                        null,
                        null,
                        increment),
                "site/" + id + ".tar.gz",
                "site/" + id + ".json",
                10,
                timestamp));
        return id;
    }

    @Test
    void copiesOlderThanTheLocalPeriodGoWhenCloudHasNoneOfItsOwn() {
        var old = copyDaysAgo(8);
        var kept = copyDaysAgo(6);

        assertThat(retention.apply(TARGET)).containsExactly(old);
        assertThat(bucket.ids()).containsExactly(kept);
        assertThat(audit.fired).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo("cloud.retention");
            assertThat(event.target()).isEqualTo(old);
            assertThat(event.outcome()).isEqualTo(AuditOutcome.SUCCESS);
            assertThat(event.details()).isEqualTo("Cloud copy older than 7 days removed");
        });
    }

    @Test
    void cloudRetentionDaysGiveTheBucketALongerHistory() {
        configs.current().cloudRetentionDays(30);
        var kept = copyDaysAgo(20);
        var old = copyDaysAgo(31);
        var newest = copyDaysAgo(1);

        assertThat(retention.apply(TARGET)).containsExactly(old);
        assertThat(bucket.ids()).containsExactlyInAnyOrder(kept, newest);

        clock.advance(Duration.ofDays(11));
        assertThat(retention.apply(TARGET)).containsExactly(kept);
    }

    @Test
    void theNewestCopyOfEveryVolumeStaysEvenWhenAnotherVolumeHasANewerOne() {
        var onlyCopyOfDb = copyDaysAgo(30, "db");
        var olderCopyOfDb = copyDaysAgo(40, "db");
        var newestOfApp = copyDaysAgo(1, "app-data");

        assertThat(retention.apply(TARGET)).containsExactly(olderCopyOfDb);
        assertThat(bucket.ids()).containsExactlyInAnyOrder(onlyCopyOfDb, newestOfApp);
    }

    @Test
    void theNewestCopyIsNeverRemoved() {
        copyDaysAgo(40);
        var newest = copyDaysAgo(20);

        retention.apply(TARGET);

        assertThat(bucket.ids()).containsExactly(newest);
    }

    @Test
    void aCopyBeingUploadedIsLeftAlone() {
        var busy = copyDaysAgo(40);
        copyDaysAgo(1);
        uploading.add(busy);

        assertThat(retention.apply(TARGET)).isEmpty();
    }

    @Test
    void aFailedDeleteIsAuditedAndTheOthersStillGo() {
        var stuck = copyDaysAgo(40);
        var old = copyDaysAgo(30);
        copyDaysAgo(1);
        bucket.refuse = stuck;

        assertThat(retention.apply(TARGET)).containsExactly(old);
        assertThat(audit.fired)
                .filteredOn(e -> e.outcome() == AuditOutcome.FAILURE)
                .singleElement()
                .extracting(AuditEvent::target)
                .isEqualTo(stuck);
    }

    @Test
    void onlyASuccessfulUploadTriggersIt() {
        var old = copyDaysAgo(40);
        copyDaysAgo(1);

        retention.afterUpload(new CloudUploadFinished(old, false, 0, 1, "timeout", null, "system", "default"));
        assertThat(bucket.ids()).contains(old);

        retention.afterUpload(new CloudUploadFinished("x", true, 10, 1, null, null, "system", "default"));
        assertThat(bucket.ids()).doesNotContain(old);
    }

    @Test
    void anotherInstallationsCopiesAreNeverRemoved() {
        var theirs = copyDaysAgo(40, "app-data", "installation-b");
        var theirNewest = copyDaysAgo(30, "app-data", "installation-b");
        var ours = copyDaysAgo(1);

        assertThat(retention.apply(TARGET)).isEmpty();
        assertThat(bucket.ids()).containsExactlyInAnyOrder(theirs, theirNewest, ours);
    }

    @Test
    void anotherInstallationsNewerCopyDoesNotCostUsOurOnlyCopyOfAVolume() {
        var ourOnlyCopyOfDb = copyDaysAgo(30, "db");
        copyDaysAgo(1, "db", "installation-b");
        copyDaysAgo(1, "app-data");

        assertThat(retention.apply(TARGET)).isEmpty();
        assertThat(bucket.ids()).contains(ourOnlyCopyOfDb);
    }

    @Test
    void copiesWithoutAnInstallationIdGoOnlyWhenOurRecordsShowWeUploadedThem() {
        var uploadedByUs = copyDaysAgo(40, "app-data", null);
        var foundInTheBucket = copyDaysAgo(39, "app-data", null);
        var unknown = copyDaysAgo(38, "app-data", null);
        copyDaysAgo(1);
        records.change(uploadedByUs, c -> c.uploaded("site/" + uploadedByUs + ".tar.gz", "md5", clock.instant()));
        // Sync and download record copies they find in the bucket; that does not make them ours.
        records.change(foundInTheBucket, c -> c.present("site/" + foundInTheBucket + ".tar.gz", 10, clock.instant()));

        assertThat(retention.apply(TARGET)).containsExactly(uploadedByUs);
        assertThat(bucket.ids()).contains(foundInTheBucket, unknown);
        var owners = retention.owners(TARGET);
        assertThat(bucket.backups)
                .filteredOn(b -> b.id().equals(unknown))
                .singleElement()
                .satisfies(b -> {
                    assertThat(owners.of(b).own()).isFalse();
                    assertThat(owners.of(b).reason()).contains("before installation ids");
                });
    }

    @Test
    void aCopyThatAKeptCopyDependsOnIsKept() {
        var full = copyDaysAgo(40);
        var inc1 = incrementDaysAgo(30, full);
        var inc2 = incrementDaysAgo(20, full, inc1);

        // inc2 is the newest copy: it stays, and so do the copies it needs, however old.
        assertThat(retention.apply(TARGET)).isEmpty();
        assertThat(bucket.ids()).containsExactlyInAnyOrder(full, inc1, inc2);

        // A newer full copy: the old chain goes whole, each increment before what it depends on.
        var newFull = copyDaysAgo(1);
        assertThat(retention.apply(TARGET)).containsExactly(inc2, inc1, full);
        assertThat(bucket.ids()).containsExactly(newFull);
    }

    @Test
    void anIncrementBeingUploadedKeepsItsBase() {
        var base = copyDaysAgo(40);
        copyDaysAgo(1);
        var uploadingIncrement = incrementDaysAgo(30, base);
        uploading.add(uploadingIncrement);

        assertThat(retention.apply(TARGET)).isEmpty();
        assertThat(bucket.ids()).contains(base, uploadingIncrement);
    }

    @Test
    void whenAnIncrementsCopyCannotBeDeletedItsBaseStays() {
        var base = copyDaysAgo(40);
        var stuck = incrementDaysAgo(30, base);
        copyDaysAgo(1);
        bucket.refuse = stuck;

        assertThat(retention.apply(TARGET)).isEmpty();
        assertThat(bucket.ids()).contains(base, stuck);
        assertThat(audit.fired).singleElement().satisfies(event -> {
            assertThat(event.target()).isEqualTo(stuck);
            assertThat(event.outcome()).isEqualTo(AuditOutcome.FAILURE);
        });
    }

    /** The bucket's backups as a list; deletes remove from it. */
    static final class FakeBucket extends BucketCatalog {
        final List<BucketBackup> backups = new ArrayList<>();
        String refuse;

        List<String> ids() {
            return backups.stream().map(BucketBackup::id).toList();
        }

        @Override
        public BucketListing list(CloudTarget target) {
            return new BucketListing(List.copyOf(backups), List.of());
        }

        @Override
        public void delete(CloudTarget target, String backupId) {
            if (backupId.equals(refuse)) {
                throw new CloudFailure("access denied", true);
            }
            backups.removeIf(b -> b.id().equals(backupId));
        }
    }
}
