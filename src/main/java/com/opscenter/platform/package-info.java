/**
 * What every feature stands on: the schema migrations run at start-up and the one error shape,
 * {@code {"detail": "..."}}, that every failure answers with.
 */
package com.opscenter.platform;
