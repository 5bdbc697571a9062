// Sign-in at the OpenID Connect provider: authorization code with PKCE (RFC 7636, S256), as a public client:
// the page holds no client credential, since anyone can read it. The code verifier stands in for one; it stays
// in this tab's sessionStorage (this origin only, gone with the tab) from the redirect until the exchange, and
// the provider gives out a token only to whoever shows the verifier that matches the challenge it saw.
//
// auth.js calls startSignIn when /api/v1/console/config says "sign_in": "oidc", and completeSignIn on every
// load: it returns the access token once, when the provider has sent the browser back with ?code=&state=.

const PENDING = 'opsCenter.oidc.pending';

/** The settings of /api/v1/console/config: the whole answer or its "oidc" part. */
function settings(config) {
  const oidc = config && config.oidc ? config.oidc : config;
  if (!oidc || !oidc.authorization_endpoint || !oidc.token_endpoint || !oidc.client_id) {
    throw new Error('The server names no OpenID Connect provider for the console');
  }
  return oidc;
}

/** The console's own URL, without query or fragment: exactly what the provider has as redirect URI. */
function redirectUri() {
  return location.origin + location.pathname.replace(/[^/]*$/, '');
}

function base64Url(bytes) {
  let text = '';
  for (const b of new Uint8Array(bytes)) {
    text += String.fromCharCode(b);
  }
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText(byteCount) {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

async function challengeOf(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(digest);
}

/** Back to the console's URL without the code and state, keeping the view the user started from. */
function cleanUrl(hash) {
  history.replaceState(null, '', redirectUri() + (hash || ''));
}

/**
 * Sends the browser to the provider's authorization endpoint. It comes back to the console with ?code=&state=
 * (or ?error=), where completeSignIn takes over. Resolves only if the navigation does not happen.
 */
export async function startSignIn(config) {
  const oidc = settings(config);
  const state = randomText(32);
  const verifier = randomText(32); // 43 characters, the shortest RFC 7636 allows, 256 bits
  const challenge = await challengeOf(verifier);
  sessionStorage.setItem(PENDING, JSON.stringify({ state, verifier, hash: location.hash }));
  const target = new URL(oidc.authorization_endpoint);
  target.searchParams.set('response_type', 'code');
  target.searchParams.set('client_id', oidc.client_id);
  target.searchParams.set('redirect_uri', redirectUri());
  target.searchParams.set('scope', oidc.scope || 'openid');
  target.searchParams.set('state', state);
  target.searchParams.set('code_challenge', challenge);
  target.searchParams.set('code_challenge_method', 'S256');
  location.assign(target.toString());
}

/**
 * On the return from the provider: checks the state, exchanges the code and the verifier at the token endpoint
 * and resolves to the access token (a string), with the code removed from the address bar. Resolves to null when
 * this load is no such return. Rejects with an Error whose message can be shown when the provider refused, the
 * state does not match the one this tab sent, or the exchange fails.
 */
export async function completeSignIn(config) {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const error = params.get('error');
  if (!code && !error) {
    return null;
  }
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  // One use: a reload or a second return finds nothing to exchange.
  sessionStorage.removeItem(PENDING);
  cleanUrl(pending && pending.hash);
  if (error) {
    throw new Error('The identity provider refused the sign-in: ' + (params.get('error_description') || error));
  }
  if (!pending || !pending.state || params.get('state') !== pending.state) {
    // Not the answer to this tab's request (a forged or replayed link): its code is never used.
    throw new Error('The sign-in answer does not belong to this window; sign in again');
  }
  const oidc = settings(config);
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri(),
    client_id: oidc.client_id,
    code_verifier: pending.verifier,
  });
  let response;
  try {
    // A simple CORS request (form body, no credentials): the provider's cookies are not sent along.
    response = await fetch(oidc.token_endpoint, {
      method: 'POST',
      body,
      headers: { Accept: 'application/json' },
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch (e) {
    throw new Error('The identity provider cannot be reached: ' + e.message);
  }
  let answer = {};
  try {
    answer = await response.json();
  } catch (e) {
    // Not JSON: reported below by status.
  }
  if (!response.ok || typeof answer.access_token !== 'string' || answer.access_token === '') {
    throw new Error('The identity provider gave no token (HTTP ' + response.status + ')'
      + (answer.error_description ? ': ' + answer.error_description : answer.error ? ': ' + answer.error : ''));
  }
  return answer.access_token;
}
