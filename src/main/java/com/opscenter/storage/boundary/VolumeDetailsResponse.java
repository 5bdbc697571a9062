package com.opscenter.storage.boundary;

import com.opscenter.storage.control.TreeStats;
import com.opscenter.storage.control.VolumeReport;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import java.util.List;

/**
 * One volume with its file count and ten largest files; the size fields as in {@link VolumeResponse}, and while
 * the first walk runs ("measuring") {@code total_files} is null and {@code largest_files} empty.
 */
public record VolumeDetailsResponse(
        String name,
        String path,
        @JsonbNillable Long size,
        String type,
        String health,
        @JsonbNillable Instant lastAccessed,
        @JsonbNillable Long totalFiles,
        List<LargestFile> largestFiles,
        @JsonbNillable Instant sizeMeasuredAt,
        String sizeState) {

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
                report.measured() ? report.stats().totalFiles() : null,
                report.stats().largestFiles().stream().map(LargestFile::of).toList(),
                summary.sizeMeasuredAt(),
                summary.sizeState());
    }
}
