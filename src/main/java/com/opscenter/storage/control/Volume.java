package com.opscenter.storage.control;

import java.nio.file.Path;
import java.util.Map;

/** A volume as the storage feature sees it: a Docker volume or a directory under the volumes root. */
public record Volume(String name, Path path, Map<String, String> labels, Source source) {

    public enum Source {
        DOCKER,
        DIRECTORY
    }

    public Volume {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
