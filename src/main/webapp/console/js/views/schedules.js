// Named backup schedules (/backups/schedules): the list, and one schedule's form to create, change or delete it.
// As the cron field changes the next five runs are shown, computed by the server. Routes: #/schedules,
// #/schedules?new=1, #/schedules?edit=<name> (moderators get the same form read-only).
import {cronPreview} from './cron-preview.js';
import {
    CODECS, wireCompressionAndPreview, KEEPS, MAX_KEEP, MAX_RETENTION_DAYS, checkbox, cronProblem, field, formError, lines, names, numberInput,
    pathProblem, sameList, select, textInput, textarea, timeZoneList, wholeNumber,
} from './fields.js';

const PATH = '/backups/schedules';
const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const RESERVED = 'next-runs';

export async function render(main, ctx) {
    if (ctx.params.new) return renderForm(main, ctx, null);
    if (ctx.params.edit) {
        const schedule = await ctx.api.get(PATH + '/' + encodeURIComponent(ctx.params.edit));
        if (!ctx.current()) return;
        return renderForm(main, ctx, schedule);
    }
    return renderList(main, ctx);
}

function keepSummary(s) {
    const parts = KEEPS.filter(k => s['keep_' + k] > 0).map(k => k + ' ' + s['keep_' + k]);
    if (s.retention_days > 0) parts.push(s.retention_days + ' days');
    return parts.join(', ') || '–';
}

