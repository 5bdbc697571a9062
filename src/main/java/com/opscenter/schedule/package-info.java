/**
 * Scheduled backups: the configured cron expression drives EJB calendar timers, and each scheduled time is
 * claimed in the database so that servers sharing it run every scheduled backup exactly once.
 */
package com.opscenter.schedule;
