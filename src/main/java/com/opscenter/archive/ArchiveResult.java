package com.opscenter.archive;

import com.opscenter.archive.format.BackupSidecar;
import java.nio.file.Path;
import java.util.List;

/**
 * A finished archive. {@code warnings} lists what the spec said it lacks, then files that changed while read or
 * could not be read.
 */
public record ArchiveResult(Path archive, Path sidecarFile, BackupSidecar sidecar, List<String> warnings) {}
