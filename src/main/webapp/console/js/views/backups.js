// Backups: the list with live status, progress and cloud state (polled while anything runs or uploads), and
// (admin) a manual backup of chosen volumes.

const PAGE = 50;
const POLL_MS = 2000;

export async function render(main, ctx) {
    const {h, replace, pageHeader} = ctx.ui;
    const admin = ctx.auth.isAdmin();
    let limit = PAGE;
    let timer = null;
    ctx.onLeave(() => clearTimeout(timer));

    const summary = h('div', {'data-testid': 'backups-summary'});
    const listBox = h('div', {'aria-busy': 'true'});
    const createBox = h('div', {});
    const createButton = admin
        ? h('button', {type: 'button', class: 'primary', 'data-testid': 'backup-create-open', 'aria-expanded': 'false'},
            'Create backup')
        : null;

    async function refresh() {
        clearTimeout(timer);
        const page = await ctx.api.page('/backups?offset=0&limit=' + limit);
        if (!ctx.current()) return;
        const list = page.body;
        // The list carries no progress; running backups' details do.
        const running = list.backups.filter(b => b.status === 'running');
        const progress = {};
        await Promise.all(running.map(async b => {
            try {
                progress[b.id] = (await ctx.api.get('/backups/' + encodeURIComponent(b.id))).progress;
            } catch (e) {
                // gone meanwhile: the next poll shows it
            }
        }));
        if (!ctx.current()) return;
        replace(summary, summaryLine(ctx, list));
        replace(listBox, table(ctx, list.backups, progress),
            page.total !== null && page.total > list.backups.length
                ? h('p', {},
                    h('span', {class: 'hint'}, 'Showing ' + list.backups.length + ' of ' + page.total + '. '),
                    h('button', {type: 'button', 'data-testid': 'backups-more', onclick: () => {
                        limit += PAGE;
                        refresh().catch(showError);
                    }}, 'Show more'))
                : null);
        listBox.setAttribute('aria-busy', 'false');
        const busy = list.backups.some(b => b.status === 'running'
            || (b.cloud_targets || []).some(t => t.state === 'uploading')
            || (b.cloud && b.cloud.state === 'uploading'));
        if (busy) timer = setTimeout(() => refresh().catch(showError), POLL_MS);
    }

    function showError(error) {
        if (!ctx.current() || error.status === 401) return;
        replace(listBox, ctx.ui.errorBox(error));
        // Keep trying: a server that restarts comes back.
        timer = setTimeout(() => refresh().catch(showError), POLL_MS * 3);
    }

    if (createButton) {
        createButton.addEventListener('click', async () => {
            if (createBox.firstChild) {
                replace(createBox);
                createButton.setAttribute('aria-expanded', 'false');
                return;
            }
            createButton.setAttribute('aria-expanded', 'true');
            replace(createBox, ctx.ui.loading());
            try {
                replace(createBox, await createForm(ctx, () => {
                    replace(createBox);
                    createButton.setAttribute('aria-expanded', 'false');
                    createButton.focus();
                    refresh().catch(showError);
                }));
                createBox.querySelector('input, select, button')?.focus();
            } catch (error) {
                replace(createBox, ctx.ui.errorBox(error));
            }
        });
    }

    replace(main,
        pageHeader('Backups',
            h('button', {type: 'button', 'data-testid': 'backups-refresh', onclick: () => refresh().catch(showError)},
                'Refresh'),
            createButton),
        summary,
        createBox,
        listBox);
    await refresh();
}

function summaryLine(ctx, list) {
    const {h, formatTime} = ctx.ui;
    return h('p', {class: 'hint'},
        list.backup_enabled
            ? 'Scheduled backups are on (' + list.schedule + '). Next: ' + formatTime(list.next_backup) + '. '
            : 'Scheduled backups are off. ',
        'Last backup: ' + formatTime(list.last_backup) + '. Kept for ' + list.retention_days + ' days.');
}

function statusCell(ctx, backup, progress) {
    const {h, badge, progressBar, formatPercent} = ctx.ui;
    const cell = [badge(backup.status.replace(/_/g, ' '), backup.status.replace(/_/g, '-'))];
    if (backup.status === 'running' && progress) {
        cell.push(h('div', {'data-testid': 'backup-progress'},
            progressBar(progress.percent, 'Progress of ' + backup.id),
            ' ' + formatPercent(progress.percent)));
    }
    if (backup.error) cell.push(h('div', {class: 'hint'}, backup.error));
    return cell;
}

export function cloudText(backup) {
    const targets = backup.cloud_targets || [];
    if (!targets.length) {
        if (!backup.cloud || backup.cloud.state === 'not_uploaded') return 'not uploaded';
        return describeCloud(backup.cloud);
    }
    return targets.map(t => (targets.length > 1 ? t.target + ': ' : '') + describeCloud(t)).join('; ');
}

