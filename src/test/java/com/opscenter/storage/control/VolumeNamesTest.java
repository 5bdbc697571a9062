package com.opscenter.storage.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"vllm-models", "pg_data", "a", "v1.2", "0f3a5e7c9b1d"})
    void acceptsDockerVolumeNames(String name) {
        assertThat(VolumeNames.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "..",
                ".",
                "../../etc",
                "..%2F..%2Fetc",
                "%2e%2e%2f",
                "a/b",
                "/etc",
                "-rf",
                "_x",
                ".hidden",
                "a b",
                "a\\b",
                "a\u0000b",
                "ünïcode"
            })
    void refusesAnythingThatIsNotOneSafePathSegment(String name) {
        assertThat(VolumeNames.isValid(name)).isFalse();
    }
}
