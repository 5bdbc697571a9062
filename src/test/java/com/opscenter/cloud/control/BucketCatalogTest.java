package com.opscenter.cloud.control;

import static org.assertj.core.api.Assertions.assertThat;

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
}
