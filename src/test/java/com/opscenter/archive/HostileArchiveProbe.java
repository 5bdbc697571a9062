package com.opscenter.archive;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM with a small heap by {@link HostileSizesTest}: reads one archive the three ways the service
 * does (contents, verify, restore) and prints how each ended, one line each. An OutOfMemoryError is printed too.
 */
public final class HostileArchiveProbe {

    private HostileArchiveProbe() {}

    public static void main(String[] args) throws Exception {
        Path archive = Path.of(args[0]);
        Path work = Path.of(args[1]);
        Files.createDirectories(work);
        try {
            System.out.println("contents: listed "
                    + new Restorer(Thread::new).listContents(archive).size());
        } catch (Throwable e) {
            System.out.println("contents: " + e);
        }
        try {
            var result = new Verifier(Verifier.Limits.defaults(), work).verify(archive, null);
            System.out.println("verify: " + String.join(" | ", result.errors()));
        } catch (Throwable e) {
            System.out.println("verify: " + e);
        }
        try {
            new Restorer(Thread::new).restore(archive, work.resolve("dest"));
            System.out.println("restore: restored");
        } catch (Throwable e) {
            System.out.println("restore: " + e);
        }
    }
}
