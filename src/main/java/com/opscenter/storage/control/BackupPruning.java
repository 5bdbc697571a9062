package com.opscenter.storage.control;

/**
 * Where storage clean-up asks the backups feature to apply its retention policy. The backups feature provides
 * the one implementation once it keeps a catalog; until then clean-up says that there is nothing to apply.
 */
public interface BackupPruning {

    /** Removes backups the retention policy no longer keeps; a dry run only names them. */
    PruneReport apply(boolean dryRun);
}
