/**
 * The archive engine: writes, verifies, lists and restores backup archives (tar + codec + manifest + sidecar).
 * Plain Java, no container types and no feature package: the backups feature drives it, handing in its threads.
 * The format itself is described in {@link com.opscenter.archive.format.ArchiveFormat}.
 */
package com.opscenter.archive;
