package com.opscenter.storage.boundary;

import java.util.List;

/** Space of the file system holding the volumes root, and every volume. */
public record StorageInfoResponse(long totalSpace, long usedSpace, long freeSpace, List<VolumeResponse> volumes) {}
