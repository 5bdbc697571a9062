/**
 * Who may do what: the two roles of the spec, carried in the token's {@code groups} claim, and the checks that
 * turn a token without them away.
 */
package com.opscenter.security;
