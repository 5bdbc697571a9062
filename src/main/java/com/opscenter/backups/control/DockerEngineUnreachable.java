package com.opscenter.backups.control;

import com.opscenter.platform.control.DomainException;

/**
 * The Docker Engine could not be asked, and the request needs it: it names Docker volumes, or nothing but Docker
 * volumes could be backed up. A 503: the request is right and works once the Engine answers again.
 */
public final class DockerEngineUnreachable extends DomainException {

    public DockerEngineUnreachable(String message) {
        super(Kind.UNAVAILABLE, message);
    }
}
