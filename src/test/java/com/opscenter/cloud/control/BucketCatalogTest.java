package com.opscenter.cloud.control;

import static org.assertj.core.api.Assertions.assertThat;

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
}
