package com.opscenter.cron;

/**
 * A cron expression that cannot be used as a schedule. The message is written for the API user
 * (e.g. "minute 99 is out of range 0-59") and never echoes the whole input, which may be huge.
 */
public class InvalidCronExpressionException extends IllegalArgumentException {

    public InvalidCronExpressionException(String message) {
        super(message);
    }
}
