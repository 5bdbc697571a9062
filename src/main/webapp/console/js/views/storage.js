// Storage: disk usage at a glance, health and recommendations, the volumes (sortable), one volume's largest
// files, and (admin) cleanup with a dry-run preview and a confirmation.

const COLUMNS = [
    {key: 'name', label: 'Name', value: v => v.name.toLowerCase()},
    {key: 'size', label: 'Size', value: v => (v.size === null || v.size === undefined ? -1 : v.size), num: true},
    {key: 'type', label: 'Type', value: v => v.type || ''},
    {key: 'health', label: 'Health', value: v => ({error: 0, warning: 1, healthy: 2})[v.health] ?? 3},
    {key: 'last_accessed', label: 'Last access', value: v => v.last_accessed || ''},
];

// The sort survives re-renders of the page within this tab.
let sort = {key: 'name', ascending: true};

export async function render(main, ctx) {
    if (ctx.params.volume) return renderVolume(main, ctx, ctx.params.volume);
    const {h, replace, pageHeader} = ctx.ui;
    const [info, health] = await Promise.all([ctx.api.get('/storage/info'), ctx.api.get('/storage/health')]);
    if (!ctx.current()) return;

    const volumesBox = h('div', {});
    const drawVolumes = () => replace(volumesBox, volumesTable(ctx, info.volumes, drawVolumes));
    drawVolumes();

    replace(main,
        pageHeader('Storage',
            h('button', {type: 'button', 'data-testid': 'storage-refresh', onclick: () => ctx.navigate('storage')}, 'Refresh')),
        usageCards(ctx, info, health),
        healthPanel(ctx, health),
        h('h2', {id: 'volumes-title'}, 'Volumes'),
        volumesBox,
        ctx.auth.isAdmin() ? cleanupPanel(ctx) : null);
}

function usageCards(ctx, info, health) {
    const {h, formatBytes, formatPercent, badge} = ctx.ui;
    const percent = info.total_space > 0 ? (100 * info.used_space) / info.total_space : 0;
    const meter = h('div', {class: 'meter' + (percent >= 90 ? ' bad' : percent >= 80 ? ' warn' : '')},
        h('span', {'data-width': Math.round(percent)}));
    // CSP allows no inline style attribute; the CSSOM may still set the width.
    meter.firstChild.style.width = Math.min(100, percent).toFixed(1) + '%';
    return h('div', {class: 'cards', 'data-testid': 'disk-usage'},
        h('div', {class: 'card'},
            h('div', {class: 'label'}, 'Disk used'),
            h('div', {class: 'value', 'data-testid': 'disk-used-percent'}, formatPercent(percent)),
            meter,
            h('div', {class: 'hint'}, formatBytes(info.used_space) + ' of ' + formatBytes(info.total_space))),
        h('div', {class: 'card'},
            h('div', {class: 'label'}, 'Free'),
            h('div', {class: 'value', 'data-testid': 'disk-free'}, formatBytes(info.free_space))),
        h('div', {class: 'card'},
            h('div', {class: 'label'}, 'Volumes'),
            h('div', {class: 'value'}, String(info.volumes.length))),
        h('div', {class: 'card'},
            h('div', {class: 'label'}, 'Overall health'),
            h('div', {class: 'value', 'data-testid': 'overall-health'}, badge(health.overall_health))));
}

function healthPanel(ctx, health) {
    const {h} = ctx.ui;
    const recommendations = health.recommendations || [];
    return h('section', {class: 'panel', 'data-testid': 'storage-health', 'aria-labelledby': 'health-title'},
        h('h2', {id: 'health-title'}, 'Health'),
        h('p', {},
            health.healthy_volumes + ' healthy, ' + health.warning_volumes + ' with warnings, '
            + health.error_volumes + ' with errors, of ' + health.total_volumes + ' volumes.'),
        recommendations.length
            ? h('ul', {'data-testid': 'recommendations'}, recommendations.map(text => h('li', {}, text)))
            : h('p', {class: 'empty'}, 'No recommendations.'));
}

