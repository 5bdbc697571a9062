// The audit trail (GET /audit, admins only): who did what and when, with the filters the API has (action, actor,
// outcome, from, to), paged. The filters live in the address (#/audit?action=...) so back and reload keep them.
const PAGE = 25;
const FILTERS = ['action', 'actor', 'outcome', 'from', 'to'];

/** datetime-local ("2026-12-02T08:30") in the reader's zone -> ISO instant; '' stays ''. */
function toInstant(local) {
    if (!local) return '';
    const date = new Date(local);
    return Number.isNaN(date.getTime()) ? null : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** ISO instant -> datetime-local value in the reader's zone. */
function toLocal(iso) {
    if (!iso) return '';
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return '';
    const pad = n => String(n).padStart(2, '0');
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + 'T'
        + pad(date.getHours()) + ':' + pad(date.getMinutes());
}

/** Text with line-break opportunities after each separator, so "backup.config.update" wraps at its dots. */
function breakable(h, text, separator) {
    return text.split(separator).flatMap((part, i, parts) =>
        i < parts.length - 1 ? [part + separator, h('wbr', {})] : [part]);
}

export async function render(main, ctx) {
    const {h, replace, pageHeader, formatTime, badge, errorText} = ctx.ui;
    const params = ctx.params;
    const offset = Math.max(0, Number.parseInt(params.offset || '0', 10) || 0);
    const query = new URLSearchParams();
    FILTERS.forEach(key => {
        if (params[key]) query.set(key, params[key]);
    });

    const go = (filters, newOffset) => {
        const next = new URLSearchParams();
        FILTERS.forEach(key => {
            if (filters[key]) next.set(key, filters[key]);
        });
        if (newOffset > 0) next.set('offset', String(newOffset));
        const text = next.toString();
        ctx.navigate('audit' + (text ? '?' + text : ''));
    };

    const apiQuery = new URLSearchParams(query);
    apiQuery.set('offset', String(offset));
    apiQuery.set('limit', String(PAGE));
    let page;
    try {
        page = await ctx.api.get('/audit?' + apiQuery);
    } catch (error) {
        if (!ctx.current() || error.status === 401) return;
        replace(main, pageHeader('Audit trail'), error.status === 403
            ? h('p', {class: 'hint', 'data-testid': 'audit-forbidden'}, 'The audit trail is open to admins only.')
            : h('p', {class: 'error', role: 'alert', 'data-testid': 'audit-error'}, errorText(error)));
        return;
    }
    if (!ctx.current()) return;

    const input = (id, label, attrs, testid) => {
        const el = h('input', {id, 'data-testid': testid, ...attrs});
        return {el, node: h('div', {class: 'field'}, h('label', {for: id}, label), el)};
    };
    const actions = [...new Set(page.entries.map(e => e.action).concat(params.action ? [params.action] : []))].sort();
    const action = input('audit-action', 'Action', {type: 'text', value: params.action || '', list: 'audit-actions',
        autocomplete: 'off', spellcheck: 'false', placeholder: 'e.g. backup.config.update'}, 'audit-filter-action');
    const actor = input('audit-actor', 'User', {type: 'text', value: params.actor || '', autocomplete: 'off'}, 'audit-filter-actor');
    const from = input('audit-from', 'From', {type: 'datetime-local', value: toLocal(params.from)}, 'audit-filter-from');
    const to = input('audit-to', 'To', {type: 'datetime-local', value: toLocal(params.to)}, 'audit-filter-to');
    const outcome = h('select', {id: 'audit-outcome', 'data-testid': 'audit-filter-outcome'},
        [['', 'any'], ['success', 'success'], ['failure', 'failure'], ['denied', 'denied']].map(([value, text]) =>
            h('option', {value, selected: value === (params.outcome || '')}, text)));
    const problem = h('p', {class: 'error', role: 'alert', hidden: true, 'data-testid': 'audit-filter-error'});

    const filters = h('form', {class: 'filters', role: 'search', 'aria-label': 'Audit filters', 'data-testid': 'audit-filters',
        onsubmit: event => {
            event.preventDefault();
            const fromInstant = toInstant(from.el.value);
            const toInstantValue = toInstant(to.el.value);
            if (fromInstant === null || toInstantValue === null) {
                problem.textContent = 'From and To must be dates and times.';
                problem.hidden = false;
                return;
            }
            if (fromInstant && toInstantValue && fromInstant > toInstantValue) {
                problem.textContent = 'From must be before To.';
                problem.hidden = false;
                return;
            }
            go({action: action.el.value.trim(), actor: actor.el.value.trim(), outcome: outcome.value,
                from: fromInstant, to: toInstantValue}, 0);
        }},
        h('datalist', {id: 'audit-actions'}, actions.map(a => h('option', {value: a}))),
        action.node, actor.node,
        h('div', {class: 'field'}, h('label', {for: 'audit-outcome'}, 'Outcome'), outcome),
        from.node, to.node,
        h('div', {class: 'actions filter-actions'},
            h('button', {type: 'submit', class: 'primary', 'data-testid': 'audit-apply'}, 'Filter'),
            h('button', {type: 'button', 'data-testid': 'audit-clear', onclick: () => go({}, 0)}, 'Clear')),
        problem);

    const rows = page.entries.map(e => h('tr', {'data-testid': 'audit-row', 'data-action': e.action},
        h('td', {}, h('time', {datetime: e.timestamp}, formatTime(e.timestamp))),
        h('td', {}, e.actor),
        h('td', {class: 'code'}, breakable(h, e.action, '.')),
        h('td', {class: 'code hide-narrow'}, e.target ? breakable(h, e.target, '/') : '–'),
        h('td', {}, badge(e.outcome)),
        h('td', {class: 'hide-narrow'}, e.client_address || '–'),
        h('td', {class: 'details'}, e.details || '', e.count > 1 ? ' (' + e.count + ' requests)' : '')));

    const first = page.total === 0 ? 0 : offset + 1;
    const last = offset + page.entries.length;
    const pager = h('nav', {class: 'pager actions', 'aria-label': 'Audit pages'},
        h('button', {type: 'button', 'data-testid': 'audit-previous', disabled: offset === 0,
            onclick: () => go(params, Math.max(0, offset - PAGE))}, 'Newer'),
        h('span', {'data-testid': 'audit-range'}, first + '–' + last + ' of ' + page.total),
        h('button', {type: 'button', 'data-testid': 'audit-next', disabled: last >= page.total,
            onclick: () => go(params, offset + PAGE)}, 'Older'));

    replace(main,
        pageHeader('Audit trail'),
        filters,
        page.entries.length === 0
            ? h('p', {class: 'empty', 'data-testid': 'audit-empty'}, 'No entries match.')
            : h('div', {class: 'table-wrap'}, h('table', {'data-testid': 'audit-table'},
                h('caption', {class: 'visually-hidden'}, 'Audit entries, newest first'),
                h('thead', {}, h('tr', {}, ['Time', 'User', 'Action'].map(t => h('th', {scope: 'col'}, t)),
                    h('th', {scope: 'col', class: 'hide-narrow'}, 'Target'), h('th', {scope: 'col'}, 'Outcome'),
                    h('th', {scope: 'col', class: 'hide-narrow'}, 'Client'), h('th', {scope: 'col'}, 'Details'))),
                h('tbody', {}, rows))),
        pager);
}
