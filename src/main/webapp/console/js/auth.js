// The signed-in user's token. It lives in memory and in this origin's sessionStorage (so a reload keeps the
// session, and it ends with the tab): never in localStorage or a cookie, which outlive the tab or travel with
// requests. Expiry (the JWT's exp) or any 401 ends the session and brings back the sign-in page.

const STORAGE_KEY = 'opscenter.console.token';
const TOKEN_PATH = '/jwt/ibm/api/opsCenter/token';
// setTimeout keeps its delay in a signed 32-bit number of milliseconds.
const MAX_TIMER = 2147483647;

let held = null;
let claimsCache = null;
let expiryTimer = null;
const listeners = [];

/** Decodes the JWT payload (no verification: the server verifies; the page only reads exp, groups, upn). */
export function decode(jwt) {
    try {
        const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
        const padded = part + '='.repeat((4 - (part.length % 4)) % 4);
        const bytes = Uint8Array.from(atob(padded), c => c.charCodeAt(0));
        return JSON.parse(new TextDecoder().decode(bytes));
    } catch (e) {
        return null;
    }
}

/** Called with a message whenever the session ends (expiry, 401, sign-out). */
export function onSignedOut(listener) {
    listeners.push(listener);
}

export function token() {
    if (held === null) {
        held = sessionStorage.getItem(STORAGE_KEY);
        claimsCache = held ? decode(held) : null;
    }
    return held;
}

export function claims() {
    token();
    return claimsCache || {};
}

/** True when a token is held and its exp has not passed. */
export function signedIn() {
    const t = token();
    if (!t) return false;
    const exp = claims().exp;
    return typeof exp !== 'number' || exp * 1000 > Date.now();
}

export function expired() {
    return !!token() && !signedIn();
}

export function roles() {
    const groups = claims().groups;
    return Array.isArray(groups) ? groups : [];
}

export function isAdmin() {
    return roles().includes('admin');
}

export function isModerator() {
    return roles().includes('moderator');
}

export function userName() {
    const c = claims();
    return c.upn || c.preferred_username || c.sub || '';
}

/** Holds a new token and arms the expiry timer. */
export function setToken(jwt) {
    held = jwt;
    claimsCache = decode(jwt);
    sessionStorage.setItem(STORAGE_KEY, jwt);
    armExpiry();
}

/** Arms (again) the timer that ends the session at the token's exp. */
export function armExpiry() {
    clearTimeout(expiryTimer);
    const exp = claims().exp;
    if (!token() || typeof exp !== 'number') return;
    const delay = exp * 1000 - Date.now();
    if (delay <= 0) {
        end('Your session has expired. Please sign in again.');
        return;
    }
    expiryTimer = setTimeout(armExpiry, Math.min(delay, MAX_TIMER));
}

function clear() {
    clearTimeout(expiryTimer);
    held = null;
    claimsCache = null;
    sessionStorage.removeItem(STORAGE_KEY);
}

/** Ends the session and tells the listeners (the app shows the sign-in page with the message). */
export function end(message) {
    clear();
    listeners.forEach(listener => listener(message || ''));
}

export function signOut() {
    end('You have signed out.');
}

/**
 * Password sign-in through the development issuer of the embedded default (Liberty's JWT builder). Basic
 * credentials go in the header of this one request only; credentials 'omit' keeps the browser from caching
 * them or showing its own password prompt. Throws an Error with a message for the sign-in page.
 */
export async function signInWithPassword(user, password) {
    let response;
    try {
        response = await fetch(TOKEN_PATH, {
            method: 'GET',
            credentials: 'omit',
            cache: 'no-store',
            headers: {Authorization: 'Basic ' + btoa(unescape(encodeURIComponent(user + ':' + password)))},
        });
    } catch (e) {
        throw new Error('The server cannot be reached. Please try again.');
    }
    if (response.status === 401 || response.status === 403) {
        throw new Error('Wrong user name or password.');
    }
    if (response.status === 404) {
        throw new Error('Password sign-in is not available on this server.');
    }
    if (!response.ok) {
        throw new Error('Sign-in failed (HTTP ' + response.status + ').');
    }
    const body = await response.json();
    if (!body || !body.token) throw new Error('Sign-in failed: the server sent no token.');
    const c = decode(body.token) || {};
    const groups = Array.isArray(c.groups) ? c.groups : [];
    if (!groups.includes('admin') && !groups.includes('moderator')) {
        throw new Error('This user may not use the console (it needs the admin or moderator role).');
    }
    setToken(body.token);
}

/**
 * How this server signs users in: {"sign_in": "password"|"oidc", "oidc": {...}} from /api/v1/console/config, or
 * password sign-in when the server has no such endpoint.
 */
export async function loadConfig() {
    try {
        const response = await fetch('/api/v1/console/config', {credentials: 'omit', headers: {Accept: 'application/json'}});
        if (response.ok) {
            const config = await response.json();
            if (config && config.sign_in) return config;
        }
    } catch (e) {
        // No config endpoint reachable: fall back to the password form.
    }
    return {sign_in: 'password'};
}

/** OpenID Connect sign-in (oidc.js, loaded only when the server asks for it): redirects to the provider. */
export async function startOidcSignIn(config) {
    const oidc = await import('./oidc.js');
    await oidc.startSignIn(config);
}

/**
 * Completes an OpenID Connect sign-in when the page is the provider's redirect back. oidc.js's completeSignIn
 * either returns the access token (a string or an object with access_token) or calls setToken itself; it
 * returns nothing when the URL holds no authorization response. Returns true when a token is held afterwards.
 */
export async function completeOidcSignIn(config) {
    const oidc = await import('./oidc.js');
    const result = await oidc.completeSignIn(config);
    const jwt = typeof result === 'string' ? result : result && (result.access_token || result.token);
    if (jwt) setToken(jwt);
    return signedIn();
}