function describeCloud(state) {
    const word = state.state.replace(/_/g, ' ');
    if (state.state === 'uploading') return word + ' ' + Math.round(state.percent) + ' %';
    if (state.state === 'failed' && state.error) return word + ' (' + state.error + ')';
    return word;
}

function table(ctx, backups, progress) {
    const {h, formatBytes, formatTime} = ctx.ui;
    if (!backups.length) return h('p', {class: 'empty', 'data-testid': 'no-backups'}, 'No backups yet.');
    return h('div', {class: 'table-wrap'},
        h('table', {'data-testid': 'backups-table'},
            h('caption', {class: 'hint'}, 'Newest first'),
            h('thead', {}, h('tr', {},
                h('th', {scope: 'col'}, 'Backup'),
                h('th', {scope: 'col'}, 'Started'),
                h('th', {scope: 'col'}, 'Status'),
                h('th', {scope: 'col', class: 'num'}, 'Size'),
                h('th', {scope: 'col', class: 'num hide-narrow'}, 'Files'),
                h('th', {scope: 'col', class: 'hide-narrow'}, 'Kind'),
                h('th', {scope: 'col', class: 'hide-narrow'}, 'Cloud'))),
            h('tbody', {}, backups.map(b => h('tr', {'data-testid': 'backup-row', 'data-backup-id': b.id, 'data-status': b.status},
                h('th', {scope: 'row'},
                    h('a', {href: '#/backups/' + encodeURIComponent(b.id), 'data-testid': 'backup-link'}, b.id),
                    b.description ? h('div', {class: 'hint'}, b.description) : null),
                h('td', {}, formatTime(b.timestamp)),
                h('td', {'data-testid': 'backup-status'}, statusCell(ctx, b, progress[b.id])),
                h('td', {class: 'num'}, formatBytes(b.size)),
                h('td', {class: 'num hide-narrow'}, String(b.files_count)),
                h('td', {class: 'hide-narrow'}, (b.type || '') + ', ' + (b.mode || 'full')
                    + (b.schedule ? ' (' + b.schedule + ')' : '')),
                h('td', {class: 'hide-narrow', 'data-testid': 'backup-cloud'}, cloudText(b)))))));
}

async function createForm(ctx, done) {
    const {h, replace, errorBox, toast} = ctx.ui;
    const volumes = await ctx.api.get('/storage/volumes');
    const boxes = volumes.map((v, i) => {
        const id = 'create-volume-' + i;
        const box = h('input', {type: 'checkbox', id, value: v.name, 'data-testid': 'create-volume', 'data-volume': v.name});
        return {box, label: h('label', {class: 'inline', for: id}, box, v.name)};
    });
    const description = h('input', {id: 'create-description', maxlength: '1000', 'data-testid': 'create-description'});
    const mode = h('select', {id: 'create-mode', 'data-testid': 'create-mode'},
        h('option', {value: ''}, 'As configured'),
        h('option', {value: 'full'}, 'Full'),
        h('option', {value: 'incremental'}, 'Incremental'));
    const feedback = h('div', {'aria-live': 'polite'});
    const submit = h('button', {type: 'submit', class: 'primary', 'data-testid': 'create-submit'}, 'Start backup');
    const form = h('form', {class: 'panel', 'data-testid': 'create-form', 'aria-labelledby': 'create-title'},
        h('h2', {id: 'create-title'}, 'Create a backup'),
        h('fieldset', {},
            h('legend', {}, 'Volumes'),
            boxes.length
                ? h('p', {class: 'hint'}, 'Pick the volumes to back up; none picked backs up what the configuration names.')
                : h('p', {class: 'empty'}, 'No volumes found.'),
            boxes.map(b => b.label)),
        h('label', {for: 'create-description'}, 'Description (optional)'),
        description,
        h('label', {for: 'create-mode'}, 'Mode'),
        mode,
        feedback,
        h('div', {class: 'actions'},
            submit,
            h('button', {type: 'button', 'data-testid': 'create-cancel', onclick: () => done()}, 'Cancel')));
    form.addEventListener('submit', async event => {
        event.preventDefault();
        submit.disabled = true;
        const body = {backup_type: 'manual'};
        const picked = boxes.filter(b => b.box.checked).map(b => b.box.value);
        if (picked.length) body.include_volumes = picked;
        if (description.value.trim()) body.description = description.value.trim();
        if (mode.value) body.mode = mode.value;
        try {
            const answer = await ctx.api.post('/backups/create', body);
            toast('Backup ' + answer.backup_id + ' started' + (answer.mode_reason ? ' (' + answer.mode_reason + ')' : '') + '.');
            done(answer.backup_id);
        } catch (error) {
            replace(feedback, errorBox(error));
            submit.disabled = false;
        }
    });
    return form;
}
