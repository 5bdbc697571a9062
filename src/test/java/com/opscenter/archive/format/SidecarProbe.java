package com.opscenter.archive.format;

import java.nio.file.Path;
import java.util.ArrayList;

/**
 * Run in a child JVM with a small heap by {@link SidecarLimitsTest}: reads every sidecar of a folder as the
 * catalog rebuild does, and prints what it read and what it skipped, one line each. Any Error is printed too.
 */
public final class SidecarProbe {

    private SidecarProbe() {}

    public static void main(String[] args) {
        try {
            var skipped = new ArrayList<String>();
            for (var sidecar : BackupSidecar.readAll(Path.of(args[0]), skipped)) {
                System.out.println("read: " + sidecar.id());
            }
            skipped.forEach(reason -> System.out.println("skipped: " + reason));
        } catch (Throwable e) {
            System.out.println("failed: " + e);
        }
    }
}
