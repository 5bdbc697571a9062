// Small DOM helpers. Data only ever reaches the page as text (text nodes, attributes), never as HTML: the
// Content-Security-Policy forbids inline script and style, and nothing from the API is trusted markup.

/**
 * Creates an element. attrs: "class", "for", "data-*", "aria-*" and other attributes as strings; keys starting
 * with "on" (onclick, onsubmit...) are event listeners; boolean values set or leave out the attribute; "value"
 * and "checked" set the property. Children: nodes, strings (as text), numbers, arrays; null/false/undefined skipped.
 */
export function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
        if (value === null || value === undefined || value === false) continue;
        if (key.startsWith('on') && typeof value === 'function') {
            el.addEventListener(key.slice(2), value);
        } else if (key === 'value' || key === 'checked' || key === 'selected') {
            el[key] = value;
        } else {
            el.setAttribute(key, value === true ? '' : String(value));
        }
    }
    append(el, children);
    return el;
}

function append(el, children) {
    for (const child of children) {
        if (child === null || child === undefined || child === false) continue;
        if (Array.isArray(child)) append(el, child);
        else if (child instanceof Node) el.appendChild(child);
        else el.appendChild(document.createTextNode(String(child)));
    }
}

/** Removes every child of el, then appends the given children. */
export function replace(el, ...children) {
    el.replaceChildren();
    append(el, children);
    return el;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(bytes) {
    if (bytes === null || bytes === undefined || Number.isNaN(Number(bytes))) return '–';
    let value = Number(bytes);
    let unit = 0;
    while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
        value /= 1024;
        unit++;
    }
    return (unit === 0 ? String(value) : value.toFixed(value < 10 ? 1 : 0)) + ' ' + UNITS[unit];
}

/** An ISO-8601 time as the reader's local date and time; '–' when absent. */
export function formatTime(iso) {
    if (!iso) return '–';
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return String(iso);
    return date.toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'short'});
}

export function formatPercent(value) {
    if (value === null || value === undefined) return '–';
    return Number(value).toFixed(Number(value) < 10 ? 1 : 0) + ' %';
}

/**
 * A modal confirmation (native dialog: focus is trapped, Escape cancels). Resolves true only when the confirm
 * button is pressed. options: {title, confirmLabel, danger, details (node or text)}.
 */
export function confirmDialog(text, options = {}) {
    return new Promise(resolve => {
        const dialog = h('dialog', {class: 'dialog', 'data-testid': 'confirm-dialog', 'aria-labelledby': 'dialog-title'});
        const done = answer => {
            dialog.close();
            dialog.remove();
            resolve(answer);
        };
        const cancel = h('button', {type: 'button', 'data-testid': 'confirm-cancel', onclick: () => done(false)}, 'Cancel');
        const ok = h('button', {
            type: 'button',
            class: options.danger ? 'danger' : 'primary',
            'data-testid': 'confirm-ok',
            onclick: () => done(true),
        }, options.confirmLabel || 'Confirm');
        append(dialog, [
            h('h2', {id: 'dialog-title'}, options.title || 'Please confirm'),
            h('p', {'data-testid': 'confirm-text'}, text),
            options.details,
            h('div', {class: 'actions'}, cancel, ok),
        ]);
        dialog.addEventListener('cancel', event => {
            event.preventDefault();
            done(false);
        });
        document.body.appendChild(dialog);
        dialog.showModal();
        cancel.focus();
    });
}

let statusTimer = null;

/** A short message in the aria-live status region (read by screen readers; shown at the bottom). */
export function toast(text, kind = 'info') {
    const region = document.getElementById('status');
    if (!region) return;
    region.className = 'status ' + kind + ' visible';
    region.textContent = text;
    clearTimeout(statusTimer);
    statusTimer = setTimeout(() => {
        region.className = 'status';
        region.textContent = '';
    }, kind === 'error' ? 10000 : 5000);
}

/** The text to show for a failure: the API's detail when there is one. */
export function errorText(error) {
    if (!error) return 'Something went wrong';
    if (error.detail) return error.detail;
    return error.message || String(error);
}

/** A block that shows an error where the content would be. */
export function errorBox(error) {
    return h('p', {class: 'error', role: 'alert', 'data-testid': 'error'}, errorText(error));
}

export function loading(text = 'Loading…') {
    return h('p', {class: 'loading', 'aria-busy': 'true'}, text);
}

/** A page title (h1) with optional actions on the right. */
export function pageHeader(title, ...actions) {
    return h('div', {class: 'page-header'}, h('h1', {}, title), h('div', {class: 'actions'}, ...actions));
}

/** A status word as a coloured badge (the class carries the colour, the text the meaning). */
export function badge(text, kind) {
    const value = text === null || text === undefined ? '–' : String(text);
    return h('span', {class: 'badge ' + (kind || value.toLowerCase().replace(/[^a-z]+/g, '-'))}, value);
}

/** A progress bar with its value as text for screen readers. */
export function progressBar(percent, label) {
    const value = Math.max(0, Math.min(100, Number(percent) || 0));
    return h('progress', {max: '100', value: String(value), 'aria-label': label || 'Progress'}, value + ' %');
}
