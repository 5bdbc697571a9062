package com.opscenter.cloud.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.opscenter.archive.Codec;
import com.opscenter.archive.format.BackupSidecar;
import com.opscenter.backups.control.TestBackups;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which keys in the bucket are taken for backups. S3Proxy refuses to store keys with ".." segments, so the
 * hostile ones are checked here, on the same function the listing uses.
 */
class BucketCatalogTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "site-a/../../x",
                "../../x",
                "site-a/../backup-20261129-120000.json",
                "site-a/sub/backup-20261129-120000.json",
                "site-a/backup-20261129-120000.json.tmp",
                "site-a/backup-20261129-120000.tar.gz",
                "site-a/backup-2026112-120000.json",
                "site-a/x.json",
                "site-b/backup-20261129-120000.json",
                "site-a/backup-20261129-120000-0.json",
                "site-a//backup-20261129-120000.json",
                "site-a/backup-20261129-120000.json/../../../etc/passwd"
            })
    void keysThatAreNotExactlyOurSidecarsAreNeverTaken(String key) {
        assertThat(BucketCatalog.sidecarId(key, "site-a/")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"site-a/backup-20261129-120000.json", "site-a/backup-20261129-120000-2.json"})
    void ourSidecarsGiveTheirId(String key) {
        assertThat(BucketCatalog.sidecarId(key, "site-a/")).get().asString().startsWith("backup-20261129-120000");
    }

    static final String ID = "backup-20261201-120000";

    /** Everything a listing of "site-a/backup-20261201-120000" can return, look-alike neighbours included. */
    static final List<String> LISTED = List.of(
            "site-a/" + ID + ".json",
            "site-a/" + ID + ".tar.gz",
            "site-a/" + ID + ".tar.zst",
            "site-a/" + ID + ".tar.gz.download.tmp",
            "site-a/" + ID + ".tar.gz.bak",
            "site-a/" + ID + ".tarball/x",
            "site-a/" + ID + ".tar/other-site/" + ID + ".tar.gz",
            "site-a/" + ID + "-2.json",
            "site-a/" + ID + "-2.tar.gz",
            "site-a/" + ID + ".json.tmp");

    @Test
    void aDeleteTakesTheSidecarAndTheArchiveItNamesAndNothingElse() {
        assertThat(BucketCatalog.keysToDelete("site-a/", ID, ID + ".tar.gz", LISTED))
                .containsExactly("site-a/" + ID + ".json", "site-a/" + ID + ".tar.gz");
    }

    @Test
    void withoutItsSidecarADeleteTakesOnlyArchivesNamedExactlyAfterTheBackup() {
        var listed = LISTED.stream().filter(k -> !k.endsWith(ID + ".json")).toList();

        assertThat(BucketCatalog.keysToDelete("site-a/", ID, null, listed))
                .containsExactlyInAnyOrder("site-a/" + ID + ".tar.gz", "site-a/" + ID + ".tar.zst");
    }

    @Test
    void aNeighbourIsNeverTakenAndNothingIsTakenWhenTheBackupIsNotThere() {
        var neighbours = List.of(
                "site-a/" + ID + "-2.json",
                "site-a/" + ID + "-2.tar.gz",
                "site-a/" + ID + ".tar.gz.bak",
                "site-b/" + ID + ".json",
                "site-b/" + ID + ".tar.gz");

        assertThat(BucketCatalog.keysToDelete("site-a/", ID, null, neighbours)).isEmpty();
        assertThat(BucketCatalog.keysToDelete("site-a/", ID, ID + ".tar.gz", neighbours))
                .isEmpty();
    }

    static final Instant CUTOFF = Instant.parse("2026-11-24T12:00:00Z");

    /** A copy in the bucket taken {@code days} before the cutoff (negative: after); an increment of holders. */
    static BucketBackup copy(int days, String... holders) {
        var at = CUTOFF.minus(Duration.ofDays(days));
        var id = TestBackups.idAt(at);
        var sidecar = new BackupSidecar(
                id,
                at,
                at.plusSeconds(60),
                "manual",
                null,
                Codec.GZIP,
                id + ".tar.gz",
                10,
                "0".repeat(64),
                1,
                10,
                List.of("app-data"),
                List.of(),
                "completed",
                List.of(),
                "installation-a",
                null,
                null,
                null,
                holders.length == 0
                        ? null
                        : new BackupSidecar.Increment(holders[holders.length - 1], List.of(holders)));
        return new BucketBackup(sidecar, "site/" + id + ".tar.gz", "site/" + id + ".json", 10, at);
    }

    @Test
    void aSyncBetweenTargetsLeavesOldCopiesOutButNeverWhatACopiedIncrementNeeds() {
        var oldFull = copy(30);
        var oldIncrement = copy(20, oldFull.id());
        var alone = copy(15);
        var chainFull = copy(10);
        var chainIncrement = copy(5, chainFull.id());
        var youngIncrement = copy(-1, chainFull.id(), chainIncrement.id());
        var newest = copy(-2);

        var tooOld = BucketCatalog.tooOldToCopy(
                List.of(oldFull, oldIncrement, alone, chainFull, chainIncrement, youngIncrement, newest), CUTOFF);

        assertThat(tooOld).containsExactlyInAnyOrder(oldFull.id(), oldIncrement.id(), alone.id());
    }

    @Test
    void theNewestCopyGoesAcrossWithItsChainHoweverOld() {
        var full = copy(30);
        var increment = copy(20, full.id());

        assertThat(BucketCatalog.tooOldToCopy(List.of(full, increment), CUTOFF)).isEmpty();
    }
}