function volumesTable(ctx, volumes, redraw) {
    const {h, formatBytes, formatTime, badge} = ctx.ui;
    if (!volumes.length) return h('p', {class: 'empty', 'data-testid': 'no-volumes'}, 'No volumes found.');
    const column = COLUMNS.find(c => c.key === sort.key) || COLUMNS[0];
    const sorted = [...volumes].sort((a, b) => {
        const x = column.value(a);
        const y = column.value(b);
        const order = x < y ? -1 : x > y ? 1 : 0;
        return sort.ascending ? order : -order;
    });
    const header = COLUMNS.map(c => {
        const active = c.key === sort.key;
        return h('th', {
            scope: 'col',
            class: c.num ? 'num' : null,
            'aria-sort': active ? (sort.ascending ? 'ascending' : 'descending') : 'none',
        }, h('button', {
            type: 'button',
            class: 'sort',
            'data-testid': 'sort-' + c.key,
            onclick: () => {
                sort = {key: c.key, ascending: active ? !sort.ascending : true};
                redraw();
                document.querySelector("[data-testid='sort-" + c.key + "']")?.focus();
            },
        }, c.label));
    });
    const rows = sorted.map(v => h('tr', {'data-testid': 'volume-row', 'data-volume': v.name},
        h('th', {scope: 'row'},
            h('a', {href: '#/storage/volumes/' + encodeURIComponent(v.name), 'data-testid': 'volume-link'}, v.name)),
        h('td', {class: 'num'}, v.size_state === 'measuring' ? 'measuring…' : formatBytes(v.size)),
        h('td', {}, v.type || '–'),
        h('td', {}, badge(v.health)),
        h('td', {}, formatTime(v.last_accessed))));
    return h('div', {class: 'table-wrap'},
        h('table', {'data-testid': 'volumes-table', 'aria-labelledby': 'volumes-title'},
            h('thead', {}, h('tr', {}, header)),
            h('tbody', {}, rows)));
}

async function renderVolume(main, ctx, name) {
    const {h, replace, pageHeader, formatBytes, formatTime, badge} = ctx.ui;
    const v = await ctx.api.get('/storage/volumes/' + encodeURIComponent(name));
    if (!ctx.current()) return;
    const files = v.largest_files || [];
    replace(main,
        h('p', {}, h('a', {href: '#/storage', 'data-testid': 'back-to-storage'}, '← Storage')),
        pageHeader('Volume ' + v.name),
        h('section', {class: 'panel', 'data-testid': 'volume-details'},
            h('dl', {class: 'details'},
                h('dt', {}, 'Path'), h('dd', {class: 'path'}, v.path),
                h('dt', {}, 'Size'), h('dd', {'data-testid': 'volume-size'},
                    v.size_state === 'measuring' ? 'measuring…' : formatBytes(v.size)),
                h('dt', {}, 'Files'), h('dd', {}, v.total_files === null ? '–' : String(v.total_files)),
                h('dt', {}, 'Type'), h('dd', {}, v.type || '–'),
                h('dt', {}, 'Health'), h('dd', {}, badge(v.health)),
                h('dt', {}, 'Last access'), h('dd', {}, formatTime(v.last_accessed)),
                h('dt', {}, 'Size measured'), h('dd', {}, formatTime(v.size_measured_at) + ' (' + v.size_state + ')'))),
        h('h2', {id: 'largest-title'}, 'Largest files'),
        files.length
            ? h('div', {class: 'table-wrap'},
                h('table', {'data-testid': 'largest-files', 'aria-labelledby': 'largest-title'},
                    h('thead', {}, h('tr', {},
                        h('th', {scope: 'col'}, 'File'),
                        h('th', {scope: 'col', class: 'num'}, 'Size'),
                        h('th', {scope: 'col', class: 'hide-narrow'}, 'Modified'))),
                    h('tbody', {}, files.map(f => h('tr', {'data-testid': 'largest-file'},
                        h('td', {class: 'path'}, f.path || f.name),
                        h('td', {class: 'num'}, formatBytes(f.size)),
                        h('td', {class: 'hide-narrow'}, formatTime(f.modified)))))))
            : h('p', {class: 'empty'}, v.size_state === 'measuring' ? 'The volume is still being measured.' : 'No files.'));
}

