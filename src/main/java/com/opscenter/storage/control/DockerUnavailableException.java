package com.opscenter.storage.control;

import java.io.IOException;

/** The Docker Engine could not be reached at all, as opposed to answering with an error. */
public class DockerUnavailableException extends RuntimeException {

    DockerUnavailableException(IOException cause) {
        super("Docker Engine not reachable: " + cause.getMessage(), cause);
    }
}
