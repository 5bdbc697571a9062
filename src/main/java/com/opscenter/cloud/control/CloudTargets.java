package com.opscenter.cloud.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/**
 * The configured cloud targets, in reading order ({@link CloudTargetConfig}). The spec's own target uses the
 * container's bucket ({@link ObjectStore}); each further one gets its own, closed with the application.
 */
@ApplicationScoped
public class CloudTargets implements com.opscenter.backups.control.CloudTargetNames {

    private CloudSettings settings;
    private ObjectStore defaultStore;
    private Config config;
    /** Runs the parts of the further targets' multipart uploads, as the container's store does its own. */
    @Resource
    ManagedExecutorService executor;

    private List<CloudTarget> targets;
    private List<String> problems;

    /** For the container's client proxy. */
    protected CloudTargets() {}

    @Inject
    public CloudTargets(@ConfigProperties CloudSettings settings, ObjectStore defaultStore, Config config) {
        this.settings = settings;
        this.defaultStore = defaultStore;
        this.config = config;
    }

    /** Fixed targets, for tests. */
    public static CloudTargets of(List<CloudTarget> targets) {
        var fixed = new CloudTargets();
        fixed.targets = List.copyOf(targets);
        fixed.problems = List.of();
        return fixed;
    }

    /** Every target, first the one reads start from. */
    public synchronized List<CloudTarget> all() {
        if (targets == null) {
            var parsed = CloudTargetConfig.parse(settings, key -> config.getOptionalValue(key, String.class));
            var built = new ArrayList<CloudTarget>();
            for (var named : parsed.targets()) {
                var store = named.settings() == settings
                        ? defaultStore
                        : ObjectStore.forTarget(named.name(), named.settings(), executor);
                built.add(new CloudTarget(named.name(), named.settings(), store));
            }
            targets = List.copyOf(built);
            problems = parsed.problems();
        }
        return targets;
    }

    /** What is wrong with CLOUD_BACKUP_TARGETS itself; each target's own problems are its {@code problems()}. */
    public synchronized List<String> listProblems() {
        all();
        return problems;
    }

    /** Every problem of the list and of every target: empty when all of them can be used. */
    public List<String> problems() {
        var all = new ArrayList<>(listProblems());
        for (var target : all()) {
            all.addAll(target.problems());
        }
        return all;
    }

    /** The first target, which describes the backup's {@code cloud} state and answers the spec's listing. */
    public CloudTarget first() {
        var all = all();
        if (all.isEmpty()) {
            throw new CloudFailure(CloudFailure.MISCONFIGURED + String.join("; ", listProblems()), true);
        }
        return all.get(0);
    }

    /** The target of that name; an unknown name is a 400 that lists the known ones. */
    public CloudTarget named(String name) {
        return all().stream()
                .filter(t -> t.name().equalsIgnoreCase(name.trim()))
                .findFirst()
                .orElseThrow(() -> new InvalidCloudRequest("target must be one of "
                        + String.join(
                                ", ", all().stream().map(CloudTarget::name).toList()) + ", not '" + name + "'"));
    }

    /** The given target, or the first when {@code name} is null or blank. */
    public CloudTarget namedOrFirst(String name) {
        return name == null || name.isBlank() ? first() : named(name);
    }

    @Override
    public List<String> cloudTargetNames() {
        return settings.enabled() ? all().stream().map(CloudTarget::name).toList() : List.of();
    }

    public boolean several() {
        return all().size() > 1;
    }

    @PreDestroy
    synchronized void close() {
        if (targets != null) {
            targets.stream()
                    .map(CloudTarget::store)
                    .filter(s -> s != defaultStore)
                    .forEach(ObjectStore::close);
        }
    }
}
