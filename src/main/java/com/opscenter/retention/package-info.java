/**
 * Retention by counts in periods (grandfather-father-son, as restic's {@code forget --keep-*}): plain Java, no
 * container, used by the backup and cloud features alike.
 */
package com.opscenter.retention;