function cleanupPanel(ctx) {
    const {h, replace, formatBytes, confirmDialog, toast, errorBox, errorText} = ctx.ui;
    const options = [
        ['cleanup_docker', 'Unused Docker data', true],
        ['cleanup_logs', 'Old logs', true],
        ['cleanup_cache', 'Caches', true],
        ['cleanup_backups', 'Backups past retention', false],
    ];
    const boxes = {};
    const fields = options.map(([key, label, checked]) => {
        boxes[key] = h('input', {type: 'checkbox', id: 'opt-' + key, checked, 'data-testid': 'cleanup-' + key});
        return h('label', {class: 'inline', for: 'opt-' + key}, boxes[key], label);
    });
    const result = h('div', {'aria-live': 'polite'});
    const plan = dryRun => {
        const body = {dry_run: dryRun};
        for (const [key] of options) body[key] = boxes[key].checked;
        return body;
    };
    const show = (answer, dryRun) => replace(result,
        h('div', {class: 'panel', 'data-testid': dryRun ? 'cleanup-preview' : 'cleanup-result'},
            h('h3', {}, dryRun ? 'Preview: what the cleanup would do' : 'Cleanup finished'),
            dryRun ? null : h('p', {}, 'Freed ' + formatBytes(answer.freed_space) + '.'),
            (answer.actions_performed || []).length
                ? h('ul', {}, answer.actions_performed.map(a => h('li', {}, a)))
                : h('p', {class: 'empty'}, 'Nothing to remove.'),
            (answer.errors || []).length
                ? h('div', {class: 'error', role: 'alert'}, h('ul', {}, answer.errors.map(e => h('li', {}, e))))
                : null));

    const previewButton = h('button', {type: 'button', 'data-testid': 'cleanup-preview-button'}, 'Preview (dry run)');
    const runButton = h('button', {type: 'button', class: 'danger', 'data-testid': 'cleanup-run', disabled: true},
        'Run cleanup…');
    // A real run only after a preview of the same choices.
    Object.values(boxes).forEach(box => box.addEventListener('change', () => {
        runButton.disabled = true;
    }));
    previewButton.addEventListener('click', async () => {
        previewButton.disabled = true;
        replace(result, ctx.ui.loading('Computing the preview…'));
        try {
            show(await ctx.api.post('/storage/cleanup', plan(true)), true);
            runButton.disabled = false;
        } catch (error) {
            replace(result, errorBox(error));
        } finally {
            previewButton.disabled = false;
        }
    });
    runButton.addEventListener('click', async () => {
        const ok = await confirmDialog('Run the cleanup now? What the preview listed will be removed for good.',
            {title: 'Run cleanup', confirmLabel: 'Run cleanup', danger: true});
        if (!ok) return;
        runButton.disabled = true;
        previewButton.disabled = true;
        replace(result, ctx.ui.loading('Cleaning up…'));
        try {
            const answer = await ctx.api.post('/storage/cleanup', plan(false));
            show(answer, false);
            toast('Cleanup finished: ' + formatBytes(answer.freed_space) + ' freed.');
        } catch (error) {
            replace(result, errorBox(error));
            toast(errorText(error), 'error');
        } finally {
            previewButton.disabled = false;
        }
    });
    return h('section', {class: 'panel', 'data-testid': 'cleanup', 'aria-labelledby': 'cleanup-title'},
        h('h2', {id: 'cleanup-title'}, 'Cleanup'),
        h('p', {class: 'hint'}, 'Preview first: the dry run lists what would be removed without removing anything.'),
        h('fieldset', {}, h('legend', {}, 'Remove'), fields),
        h('div', {class: 'actions'}, previewButton, runButton),
        result);
}
