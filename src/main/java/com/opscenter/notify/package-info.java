/**
 * Tells the administrator by mail when a backup finished or failed, through the server's mail session, without
 * ever holding up or changing the backup's outcome.
 */
package com.opscenter.notify;