async function renderList(main, ctx) {
    const {h, replace, pageHeader, formatTime, badge, confirmDialog, toast, errorText} = ctx.ui;
    const admin = ctx.auth.isAdmin();
    const listing = await ctx.api.get(PATH);
    if (!ctx.current()) return;

    async function remove(name) {
        const sure = await confirmDialog('Delete the schedule ' + name + '? Its backups stay.',
            {title: 'Delete schedule', confirmLabel: 'Delete', danger: true});
        if (!sure) return;
        try {
            await ctx.api.del(PATH + '/' + encodeURIComponent(name));
            toast('Schedule ' + name + ' deleted');
            if (ctx.current()) await renderList(main, ctx);
        } catch (error) {
            toast(errorText(error), 'error');
        }
    }

    const rows = listing.schedules.map(s => h('tr', {'data-testid': 'schedule-row', 'data-schedule': s.name},
        h('th', {scope: 'row'}, s.name),
        h('td', {}, badge(s.enabled ? 'on' : 'off', s.enabled ? 'ok' : 'off')),
        h('td', {class: 'path'}, s.cron),
        h('td', {class: 'hide-narrow'}, s.timezone),
        h('td', {}, s.mode),
        h('td', {}, formatTime(s.next_run)),
        h('td', {class: 'hide-narrow'}, s.volumes ? s.volumes.join(', ') : 'every volume'),
        h('td', {class: 'hide-narrow'}, keepSummary(s)),
        h('td', {class: 'hide-narrow'}, s.cloud_targets === null || s.cloud_targets === undefined
            ? 'every target' : s.cloud_targets.length ? s.cloud_targets.join(', ') : 'none'),
        h('td', {class: 'row-actions'},
            h('button', {type: 'button', 'data-testid': 'schedule-open', 'aria-label': (admin ? 'Edit ' : 'View ') + s.name,
                onclick: () => ctx.navigate('schedules?edit=' + encodeURIComponent(s.name))}, admin ? 'Edit' : 'View'),
            admin && s.name !== 'default'
                ? h('button', {type: 'button', class: 'danger', 'data-testid': 'schedule-delete', 'aria-label': 'Delete ' + s.name,
                    onclick: () => remove(s.name)}, 'Delete')
                : null)));

    replace(main,
        pageHeader('Schedules',
            admin ? h('button', {type: 'button', class: 'primary', 'data-testid': 'schedule-new',
                onclick: () => ctx.navigate('schedules?new=1')}, 'New schedule') : null),
        h('p', {class: 'hint'}, 'The schedule named default is the backup configuration.'
            + (admin ? '' : ' Read-only: only an admin can change schedules.')),
        h('div', {class: 'table-wrap'}, h('table', {'data-testid': 'schedules-table'},
            h('caption', {class: 'visually-hidden'}, 'Backup schedules'),
            h('thead', {}, h('tr', {},
                h('th', {scope: 'col'}, 'Name'), h('th', {scope: 'col'}, 'On'), h('th', {scope: 'col'}, 'Cron'),
                h('th', {scope: 'col', class: 'hide-narrow'}, 'Time zone'), h('th', {scope: 'col'}, 'Mode'),
                h('th', {scope: 'col'}, 'Next run'), h('th', {scope: 'col', class: 'hide-narrow'}, 'Volumes'),
                h('th', {scope: 'col', class: 'hide-narrow'}, 'Keeps'), h('th', {scope: 'col', class: 'hide-narrow'}, 'Cloud targets'),
                h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Actions')))),
            h('tbody', {}, rows))));
}

/** A choice between "what the server decides" (null) and an own list, for paths and cloud targets. */
function ownList(ctx, {id, label, current, inheritText, ownText, hint, testid, multiline}) {
    const {h} = ctx.ui;
    const inherit = current === null || current === undefined;
    const inheritRadio = h('input', {type: 'radio', name: id, id: id + '-inherit', value: 'inherit', checked: inherit,
        'data-testid': testid + '-inherit'});
    const ownRadio = h('input', {type: 'radio', name: id, id: id + '-own', value: 'own', checked: !inherit,
        'data-testid': testid + '-own'});
    const input = multiline ? textarea(ctx.ui, current || []) : textInput(ctx.ui, (current || []).join(', '));
    const entry = field(ctx.ui, {id, label: ownText, input, hint, testid});
    const sync = () => {
        input.disabled = inheritRadio.checked;
    };
    inheritRadio.addEventListener('change', sync);
    ownRadio.addEventListener('change', sync);
    sync();
    const node = h('fieldset', {}, h('legend', {}, label),
        h('label', {class: 'inline', for: id + '-inherit'}, inheritRadio, inheritText),
        h('label', {class: 'inline', for: id + '-own'}, ownRadio, 'Only these'),
        entry.node);
    return {
        node, input, setError: entry.setError, inherits: () => inheritRadio.checked,
        values: () => (multiline ? lines(input.value) : names(input.value)),
        focus: () => (inheritRadio.checked ? inheritRadio : input).focus(),
    };
}

function renderForm(main, ctx, schedule) {
    const {h, replace, pageHeader, toast, errorText} = ctx.ui;
    const admin = ctx.auth.isAdmin();
    const creating = schedule === null;
    const isDefault = !creating && schedule.name === 'default';
    const s = schedule || {
        name: '', enabled: true, cron: '0 3 * * *', timezone: '', volumes: null, paths: null, compression: 'gzip',
        compression_level: CODECS.gzip.level, mode: 'full', keep_last: 0, keep_hourly: 0, keep_daily: 7,
        keep_weekly: 4, keep_monthly: 0, keep_yearly: 0, retention_days: 0, cloud_targets: null,
    };
    const preview = cronPreview(ctx, {testid: 'schedule-next-runs'});

    const f = {
        name: field(ctx.ui, {id: 'sch-name', label: 'Name', input: textInput(ctx.ui, s.name,
            {autocomplete: 'off', spellcheck: 'false', disabled: !creating}), testid: 'schedule-name',
            hint: creating ? 'a-z, 0-9, - and _, starting with a letter or digit; cannot be changed later.' : null}),
        enabled: field(ctx.ui, {id: 'sch-enabled', label: 'Enabled', input: checkbox(ctx.ui, s.enabled), testid: 'schedule-enabled'}),
        cron: field(ctx.ui, {id: 'sch-cron', label: 'When (cron)', input: textInput(ctx.ui, s.cron,
            {autocomplete: 'off', spellcheck: 'false'}), testid: 'schedule-cron',
            hint: 'Five fields: minute hour day-of-month month day-of-week, e.g. 0 */6 * * * for every six hours.'}),
        timezone: field(ctx.ui, {id: 'sch-timezone', label: 'Time zone', input: textInput(ctx.ui, s.timezone,
            {list: 'time-zones', autocomplete: 'off', placeholder: creating ? 'the configuration\'s' : ''}), testid: 'schedule-timezone',
            hint: creating ? 'Empty: the configuration\'s time zone.' : null}),
        mode: field(ctx.ui, {id: 'sch-mode', label: 'Mode', input: select(ctx.ui,
            [['full', 'full: a whole backup every time'], ['incremental', 'incremental: what changed since the last one']], s.mode),
            testid: 'schedule-mode'}),
        volumes: field(ctx.ui, {id: 'sch-volumes', label: 'Volumes', input: textInput(ctx.ui, (s.volumes || []).join(', ')),
            testid: 'schedule-volumes', hint: 'Comma-separated names; empty backs up every volume.'}),
        compression: field(ctx.ui, {id: 'sch-compression', label: 'Compression',
            input: select(ctx.ui, Object.keys(CODECS).map(c => [c, c]), s.compression), testid: 'schedule-compression'}),
        level: field(ctx.ui, {id: 'sch-level', label: 'Compression level', input: numberInput(ctx.ui, s.compression_level, 0, 19),
            testid: 'schedule-compression-level'}),
        retention: field(ctx.ui, {id: 'sch-retention', label: 'Keep for (days)',
            input: numberInput(ctx.ui, s.retention_days, isDefault ? 1 : 0, MAX_RETENTION_DAYS), testid: 'schedule-retention-days',
            hint: isDefault ? null : '0: only the counts below decide.'}),
    };
    for (const keep of KEEPS) {
        f['keep_' + keep] = field(ctx.ui, {id: 'sch-keep-' + keep, label: 'Keep ' + keep,
            input: numberInput(ctx.ui, s['keep_' + keep], 0, MAX_KEEP), testid: 'schedule-keep-' + keep});
    }
    const paths = ownList(ctx, {id: 'sch-paths', label: 'Paths', current: s.paths, testid: 'schedule-paths', multiline: true,
        inheritText: 'The configuration\'s include paths', ownText: 'Paths, one absolute folder per line',
        hint: 'Empty: no paths, only volumes.'});
    const targets = isDefault ? null : ownList(ctx, {id: 'sch-targets', label: 'Cloud targets', current: s.cloud_targets,
        testid: 'schedule-cloud-targets', inheritText: 'Every configured target', ownText: 'Target names, comma-separated',
        hint: 'Empty: no cloud copy.'});

    wireCompressionAndPreview(ctx.ui, {compression: f.compression, level: f.level, cron: f.cron, timezone: f.timezone,
        preview});

    const serverError = formError(ctx.ui, 'schedule-error');
    const save = h('button', {type: 'submit', class: 'primary', 'data-testid': 'schedule-save'}, creating ? 'Create' : 'Save');
    const back = h('button', {type: 'button', 'data-testid': 'schedule-back', onclick: () => ctx.navigate('schedules')},
        admin ? 'Cancel' : 'Back to the list');
    const fields = h('fieldset', {class: 'plain', disabled: !admin},
        h('legend', {class: 'visually-hidden'}, 'Schedule'),
        h('section', {class: 'panel'}, h('h2', {}, 'When'), f.name.node, f.enabled.node, f.cron.node, preview.node,
            f.timezone.node, f.mode.node),
        h('section', {class: 'panel'}, h('h2', {}, 'What'), f.volumes.node, paths.node, f.compression.node, f.level.node,
            targets ? targets.node : null),
        h('section', {class: 'panel'}, h('h2', {}, 'How long'), f.retention.node,
            h('div', {class: 'keep-grid'}, KEEPS.map(k => f['keep_' + k].node))));
    const form = h('form', {class: 'schedule-form', 'data-testid': 'schedule-form', novalidate: true, onsubmit: submit},
        fields, serverError.node, h('div', {class: 'actions form-actions'}, admin ? save : null, back));

    replace(main,
        pageHeader(creating ? 'New schedule' : 'Schedule ' + s.name),
        admin ? null : h('p', {class: 'hint', 'data-testid': 'read-only-note'}, 'Read-only: only an admin can change schedules.'),
        isDefault ? h('p', {class: 'hint'}, 'The default schedule is the backup configuration; it copies to every cloud target.') : null,
        timeZoneList(ctx.ui, 'time-zones'),
        form);
    (creating ? f.name.input : f.cron.input).focus();

    /** The request body (all fields when creating, what changed otherwise), or null after marking what is wrong. */
    function body() {
        const out = {};
        let ok = true;
        const fail = (entry, text) => {
            entry.setError(text);
            if (ok) (entry.focus ? entry.focus() : entry.input.focus());
            ok = false;
        };
        const put = (key, value, same) => {
            if (creating || !same) out[key] = value;
        };
        [...Object.values(f), paths, targets].filter(Boolean).forEach(entry => entry.setError(null));

        if (creating) {
            const name = f.name.input.value.trim();
            if (!NAME.test(name)) fail(f.name, 'Name: 1 to 64 characters of a-z, 0-9, - and _, starting with a letter or digit');
            else if (name === RESERVED) fail(f.name, 'Name: \'' + RESERVED + '\' is reserved');
            else out.name = name;
        }
        put('enabled', f.enabled.input.checked, f.enabled.input.checked === s.enabled);
        const cron = f.cron.input.value.trim();
        const cronError = cronProblem(cron);
        if (cronError) fail(f.cron, 'Cron ' + cronError);
        else put('cron', cron, cron === s.cron);
        const timezone = f.timezone.input.value.trim();
        if (timezone.length > 64 || (!creating && !timezone)) fail(f.timezone, 'Time zone is 1 to 64 characters');
        else if (timezone) put('timezone', timezone, timezone === s.timezone);
        put('mode', f.mode.input.value, f.mode.input.value === s.mode);

        const volumes = names(f.volumes.input.value);
        if (volumes.some(v => v.length > 255)) fail(f.volumes, 'Volume names are 1 to 255 characters');
        else put('volumes', volumes, sameList(volumes, s.volumes || []));
        if (paths.inherits()) {
            if (!creating && s.paths !== null) fail(paths, 'A schedule with its own paths cannot go back to the configuration\'s; list them');
        } else {
            const own = paths.values();
            const problem = own.map(pathProblem).find(Boolean);
            if (problem) fail(paths, problem);
            else put('paths', own, s.paths !== null && sameList(own, s.paths));
        }
        if (targets) {
            if (targets.inherits()) {
                if (!creating && s.cloud_targets !== null) {
                    fail(targets, 'A schedule with its own targets cannot go back to every target; list them');
                }
            } else {
                const own = targets.values();
                const unique = new Set(own.map(t => t.toLowerCase()));
                if (unique.size !== own.length) fail(targets, 'Each target once');
                else put('cloud_targets', own, s.cloud_targets !== null && sameList(own, s.cloud_targets));
            }
        }

        const compression = f.compression.input.value;
        put('compression', compression, compression === s.compression);
        const codec = CODECS[compression];
        const level = wholeNumber(f.level.input.value, codec.min, codec.max);
        if (level.error) fail(f.level, 'Level for ' + compression + ' ' + level.error);
        else put('compression_level', level.value, level.value === s.compression_level && !('compression' in out));

        const retention = wholeNumber(f.retention.input.value, isDefault ? 1 : 0, MAX_RETENTION_DAYS);
        if (retention.error) fail(f.retention, 'Keep for (days) ' + retention.error);
        else put('retention_days', retention.value, retention.value === s.retention_days);
        let anyKeep = false;
        for (const keep of KEEPS) {
            const count = wholeNumber(f['keep_' + keep].input.value, 0, MAX_KEEP);
            if (count.error) fail(f['keep_' + keep], 'Keep ' + keep + ' ' + count.error);
            else {
                anyKeep = anyKeep || count.value > 0;
                put('keep_' + keep, count.value, count.value === s['keep_' + keep]);
            }
        }
        if (ok && !isDefault && retention.value === 0 && !anyKeep) {
            fail(f.retention, 'Set the days or at least one keep count; otherwise backups would be kept forever');
        }
        return ok ? out : null;
    }

    async function submit(event) {
        event.preventDefault();
        if (!admin) return;
        serverError.show(null);
        const request = body();
        if (request === null) {
            serverError.show('Please correct the marked fields.');
            return;
        }
        if (!creating && Object.keys(request).length === 0) {
            toast('Nothing changed');
            return;
        }
        save.disabled = true;
        try {
            const saved = creating
                ? await ctx.api.post(PATH, request)
                : await ctx.api.put(PATH + '/' + encodeURIComponent(s.name), request);
            if (!ctx.current()) return;
            toast('Schedule ' + saved.name + ' saved');
            ctx.navigate('schedules');
        } catch (error) {
            if (!ctx.current()) return;
            serverError.show(errorText(error));
            serverError.node.focus();
        } finally {
            save.disabled = false;
        }
    }
}
