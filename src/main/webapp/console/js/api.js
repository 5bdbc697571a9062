// The REST API as the console uses it: JSON in and out, the bearer token on every call, a 401 ends the session.
import * as auth from './auth.js';

/** A refused or failed call: the HTTP status and the API's {"detail"} text. */
export class ApiError extends Error {
    constructor(status, detail) {
        super(detail);
        this.name = 'ApiError';
        this.status = status;
        this.detail = detail;
    }
}

/** Paths are relative to /api/v1 ("/storage/info"); a path that already starts with /api/ is taken as is. */
export function url(path) {
    return path.startsWith('/api/') ? path : '/api/v1' + (path.startsWith('/') ? path : '/' + path);
}

function headers(extra) {
    const result = {Accept: 'application/json', ...extra};
    const jwt = auth.token();
    if (jwt) result.Authorization = 'Bearer ' + jwt;
    return result;
}

async function detailOf(response) {
    try {
        const body = await response.json();
        if (body && typeof body.detail === 'string') return body.detail;
    } catch (e) {
        // not JSON: fall through to the status text
    }
    return 'The server answered ' + response.status + (response.statusText ? ' ' + response.statusText : '');
}

async function send(method, path, body) {
    if (auth.expired()) {
        auth.end('Your session has expired. Please sign in again.');
        throw new ApiError(401, 'Your session has expired.');
    }
    let response;
    try {
        response = await fetch(url(path), {
            method,
            credentials: 'omit',
            cache: 'no-store',
            headers: headers(body === undefined ? {} : {'Content-Type': 'application/json'}),
            body: body === undefined ? undefined : JSON.stringify(body),
        });
    } catch (e) {
        throw new ApiError(0, 'The server cannot be reached.');
    }
    return check(response);
}

async function check(response) {
    if (response.status === 401) {
        auth.end('Your session has ended. Please sign in again.');
        throw new ApiError(401, 'Your session has ended.');
    }
    if (!response.ok) {
        throw new ApiError(response.status, await detailOf(response));
    }
    return response;
}

async function json(method, path, body) {
    const response = await send(method, path, body);
    if (response.status === 204) return null;
    const text = await response.text();
    return text ? JSON.parse(text) : null;
}

export const get = path => json('GET', path);
export const post = (path, body) => json('POST', path, body === undefined ? {} : body);
export const put = (path, body) => json('PUT', path, body);
export const del = path => json('DELETE', path);

/**
 * GET of one page of a paged list: {body, total, next}. total is X-Total-Count (null without
 * it); next is the path of the next page from the Link rel="next" header, or null on the last page.
 */
export async function page(path) {
    const response = await send('GET', path);
    const body = await response.json();
    const total = Number(response.headers.get('X-Total-Count'));
    const link = /<([^>]+)>\s*;\s*rel="?next"?/.exec(response.headers.get('Link') || '');
    let next = null;
    if (link) {
        const target = new URL(link[1], location.href);
        next = target.pathname + target.search;
    }
    return {body, total: Number.isFinite(total) && response.headers.has('X-Total-Count') ? total : null, next};
}

/** GET as a Blob with its file name from Content-Disposition (downloads cannot carry the header as a link). */
export async function blob(path) {
    const response = await send('GET', path);
    const disposition = response.headers.get('Content-Disposition') || '';
    const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
    return {blob: await response.blob(), filename: match ? decodeURIComponent(match[1]) : null};
}

/** Saves a GET response as a file through a temporary object URL. */
export async function download(path, fallbackName) {
    const {blob: data, filename} = await blob(path);
    const href = URL.createObjectURL(data);
    const link = document.createElement('a');
    link.href = href;
    link.download = filename || fallbackName || 'download';
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(href), 60000);
    return link.download;
}

export const api = {get, post, put, del, page, blob, download, url};
