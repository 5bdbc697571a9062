/**
 * Storage management: which volumes exist (Docker volumes and directories under the volumes root), how big and
 * how healthy they are, and careful clean-up and optimisation of Docker leftovers, logs and caches.
 */
package com.opscenter.storage;
