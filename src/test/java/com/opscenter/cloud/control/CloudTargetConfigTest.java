package com.opscenter.cloud.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CLOUD_BACKUP_TARGETS and the CLOUD_BACKUP_<NAME>_* variables, read as MicroProfile Config hands them over. */
class CloudTargetConfigTest {

    static CloudSettings spec(String bucket, String targets) {
        var settings = CloudSettings.of(CloudProvider.MINIO, bucket, "us-east-1", "k", "s", "http://a:9000", "site/");
        settings.targets = Optional.ofNullable(targets);
        return settings;
    }

    static CloudTargetConfig.Parsed parse(CloudSettings base, Map<String, String> config) {
        return CloudTargetConfig.parse(base, key -> Optional.ofNullable(config.get(key)));
    }

    static final Map<String, String> OFFSITE = Map.of(
            "cloud.backup.offsite.provider", "wasabi",
            "cloud.backup.offsite.bucket", "far-away",
            "cloud.backup.offsite.region", "eu-central-1",
            "cloud.backup.offsite.access.key", "OFFKEY",
            "cloud.backup.offsite.secret.key", "OFFSECRET",
            "cloud.backup.offsite.prefix", "ops");

    @Test
    void theSpecVariablesAloneAreTheOneTargetDefaultExactlyAsConfigured() {
        var base = spec("ops-center", null);

        var parsed = parse(base, Map.of());

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.targets()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("default");
            assertThat(t.settings()).isSameAs(base);
            assertThat(t.problems()).isEmpty();
        });
    }

    @Test
    void namedTargetsFollowTheSpecTargetAndReadTheirOwnVariables() {
        var parsed = parse(spec("ops-center", " Offsite "), OFFSITE);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.targets()).extracting(CloudTargetConfig.Named::name).containsExactly("default", "offsite");
        var offsite = parsed.targets().get(1);
        assertThat(offsite.problems()).isEmpty();
        assertThat(offsite.settings().provider()).isEqualTo(CloudProvider.WASABI);
        assertThat(offsite.settings().bucket()).isEqualTo("far-away");
        assertThat(offsite.settings().endpoint()).isEqualTo("https://s3.eu-central-1.wasabisys.com");
        assertThat(offsite.settings().prefix()).isEqualTo("ops/");
        assertThat(offsite.settings().accessKey()).isEqualTo("OFFKEY");
        // Transfer limits and retries are shared.
        assertThat(offsite.settings().maxAttempts())
                .isEqualTo(parsed.targets().get(0).settings().maxAttempts());
        assertThat(offsite.settings().toString()).doesNotContain("OFFSECRET").doesNotContain("OFFKEY");
    }

    @Test
    void withoutTheSpecBucketOnlyTheNamedTargetsCountInTheirOrder() {
        var config = new java.util.HashMap<>(OFFSITE);
        config.put("cloud.backup.primary.bucket", "near");
        config.put("cloud.backup.primary.access.key", "P");
        config.put("cloud.backup.primary.secret.key", "Q");

        var parsed = parse(spec(null, "primary,offsite"), config);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.targets()).extracting(CloudTargetConfig.Named::name).containsExactly("primary", "offsite");
        // Provider and region fall back to the spec's; keys and endpoint never do.
        assertThat(parsed.targets().get(0).settings().provider()).isEqualTo(CloudProvider.MINIO);
        assertThat(parsed.targets().get(0).problems())
                .containsExactly("CLOUD_BACKUP_PRIMARY_ENDPOINT is required for provider minio (for example"
                        + " http://minio:9000)");
    }

    @Test
    void listingDefaultPlacesTheSpecTargetWhereItIsNamed() {
        var parsed = parse(spec("ops-center", "offsite,default"), OFFSITE);

        assertThat(parsed.targets()).extracting(CloudTargetConfig.Named::name).containsExactly("offsite", "default");
    }

    @Test
    void aTargetWithoutItsVariablesNamesThemInItsProblems() {
        var parsed = parse(spec("ops-center", "backup2"), Map.of());

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.targets().get(1).problems())
                .contains(
                        "CLOUD_BACKUP_BACKUP2_BUCKET is not set",
                        "CLOUD_BACKUP_BACKUP2_ACCESS_KEY is not set",
                        "CLOUD_BACKUP_BACKUP2_SECRET_KEY is not set");
    }

    @Test
    void badDuplicateReservedAndEmptyNamesAreRefusedAndTheRestStillCount() {
        var parsed = parse(spec("ops-center", "off-site,offsite,OFFSITE,create,,2nd"), OFFSITE);

        assertThat(parsed.problems())
                .containsExactly(
                        "CLOUD_BACKUP_TARGETS: 'off-site' is not a target name (a letter, then up to 19 letters and"
                                + " digits; it becomes part of CLOUD_BACKUP_<NAME>_BUCKET and the like)",
                        "CLOUD_BACKUP_TARGETS names 'offsite' twice",
                        "CLOUD_BACKUP_TARGETS: 'create' cannot name a target: CLOUD_BACKUP_CREATE_* would be read as"
                                + " other settings",
                        "CLOUD_BACKUP_TARGETS 'off-site,offsite,OFFSITE,create,,2nd' has an empty name; separate"
                                + " names by one comma",
                        "CLOUD_BACKUP_TARGETS: '2nd' is not a target name (a letter, then up to 19 letters and"
                                + " digits; it becomes part of CLOUD_BACKUP_<NAME>_BUCKET and the like)");
        assertThat(parsed.targets()).extracting(CloudTargetConfig.Named::name).containsExactly("default", "offsite");
    }

    @Test
    void aListOfOnlyBadNamesWithoutTheSpecBucketLeavesNoTarget() {
        var parsed = parse(spec(null, "a b"), Map.of());

        assertThat(parsed.targets()).isEmpty();
        assertThat(parsed.problems()).last().isEqualTo("CLOUD_BACKUP_TARGETS names no usable target");
    }

    @Test
    void theSpecTargetsVariablesKeepTheirNamesInProblems() {
        assertThat(CloudTargetConfig.variables("default")).isEqualTo("CLOUD_BACKUP_");
        assertThat(CloudTargetConfig.variables("offsite")).isEqualTo("CLOUD_BACKUP_OFFSITE_");
        assertThat(spec("", null).problems()).contains("CLOUD_BACKUP_BUCKET is not set");
    }
}
