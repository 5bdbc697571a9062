package com.opscenter.archive;

import com.opscenter.archive.io.DurableFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Not a test: times Archiver/Restorer against tar|zstd, tar|pigz and zstd -d|tar -x on a cold page cache.
 * Usage: java -cp ... ArchivePerfBench corpusDir restorableDir workDir runs ops(zstd,gzip,restore)
 */
public final class ArchivePerfBench {

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args[0]).toAbsolutePath();
        Path restorable = Path.of(args[1]).toAbsolutePath();
        Path work = Path.of(args[2]).toAbsolutePath();
        int runs = Integer.parseInt(args[3]);
        List<String> ops = Arrays.asList(args[4].split(","));
        Files.createDirectories(work);
        Map<String, List<Double>> times = new LinkedHashMap<>();
        int counter = 0;
        Path restoreArchive = null;
        if (ops.contains("restore")) {
            Path dir = work.resolve("rsrc");
            DurableFiles.deleteRecursively(dir);
            Files.createDirectories(dir);
            restoreArchive = new Archiver(Thread::new)
                    .create(
                            new ArchiveSpec(
                                    "backup-20260101-000001",
                                    dir,
                                    List.of(new ArchiveSpec.Source("volumes/corpus", restorable)),
                                    List.of(),
                                    Codec.ZSTD,
                                    3,
                                    "manual",
                                    null,
                                    Instant.now(),
                                    List.of(),
                                    List.of()),
                            Archiver.ProgressListener.NONE)
                    .archive();
            sh("zstd -q -3 -T2 -f -o " + work + "/base.tar.zst < /dev/null; tar -cf - -C " + restorable.getParent()
                    + " " + restorable.getFileName() + " | zstd -q -3 -T2 -f -o " + work + "/base.tar.zst");
        }
        for (int r = 0; r < runs; r++) {
            for (String op : ops) {
                switch (op) {
                    case "zstd", "gzip" -> {
                        Codec codec = op.equals("zstd") ? Codec.ZSTD : Codec.GZIP;
                        int level = op.equals("zstd") ? 3 : 6;
                        Path dir = work.resolve("out");
                        DurableFiles.deleteRecursively(dir);
                        Files.createDirectories(dir);
                        dropCaches();
                        long t0 = System.nanoTime();
                        new Archiver(Thread::new)
                                .create(
                                        new ArchiveSpec(
                                                "backup-20260101-000002-" + (++counter),
                                                dir,
                                                List.of(new ArchiveSpec.Source("volumes/corpus", corpus)),
                                                List.of(),
                                                codec,
                                                level,
                                                "manual",
                                                null,
                                                Instant.now(),
                                                List.of(),
                                                List.of()),
                                        Archiver.ProgressListener.NONE);
                        record(times, "ours " + op, t0);
                        DurableFiles.deleteRecursively(dir);
                        String tool = op.equals("zstd") ? "zstd -q -3 -T2" : "pigz -p2 -6";
                        Path x = work.resolve("x." + op);
                        Files.deleteIfExists(x);
                        dropCaches();
                        t0 = System.nanoTime();
                        sh("tar -cf - -C " + corpus.getParent() + " " + corpus.getFileName() + " | " + tool + " > " + x
                                + "; sync " + x);
                        record(times, "tar|" + op, t0);
                        Files.deleteIfExists(x);
                    }
                    case "restore" -> {
                        Path dest = work.resolve("restored");
                        DurableFiles.deleteRecursively(dest);
                        dropCaches();
                        long t0 = System.nanoTime();
                        new Restorer(Thread::new, Restorer.Policy.defaults()).restore(restoreArchive, null, dest);
                        record(times, "ours restore", t0);
                        DurableFiles.deleteRecursively(dest);
                        Files.createDirectories(dest);
                        dropCaches();
                        t0 = System.nanoTime();
                        sh("zstd -q -d < " + work + "/base.tar.zst | tar -x -C " + dest);
                        record(times, "zstd -d|tar -x", t0);
                        DurableFiles.deleteRecursively(dest);
                    }
                    default -> throw new IllegalArgumentException(op);
                }
            }
        }
        for (Map.Entry<String, List<Double>> e : times.entrySet()) {
            List<Double> v = new ArrayList<>(e.getValue());
            List<Double> sorted = new ArrayList<>(v);
            sorted.sort(null);
            System.out.printf("%-16s median %7.3f s  runs %s%n", e.getKey(), sorted.get(sorted.size() / 2), v);
        }
    }

    private static long cpu0;

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void record(Map<String, List<Double>> times, String key, long t0) {
        double s = (System.nanoTime() - t0) / 1e9;
        times.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
        if (key.startsWith("ours")) {
            double c = (cpu() - cpu0) / 1e9;
            times.computeIfAbsent(key + " cpu", k -> new ArrayList<>()).add(c);
        }
        System.out.printf("  %-16s %7.3f s%n", key, s);
    }

    private static void dropCaches() throws Exception {
        sh("sync; echo 3 > /proc/sys/vm/drop_caches");
        cpu0 = cpu();
    }

    private static void sh(String cmd) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "set -o pipefail; " + cmd)
                .inheritIO()
                .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + cmd);
        }
    }
}
