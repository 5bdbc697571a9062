package com.opscenter.storage.boundary;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;

/** Space of the file system holding the volumes root, and every volume. */
public record StorageInfoResponse(
        @JsonbProperty("total_space") long totalSpace,
        @JsonbProperty("used_space") long usedSpace,
        @JsonbProperty("free_space") long freeSpace,
        List<VolumeResponse> volumes) {}
