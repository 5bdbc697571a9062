package com.opscenter.backups.control;

import com.opscenter.backups.entity.BackupConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/** The one backup configuration row, created from the deployment's defaults on first use. */
@ApplicationScoped
@Transactional
public class BackupConfigStore {

    @PersistenceContext(unitName = "opscenter")
    EntityManager em;

    private BackupSettings settings;
    private Clock clock;

    /** For the container's client proxy, and for in-memory fakes in unit tests. */
    protected BackupConfigStore() {}

    @Inject
    public BackupConfigStore(@ConfigProperties BackupSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public BackupConfig current() {
        var config = em.find(BackupConfig.class, BackupConfig.SINGLETON_ID);
        if (config != null) {
            return config;
        }
        var defaults = new BackupConfig(
                true,
                settings.defaultSchedule(),
                settings.defaultRetentionDays(),
                settings.defaultBackupLocation().toString(),
                settings.defaultIncludePaths(),
                settings.defaultExcludePatterns(),
                settings.defaultCodec(),
                settings.defaultCodec().defaultLevel(),
                settings.defaultTimezone(),
                clock.instant());
        em.persist(defaults);
        return defaults;
    }

    /** Applies an already validated change and returns the whole configuration. */
    public BackupConfig update(Consumer<BackupConfig> change) {
        var config = current();
        change.accept(config);
        em.flush();
        return config;
    }
}
