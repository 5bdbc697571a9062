package com.opscenter.backups.control;

import com.opscenter.platform.control.DomainException;

/** A schedule of this name exists already, or there are as many schedules as allowed. */
public final class ScheduleConflict extends DomainException {

    public ScheduleConflict(String message) {
        super(Kind.CONFLICT, message);
    }
}
