package com.opscenter.backups.control;

import com.opscenter.platform.control.DomainException;

/** No schedule of this name. */
public final class ScheduleNotFound extends DomainException {

    public ScheduleNotFound(String name) {
        super(Kind.NOT_FOUND, "No schedule named '" + name + "'");
    }
}
