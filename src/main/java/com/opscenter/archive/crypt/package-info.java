/**
 * OpenPGP encryption of archives, readable by GnuPG: what new archives are encrypted for ({@link ArchiveEncryption})
 * and what stored ones can be opened with ({@link ArchiveKeys}). Plain Java, like the rest of the engine.
 */
package com.opscenter.archive.crypt;
