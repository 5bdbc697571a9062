package com.opscenter.storage.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VolumeTypesTest {

    @ParameterizedTest
    @CsvSource({
        "vllm-models, AI Models",
        "ollama, AI Models",
        "huggingface_cache, AI Models",
        "postgres-data, Database",
        "opscenter_pgdata, Database",
        "mariadb, Database",
        "mongodb-config, Database",
        "redis, Database",
        "app-logs, Logs",
        "catalog, Data",
        "nginx-cache, Cache",
        "postgres-backups, Backups",
        "uploads, Data",
        "0f3a5e7c9b1d2f4a6c8e0b2d4f6a8c0e1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e, Data"
    })
    void guessesTheTypeFromWellKnownNames(String name, String type) {
        assertThat(VolumeTypes.classify(name, Map.of())).isEqualTo(type);
    }

    @Test
    void theTypeLabelWinsOverTheName() {
        assertThat(VolumeTypes.classify("postgres-data", Map.of(VolumeTypes.TYPE_LABEL, "Archive")))
                .isEqualTo("Archive");
    }
}
