package com.opscenter.backups.boundary;

/** The answer to deleting a schedule, shaped as the spec's answer to deleting a backup. */
public record ScheduleDeleted(boolean success, String name, String message) {}
