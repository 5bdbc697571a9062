// The backup configuration (GET/PUT /backups/config): every field the API has, checked here as the server checks
// it, sent as a partial update of what changed; the server's refusal is shown next to the form.
import {cronPreview} from './cron-preview.js';
import {
    CODECS, wireCompressionAndPreview, MAX_RETENTION_DAYS, checkbox, cronProblem, field, formError, lines, names, numberInput, pathProblem,
    sameList, select, textInput, textarea, timeZoneList, wholeNumber,
} from './fields.js';

const ENCRYPTION = [
    ['none', 'none: nothing is encrypted'],
    ['cloud', 'cloud: cloud copies only'],
    ['all', 'all: local archives and cloud copies'],
];

export async function render(main, ctx) {
    const {h, replace, pageHeader, toast} = ctx.ui;
    let config = await ctx.api.get('/backups/config');
    if (!ctx.current()) return;
    const admin = ctx.auth.isAdmin();
    const preview = cronPreview(ctx, {testid: 'settings-next-runs'});

    const f = {
        enabled: field(ctx.ui, {id: 'cfg-enabled', label: 'Scheduled backups on', input: checkbox(ctx.ui, config.backup_enabled),
            testid: 'cfg-backup-enabled'}),
        schedule: field(ctx.ui, {id: 'cfg-schedule', label: 'Schedule (cron)', input: textInput(ctx.ui, config.schedule,
            {autocomplete: 'off', spellcheck: 'false'}), testid: 'cfg-schedule',
            hint: 'Five fields: minute hour day-of-month month day-of-week, e.g. 0 2 * * * for 02:00 every day.'}),
        timezone: field(ctx.ui, {id: 'cfg-timezone', label: 'Time zone', input: textInput(ctx.ui, config.timezone,
            {list: 'time-zones', autocomplete: 'off'}), testid: 'cfg-timezone', hint: 'A region such as UTC or Europe/Berlin.'}),
        retention: field(ctx.ui, {id: 'cfg-retention', label: 'Keep backups for (days)',
            input: numberInput(ctx.ui, config.retention_days, 1, MAX_RETENTION_DAYS), testid: 'cfg-retention-days'}),
        location: field(ctx.ui, {id: 'cfg-location', label: 'Backup location', input: textInput(ctx.ui, config.backup_location,
            {spellcheck: 'false'}), testid: 'cfg-backup-location', hint: 'An absolute folder on the server.'}),
        includePaths: field(ctx.ui, {id: 'cfg-include-paths', label: 'Include paths', input: textarea(ctx.ui, config.include_paths),
            testid: 'cfg-include-paths', hint: 'One absolute folder per line, backed up besides the volumes.'}),
        excludes: field(ctx.ui, {id: 'cfg-excludes', label: 'Exclude patterns', input: textarea(ctx.ui, config.exclude_patterns),
            testid: 'cfg-exclude-patterns', hint: 'One glob per line, relative to the volume or path (e.g. *.tmp, logs/*.log).'}),
        volumes: field(ctx.ui, {id: 'cfg-volumes', label: 'Volumes', input: textInput(ctx.ui, (config.include_volumes || []).join(', ')),
            testid: 'cfg-include-volumes', hint: 'Comma-separated names; empty backs up every volume.'}),
        compression: field(ctx.ui, {id: 'cfg-compression', label: 'Compression',
            input: select(ctx.ui, Object.keys(CODECS).map(c => [c, c]), config.compression), testid: 'cfg-compression'}),
        level: field(ctx.ui, {id: 'cfg-level', label: 'Compression level', input: numberInput(ctx.ui, config.compression_level, 0, 19),
            testid: 'cfg-compression-level'}),
        cloudRetention: field(ctx.ui, {id: 'cfg-cloud-retention', label: 'Keep cloud copies for (days)',
            input: numberInput(ctx.ui, config.cloud_retention_days, 0, MAX_RETENTION_DAYS), testid: 'cfg-cloud-retention-days',
            hint: '0 keeps them as long as the local backups.'}),
        incremental: field(ctx.ui, {id: 'cfg-incremental', label: 'Incremental backups by default',
            input: checkbox(ctx.ui, config.incremental && config.incremental.enabled), testid: 'cfg-incremental-enabled',
            hint: 'A backup stores only what changed since the last one, with a full backup as often as set below.'}),
        fullDays: field(ctx.ui, {id: 'cfg-full-days', label: 'Full backup at least every (days)',
            input: numberInput(ctx.ui, config.incremental && config.incremental.full_every_days, 1, 365), testid: 'cfg-full-every-days'}),
        fullIncrements: field(ctx.ui, {id: 'cfg-full-increments', label: 'Full backup at least every (increments)',
            input: numberInput(ctx.ui, config.incremental && config.incremental.full_every_increments, 1, 1000),
            testid: 'cfg-full-every-increments'}),
    };
    if ('encryption' in config) {
        f.encryption = field(ctx.ui, {id: 'cfg-encryption', label: 'Encryption', input: select(ctx.ui, ENCRYPTION, config.encryption),
            testid: 'cfg-encryption', hint: 'cloud and all need the server\'s key material.'});
    }

    wireCompressionAndPreview(ctx.ui, {compression: f.compression, level: f.level, cron: f.schedule, timezone: f.timezone,
        preview, hintId: 'cfg-level-range'});

    const serverError = formError(ctx.ui, 'settings-error');
    const save = admin ? h('button', {type: 'submit', class: 'primary', 'data-testid': 'settings-save'}, 'Save') : null;
    const reset = admin ? h('button', {type: 'button', 'data-testid': 'settings-reset',
        onclick: () => render(main, ctx)}, 'Discard changes') : null;
    const fields = h('fieldset', {class: 'plain', disabled: !admin},
        h('legend', {class: 'visually-hidden'}, 'Backup configuration'),
        h('section', {class: 'panel'}, h('h2', {}, 'When'), f.enabled.node, f.schedule.node, preview.node, f.timezone.node),
        h('section', {class: 'panel'}, h('h2', {}, 'What'), f.volumes.node, f.includePaths.node, f.excludes.node, f.location.node),
        h('section', {class: 'panel'}, h('h2', {}, 'How'), f.compression.node, f.level.node,
            f.encryption ? f.encryption.node : null,
            h('fieldset', {}, h('legend', {}, 'Incremental'), f.incremental.node, f.fullDays.node, f.fullIncrements.node)),
        h('section', {class: 'panel'}, h('h2', {}, 'How long'), f.retention.node, f.cloudRetention.node,
            h('p', {class: 'hint'}, 'Keep counts (last, daily, weekly …) of the default schedule are on the Schedules page.')));
    const form = h('form', {class: 'settings-form', 'data-testid': 'settings-form', novalidate: true, onsubmit: submit},
        fields, serverError.node, admin ? h('div', {class: 'actions form-actions'}, save, reset) : null);

    replace(main,
        pageHeader('Backup configuration'),
        admin ? null : h('p', {class: 'hint', 'data-testid': 'read-only-note'}, 'Read-only: only an admin can change the configuration.'),
        timeZoneList(ctx.ui, 'time-zones'),
        form);

    /** The partial update of what changed, or null after marking every field that is wrong. */
    function change() {
        const out = {};
        let ok = true;
        const fail = (entry, text) => {
            entry.setError(text);
            if (ok) entry.input.focus();
            ok = false;
        };
        Object.values(f).forEach(entry => entry.setError(null));

        if (f.enabled.input.checked !== config.backup_enabled) out.backup_enabled = f.enabled.input.checked;
        const schedule = f.schedule.input.value.trim();
        const cronError = cronProblem(schedule);
        if (cronError) fail(f.schedule, 'Schedule ' + cronError);
        else if (schedule !== config.schedule) out.schedule = schedule;
        const timezone = f.timezone.input.value.trim();
        if (!timezone || timezone.length > 64) fail(f.timezone, 'Time zone is 1 to 64 characters');
        else if (timezone !== config.timezone) out.timezone = timezone;

        const volumes = names(f.volumes.input.value);
        if (volumes.some(v => v.length > 255)) fail(f.volumes, 'Volume names are 1 to 255 characters');
        else if (volumes.length > 1000) fail(f.volumes, 'At most 1000 volumes');
        else if (!sameList(volumes, config.include_volumes)) out.include_volumes = volumes;
        const includes = lines(f.includePaths.input.value);
        const includeError = includes.length > 100 ? 'At most 100 paths' : includes.map(pathProblem).find(Boolean);
        if (includeError) fail(f.includePaths, includeError);
        else if (!sameList(includes, config.include_paths)) out.include_paths = includes;
        const excludes = lines(f.excludes.input.value);
        const excludeError = excludes.length > 200 ? 'At most 200 patterns'
            : excludes.filter(p => p.length > 255).map(p => p.slice(0, 40) + '… is longer than 255 characters')[0]
            || excludes.filter(p => p.startsWith('/')).map(p => '\'' + p + '\' never matches: patterns are relative (e.g. logs/*.log)')[0];
        if (excludeError) fail(f.excludes, excludeError);
        else if (!sameList(excludes, config.exclude_patterns)) out.exclude_patterns = excludes;
        const location = f.location.input.value.trim();
        const locationError = location ? pathProblem(location) : 'is required';
        if (locationError) fail(f.location, 'Backup location ' + locationError);
        else if (location !== config.backup_location) out.backup_location = location;

        const compression = f.compression.input.value;
        if (compression !== config.compression) out.compression = compression;
        const codec = CODECS[compression];
        const level = wholeNumber(f.level.input.value, codec.min, codec.max);
        if (level.error) fail(f.level, 'Level for ' + compression + ' ' + level.error);
        else if (level.value !== config.compression_level || out.compression) out.compression_level = level.value;
        if (f.encryption && f.encryption.input.value !== config.encryption) out.encryption = f.encryption.input.value;

        const incremental = {};
        const current = config.incremental || {};
        if (f.incremental.input.checked !== Boolean(current.enabled)) incremental.enabled = f.incremental.input.checked;
        const days = wholeNumber(f.fullDays.input.value, 1, 365);
        if (days.error) fail(f.fullDays, 'Days ' + days.error);
        else if (days.value !== current.full_every_days) incremental.full_every_days = days.value;
        const increments = wholeNumber(f.fullIncrements.input.value, 1, 1000);
        if (increments.error) fail(f.fullIncrements, 'Increments ' + increments.error);
        else if (increments.value !== current.full_every_increments) incremental.full_every_increments = increments.value;
        if (Object.keys(incremental).length) out.incremental = incremental;

        const retention = wholeNumber(f.retention.input.value, 1, MAX_RETENTION_DAYS);
        if (retention.error) fail(f.retention, 'Retention ' + retention.error);
        else if (retention.value !== config.retention_days) out.retention_days = retention.value;
        const cloudRetention = wholeNumber(f.cloudRetention.input.value, 0, MAX_RETENTION_DAYS);
        if (cloudRetention.error) fail(f.cloudRetention, 'Cloud retention ' + cloudRetention.error);
        else if (cloudRetention.value !== config.cloud_retention_days) out.cloud_retention_days = cloudRetention.value;
        return ok ? out : null;
    }

    async function submit(event) {
        event.preventDefault();
        if (!admin) return;
        serverError.show(null);
        const body = change();
        if (body === null) {
            serverError.show('Please correct the marked fields.');
            return;
        }
        if (Object.keys(body).length === 0) {
            toast('Nothing changed');
            return;
        }
        save.disabled = true;
        try {
            config = await ctx.api.put('/backups/config', body);
            if (!ctx.current()) return;
            toast('Configuration saved');
            await render(main, ctx);
        } catch (error) {
            if (!ctx.current()) return;
            serverError.show(ctx.ui.errorText(error));
            serverError.node.focus();
        } finally {
            save.disabled = false;
        }
    }
}
