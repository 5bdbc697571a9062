package com.opscenter.metrics;

import com.opscenter.it.Processes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs Debian's promtool; a missing binary is a failure, never a skip. */
final class Promtool {

    private Promtool() {}

    static Processes.Result run(Path workingDir, String stdin, String... args) {
        var command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        return Processes.command(command).directory(workingDir).stdin(stdin).run();
    }
}
