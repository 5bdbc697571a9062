/**
 * Five-field cron expressions: parsing, the next and latest matching times, and the EJB calendar form. Plain Java
 * below the features, so the backup configuration and the scheduler can both use it without knowing each other.
 */
package com.opscenter.cron;
