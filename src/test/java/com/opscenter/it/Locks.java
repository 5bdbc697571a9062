package com.opscenter.it;

/**
 * What integration test classes share and must not use at the same time; failsafe runs classes in parallel
 * (pom.xml), so a class declares what it uses with {@code @ResourceLock}. Classes without a common lock overlap,
 * which is how the minutes ScheduleIT waits for real timers pass while the cloud and embedded tests run.
 */
public final class Locks {

    /** itPostgres and itPostgres2: one database, one configuration, one set of folders; one test kills it. */
    public static final String POSTGRES = "server:itPostgres";

    public static final String CLOUD = "server:itCloud";

    public static final String EMBEDDED = "server:itEmbedded";

    /** itTargets and the two S3Proxy servers only CloudTargetsIT starts. */
    public static final String TARGETS = "server:itTargets";

    /** The shared S3Proxy, which tests stop and restart with another secret. */
    public static final String S3 = "s3proxy";

    /**
     * Docker's images: StorageIT prunes the dangling ones, and a `docker build` (ProductionImageIT) leaves the image
     * of its last finished step dangling until it tags the result.
     */
    public static final String DOCKER_IMAGES = "docker-images";

    /** GreenMail on the one SMTP port the servers send to. */
    public static final String SMTP = "smtp";

    private Locks() {}
}
