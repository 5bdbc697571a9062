package com.opscenter.storage.control;

import java.util.List;
import java.util.Optional;

/**
 * All volumes with their reports, and what the listing could not see: the Docker Engine when it is not
 * reachable, and directories hidden by a Docker volume of the same name.
 */
public record VolumeListing(
        List<VolumeReport> volumes, Optional<String> dockerProblem, List<String> hiddenDirectories) {}
