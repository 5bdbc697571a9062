package com.opscenter.storage.control;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The spec's {@code type} of a volume: the {@code ops-center.type} label, else a guess from well-known names. */
public final class VolumeTypes {

    public static final String TYPE_LABEL = "ops-center.type";
    static final String DEFAULT_TYPE = "Data";

    private record Rule(String type, List<String> prefixes) {}

    // A rule matches a word of the name (split at "-", "_", ".") that starts with one of its prefixes, so
    // "catalog" is not a log. First match wins: "postgres-backups" is a backup, "hf-model-cache" holds models.
    private static final List<Rule> RULES = List.of(
            new Rule("Backups", List.of("backup", "snapshot", "dump")),
            new Rule("Logs", List.of("log", "loki", "journal")),
            new Rule(
                    "AI Models",
                    List.of("vllm", "ollama", "model", "huggingface", "hf", "llm", "embedding", "whisper", "comfyui")),
            new Rule(
                    "Database",
                    List.of(
                            "postgres",
                            "pgdata",
                            "mysql",
                            "mariadb",
                            "mongo",
                            "redis",
                            "valkey",
                            "sqlite",
                            "db",
                            "elasticsearch",
                            "opensearch",
                            "clickhouse",
                            "qdrant",
                            "milvus",
                            "weaviate",
                            "chroma",
                            "influx",
                            "cassandra",
                            "etcd")),
            new Rule("Cache", List.of("cache", "tmp")));

    private VolumeTypes() {}

    public static String classify(String name, Map<String, String> labels) {
        var label = labels.get(TYPE_LABEL);
        if (label != null && !label.isBlank()) {
            return label.strip();
        }
        var words = List.of(name.toLowerCase(Locale.ROOT).split("[-_.]"));
        return RULES.stream()
                .filter(rule ->
                        words.stream().anyMatch(word -> rule.prefixes().stream().anyMatch(word::startsWith)))
                .map(Rule::type)
                .findFirst()
                .orElse(DEFAULT_TYPE);
    }
}
