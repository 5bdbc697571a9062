package com.opscenter.backups.boundary;

import com.opscenter.backups.control.BackupSchedules;
import com.opscenter.platform.boundary.Timestamps;
import java.util.List;

/** A cron expression, the time zone it was read in, and the next times it would run (ISO-8601, UTC), in order. */
public record NextRunsResponse(String cron, String timezone, List<String> nextRuns) {

    static NextRunsResponse of(BackupSchedules.NextRuns runs) {
        return new NextRunsResponse(
                runs.cron(),
                runs.timezone(),
                runs.times().stream().map(Timestamps::iso).toList());
    }
}
