// Form helpers shared by the settings and schedules views: labelled inputs, per-field errors, and the checks the
// server makes, repeated here so a mistake is named before the round trip (the server still decides).

/** Compression codecs with their level range and default, as the server's Codec enum has them. */
export const CODECS = {
    gzip: {min: 1, max: 9, level: 6},
    zstd: {min: 1, max: 19, level: 3},
    xz: {min: 0, max: 9, level: 6},
    bzip2: {min: 1, max: 9, level: 9},
    none: {min: 0, max: 0, level: 0},
};

export const MAX_RETENTION_DAYS = 36500;
export const MAX_KEEP = 100000;
export const KEEPS = ['last', 'hourly', 'daily', 'weekly', 'monthly', 'yearly'];

/**
 * A labelled control with a hint and an error line, tied together with for/aria-describedby so a screen reader
 * reads the hint and the error with the field. Returns {node, input, setError}.
 */
export function field(ui, {id, label, input, hint, testid}) {
    const {h} = ui;
    input.id = id;
    if (testid) input.setAttribute('data-testid', testid);
    const hintNode = hint ? h('p', {class: 'hint', id: id + '-hint'}, hint) : null;
    const errorNode = h('p', {class: 'field-error', id: id + '-error', 'data-testid': (testid || id) + '-error', hidden: true});
    input.setAttribute('aria-describedby', [hintNode ? id + '-hint' : null, id + '-error'].filter(Boolean).join(' '));
    const node = input.type === 'checkbox'
        ? h('div', {class: 'field'}, h('label', {class: 'inline', for: id}, input, label), hintNode, errorNode)
        : h('div', {class: 'field'}, h('label', {for: id}, label), input, hintNode, errorNode);
    const setError = text => {
        errorNode.textContent = text || '';
        errorNode.hidden = !text;
        if (text) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
    };
    return {node, input, setError};
}

export function textInput(ui, value, attrs = {}) {
    return ui.h('input', {type: 'text', value: value === null || value === undefined ? '' : String(value), ...attrs});
}

export function numberInput(ui, value, min, max) {
    return ui.h('input', {type: 'number', inputmode: 'numeric', step: '1', min: String(min), max: String(max),
        value: value === null || value === undefined ? '' : String(value)});
}

export function checkbox(ui, checked) {
    return ui.h('input', {type: 'checkbox', checked: Boolean(checked)});
}

export function select(ui, options, value) {
    return ui.h('select', {}, options.map(([optionValue, text]) =>
        ui.h('option', {value: optionValue, selected: optionValue === value}, text)));
}

export function textarea(ui, lines) {
    return ui.h('textarea', {rows: '3', spellcheck: 'false', value: (lines || []).join('\n')});
}

/** One entry per line, blank lines dropped. */
export function lines(text) {
    return text.split('\n').map(line => line.trim()).filter(line => line.length > 0);
}

/** Comma- or space-separated names, blanks dropped. */
export function names(text) {
    return text.split(/[\s,]+/).map(name => name.trim()).filter(name => name.length > 0);
}

/** A whole number in [min, max], or an error text. */
export function wholeNumber(text, min, max) {
    const value = String(text).trim();
    if (!/^-?\d+$/.test(value)) return {error: 'must be a whole number'};
    const number = Number(value);
    if (number < min || number > max) return {error: 'must be between ' + min + ' and ' + max};
    return {value: number};
}

/** The server's shape check of a cron expression; what the fields mean the next-runs preview asks the server. */
export function cronProblem(text) {
    const value = text.trim();
    if (!value) return 'is required';
    if (value.length > 100) return 'is at most 100 characters';
    const fields = value.split(/[ \t]+/);
    if (fields.length !== 5) {
        return 'expected 5 fields (minute hour day-of-month month day-of-week), got ' + fields.length;
    }
    if (!/^[0-9A-Za-z*,\-/ \t]+$/.test(value)) return 'only digits, names, * , - and / are allowed';
    return null;
}

/** An absolute path without '..', as the server wants for locations and include paths. */
export function pathProblem(path) {
    if (path.length > 1024) return 'is at most 1024 characters';
    if (!path.startsWith('/') || path.split('/').includes('..')) return 'must be an absolute path without \'..\': ' + path;
    return null;
}

export function sameList(a, b) {
    const left = a || [];
    const right = b || [];
    return left.length === right.length && left.every((item, i) => item === right[i]);
}

let zones = null;

/** A datalist of the browser's IANA time zones (for suggestions; the server checks the name). */
export function timeZoneList(ui, id) {
    const existing = document.getElementById(id);
    if (existing) return existing;
    if (zones === null) {
        try {
            zones = ['UTC', ...Intl.supportedValuesOf('timeZone').filter(zone => zone !== 'UTC')];
        } catch (e) {
            zones = ['UTC'];
        }
    }
    return ui.h('datalist', {id}, zones.map(zone => ui.h('option', {value: zone})));
}

/** The server's {"detail"} next to the form, or nothing. */
export function formError(ui, testid) {
    const node = ui.h('p', {class: 'error', role: 'alert', tabindex: '-1', 'data-testid': testid, hidden: true});
    return {
        node,
        show(text) {
            node.textContent = text || '';
            node.hidden = !text;
        },
    };
}

/**
 * Keeps a level field's range and hint on the chosen codec (a new codec resets the level to its default), and
 * shows the cron preview as the cron or time-zone field changes: the same wiring on the settings and schedule forms.
 */
export function wireCompressionAndPreview(ui, {compression, level, cron, timezone, preview, hintId}) {
    const hint = ui.h('p', hintId ? {class: 'hint', id: hintId} : {class: 'hint'});
    function showLevelRange(reset) {
        const codec = CODECS[compression.input.value];
        level.input.min = String(codec.min);
        level.input.max = String(codec.max);
        if (reset) level.input.value = String(codec.level);
        hint.textContent = compression.input.value + ': ' + codec.min + ' to ' + codec.max + ' (default ' + codec.level + ')';
    }
    level.node.insertBefore(hint, level.node.lastChild);
    compression.input.addEventListener('change', () => showLevelRange(true));
    showLevelRange(false);

    const refreshPreview = () => preview.update(cron.input.value, timezone.input.value);
    cron.input.addEventListener('input', refreshPreview);
    timezone.input.addEventListener('input', refreshPreview);
    refreshPreview();
}
