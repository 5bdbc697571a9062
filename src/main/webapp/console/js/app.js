// The console's shell: sign-in, the hash router, the navigation. Each view is a module with
// `export async function render(main, ctx)`, ctx = {api, auth, ui, params, navigate, onLeave, current}.
import * as auth from './auth.js';
import {api} from './api.js';
import * as ui from './ui.js';

// Route pattern -> view module. A ":name" segment becomes params.name (URI-decoded).
const ROUTES = [
    ['storage', './views/storage.js'],
    ['storage/volumes/:volume', './views/storage.js'],
    ['backups', './views/backups.js'],
    ['backups/:id', './views/backup.js'],
    ['backups/:id/:tab', './views/backup.js'],
    ['settings', './views/settings.js'],
    ['schedules', './views/schedules.js'],
    ['audit', './views/audit.js'],
];
const DEFAULT_ROUTE = 'storage';

const $ = id => document.getElementById(id);
let config = {sign_in: 'password'};
let renderCount = 0;
let leaveHandlers = [];

function match(hash) {
    const path = hash.replace(/^#\/?/, '').replace(/\/+$/, '').split('?')[0];
    const segments = path ? path.split('/') : [];
    for (const [pattern, module] of ROUTES) {
        const parts = pattern.split('/');
        if (parts.length !== segments.length) continue;
        const params = {};
        const ok = parts.every((part, i) => {
            if (part.startsWith(':')) {
                params[part.slice(1)] = decodeURIComponent(segments[i]);
                return true;
            }
            return part === segments[i];
        });
        if (ok) {
            const query = new URLSearchParams(hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '');
            query.forEach((value, key) => {
                if (!(key in params)) params[key] = value;
            });
            return {route: pattern, section: parts[0], module, params};
        }
    }
    return null;
}

/** Goes to a route such as "backups/42" (the hash without "#/"). */
export function navigate(path) {
    const hash = '#/' + path.replace(/^#?\/?/, '');
    if (location.hash === hash) route();
    else location.hash = hash;
}

function leave() {
    const handlers = leaveHandlers;
    leaveHandlers = [];
    handlers.forEach(handler => {
        try {
            handler();
        } catch (e) {
            console.error(e);
        }
    });
}

async function route(event) {
    if (!auth.signedIn()) {
        showSignIn(auth.expired() ? 'Your session has expired. Please sign in again.' : '');
        return;
    }
    const found = match(location.hash);
    if (!found) {
        navigate(DEFAULT_ROUTE);
        return;
    }
    leave();
    const mine = ++renderCount;
    showShell(found.section);
    const main = $('view');
    ui.replace(main, ui.loading());
    const ctx = {
        api,
        auth,
        ui,
        params: found.params,
        navigate,
        onLeave: handler => leaveHandlers.push(handler),
        // False once the user went elsewhere: a view stops polling and drops late answers.
        current: () => mine === renderCount && auth.signedIn(),
    };
    try {
        const view = await import(found.module);
        if (!ctx.current()) return;
        await view.render(main, ctx);
        if (!ctx.current()) return;
        const heading = main.querySelector('h1');
        document.title = (heading ? heading.textContent + ' – ' : '') + 'Ops-Center console';
        // After a navigation, screen readers start at the new page's title.
        if (event && event.type === 'hashchange' && heading && !main.contains(document.activeElement)) {
            heading.tabIndex = -1;
            heading.focus({preventScroll: true});
        }
    } catch (error) {
        if (!ctx.current()) return;
        if (error && error.status === 401) return;
        console.error(error);
        ui.replace(main, ui.errorBox(error));
    }
}

function showShell(section) {
    $('sign-in').hidden = true;
    $('view').hidden = false;
    $('nav').hidden = false;
    $('who').hidden = false;
    $('who-name').textContent = auth.userName();
    $('who-role').textContent = auth.isAdmin() ? 'admin' : auth.isModerator() ? 'moderator (read-only)' : '';
    document.body.classList.toggle('read-only', !auth.isAdmin());
    // The audit trail is for admins only (GET /audit answers 403 to moderators); a link to a refusal helps nobody.
    $('nav').querySelector('[data-route=audit]').hidden = !auth.isAdmin();
    for (const link of $('nav').querySelectorAll('a')) {
        if (link.dataset.route === section) link.setAttribute('aria-current', 'page');
        else link.removeAttribute('aria-current');
    }
}

function showSignIn(message) {
    leave();
    renderCount++;
    $('view').hidden = true;
    ui.replace($('view'));
    $('nav').hidden = true;
    $('who').hidden = true;
    $('sign-in').hidden = false;
    // "none": this server trusts no issuer the page can reach; say what the operator must set instead of a form.
    if (config.sign_in === 'none') {
        $('password-form').hidden = true;
        $('oidc-sign-in').hidden = true;
        setSignInMessage(message || config.detail || 'This server has no sign-in for the console configured.');
        return;
    }
    setSignInMessage(message);
    const oidc = config.sign_in === 'oidc';
    $('password-form').hidden = oidc;
    $('oidc-sign-in').hidden = !oidc;
    const focus = oidc ? $('oidc-button') : $('sign-in-user');
    focus.focus();
}

function setSignInMessage(message) {
    const box = $('sign-in-message');
    box.textContent = message || '';
    box.hidden = !message;
}

async function passwordSubmit(event) {
    event.preventDefault();
    const button = event.target.querySelector('button[type=submit]');
    button.disabled = true;
    setSignInMessage('');
    try {
        await auth.signInWithPassword($('sign-in-user').value.trim(), $('sign-in-password').value);
        $('sign-in-password').value = '';
        route();
    } catch (error) {
        $('sign-in-password').value = '';
        setSignInMessage(error.message);
        $('sign-in-password').focus();
    } finally {
        button.disabled = false;
    }
}

async function start() {
    auth.onSignedOut(message => showSignIn(message));
    $('password-form').addEventListener('submit', passwordSubmit);
    $('sign-out').addEventListener('click', () => auth.signOut());
    $('oidc-button').addEventListener('click', async () => {
        try {
            await auth.startOidcSignIn(config);
        } catch (error) {
            setSignInMessage(ui.errorText(error));
        }
    });
    window.addEventListener('hashchange', route);
    // A tab that slept past the token's exp: its timer may not have fired yet.
    document.addEventListener('visibilitychange', () => {
        if (!document.hidden && auth.expired()) auth.end('Your session has expired. Please sign in again.');
    });
    config = await auth.loadConfig();
    if (config.sign_in === 'oidc' && !auth.signedIn()) {
        try {
            await auth.completeOidcSignIn(config);
        } catch (error) {
            showSignIn(ui.errorText(error));
            return;
        }
    }
    if (auth.signedIn()) auth.armExpiry();
    route();
}

start();
