package com.opscenter.storage.boundary;

import com.opscenter.storage.control.TreeStats;
import com.opscenter.storage.control.VolumeReport;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import java.util.List;

/** One volume with its file count and ten largest files. */
public record VolumeDetailsResponse(
        String name,
        String path,
        long size,
        String type,
        String health,
        @JsonbNillable Instant lastAccessed,
        long totalFiles,
        List<LargestFile> largestFiles) {

    public record LargestFile(String name, String path, long size, Instant modified) {
        static LargestFile of(TreeStats.FileInfo file) {
            return new LargestFile(file.name(), file.path(), file.size(), VolumeResponse.seconds(file.modified()));
        }
    }

    static VolumeDetailsResponse of(VolumeReport report) {
        var summary = VolumeResponse.of(report);
        return new VolumeDetailsResponse(
                summary.name(),
                summary.path(),
                summary.size(),
                summary.type(),
                summary.health(),
                summary.lastAccessed(),
                report.stats().totalFiles(),
                report.stats().largestFiles().stream().map(LargestFile::of).toList());
    }
}
