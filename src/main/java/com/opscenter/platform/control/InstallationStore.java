package com.opscenter.platform.control;

import com.opscenter.platform.entity.InstallationRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;

/** The installation row in the database; each method is one short transaction. */
@ApplicationScoped
@Transactional
public class InstallationStore {

    @PersistenceContext(unitName = "opscenter")
    EntityManager em;

    private Clock clock;

    /** For the container's client proxy only. */
    protected InstallationStore() {}

    @Inject
    public InstallationStore(Clock clock) {
        this.clock = clock;
    }

    public Optional<String> stored() {
        return Optional.ofNullable(em.find(InstallationRecord.class, InstallationRecord.ROW))
                .map(InstallationRecord::installationId);
    }

    /**
     * Stores {@code id} unless a row exists; {@code replace} overwrites one. Two servers creating the row at
     * once: the primary key lets one win, the other's commit fails and it reads the winner's id.
     */
    public void store(String id, boolean replace) {
        var row = em.find(InstallationRecord.class, InstallationRecord.ROW);
        if (row == null) {
            em.persist(new InstallationRecord(id, clock.instant()));
        } else if (replace) {
            row.adopt(id);
        }
    }
}
