/**
 * Backups of Docker and directory volumes: one verified, self-describing tar archive per backup, a catalog that
 * can be rebuilt from the backup folder, and restores that treat every archive as untrusted.
 */
package com.opscenter.backups;
