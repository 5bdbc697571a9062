/**
 * The web console's server side: how the page signs in (the development issuer or the OpenID Connect provider's
 * authorization code flow with PKCE) and the security headers of the page. The page itself is static, in
 * src/main/webapp/console.
 */
package com.opscenter.console;
