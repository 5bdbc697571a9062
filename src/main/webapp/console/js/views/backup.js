// One backup: #/backups/<id> (details, verify, download, delete), #/backups/<id>/contents (browse the archive's
// tree by folder, search, sizes) and #/backups/<id>/restore (to a folder or one volume in place; with
// ?select=<path>, only that folder or file of the backup, into a folder).

const POLL_MS = 2000;
// The contents endpoint answers in pages; the preview reads them all, this many entries a call.
const CONTENTS_PAGE = 5000;
const SEARCH_SHOWN = 500;

export async function render(main, ctx) {
    const id = ctx.params.id;
    const tab = ctx.params.tab || 'details';
    const {h, replace} = ctx.ui;
    const backup = await ctx.api.get('/backups/' + encodeURIComponent(id));
    if (!ctx.current()) return;

    const body = h('div', {});
    replace(main,
        h('p', {}, h('a', {href: '#/backups', 'data-testid': 'back-to-backups'}, '← Backups')),
        ctx.ui.pageHeader('Backup ' + backup.id),
        tabs(ctx, backup, tab),
        body);
    if (tab === 'contents') await renderContents(body, ctx, backup);
    else if (tab === 'restore') await renderRestore(body, ctx, backup);
    else await renderDetails(body, ctx, backup);
}

function tabs(ctx, backup, open) {
    const {h} = ctx.ui;
    const base = '#/backups/' + encodeURIComponent(backup.id);
    const items = [['details', 'Details', base], ['contents', 'Contents', base + '/contents']];
    if (ctx.auth.isAdmin()) items.push(['restore', 'Restore', base + '/restore']);
    return h('nav', {class: 'tabs', 'aria-label': 'Backup'},
        items.map(([key, label, href]) => h('a', {href, 'data-testid': 'tab-' + key, 'aria-current': key === open ? 'page' : null}, label)));
}

function usable(backup) {
    return backup.status === 'completed' || backup.status === 'completed_with_warnings';
}

// ---- Details ---------------------------------------------------------------------------------------------

async function renderDetails(body, ctx, backup) {
    const {h, replace} = ctx.ui;
    let timer = null;
    ctx.onLeave(() => clearTimeout(timer));
    const info = h('div', {'data-testid': 'backup-details'});
    const actionResult = h('div', {'aria-live': 'polite'});

    const draw = b => {
        replace(info, detailsPanel(ctx, b));
        const uploading = (b.cloud_targets || []).some(t => t.state === 'uploading') || (b.cloud && b.cloud.state === 'uploading');
        if (b.status === 'running' || uploading) {
            timer = setTimeout(async () => {
                try {
                    const next = await ctx.api.get('/backups/' + encodeURIComponent(b.id));
                    if (!ctx.current()) return;
                    const finished = b.status === 'running' && next.status !== 'running';
                    draw(next);
                    if (finished) replace(actions, actionButtons(ctx, next, actionResult));
                } catch (error) {
                    if (ctx.current() && error.status !== 401) replace(actionResult, ctx.ui.errorBox(error));
                }
            }, POLL_MS);
        }
    };
    const actions = h('div', {});
    replace(actions, actionButtons(ctx, backup, actionResult));
    draw(backup);
    replace(body, info, actions, actionResult);
}

function detailsPanel(ctx, b) {
    const {h, formatBytes, formatTime, formatPercent, badge, progressBar} = ctx.ui;
    const row = (label, value, testid) => [h('dt', {}, label), h('dd', {'data-testid': testid || null}, value)];
    const list = items => (items && items.length ? h('ul', {class: 'path'}, items.map(i => h('li', {}, i))) : '–');
    const targets = b.cloud_targets || [];
    return [
        h('section', {class: 'panel'},
            h('dl', {class: 'details'},
                row('Status', badge(b.status.replace(/_/g, ' '), b.status.replace(/_/g, '-')), 'backup-status'),
                b.status === 'running'
                    ? row('Progress', h('span', {},
                        progressBar(b.progress.percent, 'Backup progress'), ' ' + formatPercent(b.progress.percent) + ' — '
                        + b.progress.files_done + ' of ' + b.progress.files_total + ' files, '
                        + formatBytes(b.progress.bytes_done) + ' of ' + formatBytes(b.progress.bytes_total)), 'backup-progress')
                    : null,
                row('Started', formatTime(b.timestamp)),
                row('Finished', formatTime(b.finished_at)),
                row('Duration', b.duration || '–'),
                row('Size', formatBytes(b.size), 'backup-size'),
                row('Files', String(b.files_count), 'backup-files'),
                row('Kind', b.type + ', ' + (b.mode || 'full') + (b.base_id ? ' (on ' + b.base_id + ')' : '')),
                b.schedule ? row('Schedule', b.schedule) : null,
                row('Description', b.description || '–'),
                row('Created by', b.created_by || '–'),
                row('Volumes', list(b.volumes), 'backup-volumes'),
                (b.include_paths || []).length ? row('Paths', list(b.include_paths)) : null,
                row('Archive', b.archive_file ? h('span', {class: 'path'}, b.archive_file + ' (' + b.codec + ')') : '–'),
                row('SHA-256', b.sha256 ? h('span', {class: 'path'}, b.sha256) : '–'),
                (b.depends_on || []).length ? row('Depends on', list(b.depends_on)) : null,
                row('Kept size', formatBytes(b.chain_size_bytes)),
                row('Cloud', targets.length
                    ? h('ul', {}, targets.map(t => h('li', {}, t.target + ': ', cloudState(ctx, t))))
                    : cloudState(ctx, b.cloud), 'backup-cloud'))),
        b.error ? h('p', {class: 'error', role: 'alert'}, b.error) : null,
        (b.warnings || []).length
            ? h('section', {class: 'panel'}, h('h2', {}, 'Warnings'), h('ul', {}, b.warnings.map(w => h('li', {}, w))))
            : null,
        (b.containers || []).length
            ? h('section', {class: 'panel'}, h('h2', {}, 'Containers'),
                h('ul', {}, b.containers.map(c => h('li', {},
                    c.container + ': ' + c.action + ' for ' + c.downtime_ms + ' ms' + (c.problem ? ' — ' + c.problem : '')))))
            : null,
    ];
}

function cloudState(ctx, state) {
    const {h, badge, formatTime} = ctx.ui;
    if (!state) return '–';
    const parts = [badge(state.state.replace(/_/g, ' '), state.state.replace(/_/g, '-'))];
    if (state.state === 'uploading') parts.push(' ' + Math.round(state.percent) + ' %');
    if (state.uploaded_at) parts.push(' ' + formatTime(state.uploaded_at));
    if (state.error) parts.push(h('span', {class: 'hint'}, ' ' + state.error));
    if (state.next_attempt) parts.push(h('span', {class: 'hint'}, ' next try ' + formatTime(state.next_attempt)));
    return h('span', {}, parts);
}

function actionButtons(ctx, backup, result) {
    const {h, replace, errorBox, toast, confirmDialog} = ctx.ui;
    const admin = ctx.auth.isAdmin();
    const ok = usable(backup);
    const verify = h('button', {type: 'button', 'data-testid': 'backup-verify', disabled: !ok}, 'Verify');
    verify.addEventListener('click', async () => {
        verify.disabled = true;
        replace(result, ctx.ui.loading('Verifying the archive…'));
        try {
            replace(result, verifyResult(ctx, await ctx.api.post('/backups/verify/' + encodeURIComponent(backup.id))));
        } catch (error) {
            replace(result, errorBox(error));
        } finally {
            verify.disabled = false;
        }
    });
    const buttons = [verify];
    if (admin) {
        buttons.push(h('a', {
            class: 'button',
            href: '#/backups/' + encodeURIComponent(backup.id) + '/restore',
            'data-testid': 'backup-restore',
            'aria-disabled': ok ? null : 'true',
        }, 'Restore…'));
        const download = h('button', {type: 'button', 'data-testid': 'backup-download', disabled: !ok}, 'Download');
        download.addEventListener('click', async () => {
            download.disabled = true;
            toast('Downloading ' + backup.id + '…');
            try {
                const name = await ctx.api.download('/backups/' + encodeURIComponent(backup.id) + '/download',
                    (backup.archive_file || backup.id).split('/').pop());
                toast('Saved ' + name + '.');
            } catch (error) {
                replace(result, errorBox(error));
            } finally {
                download.disabled = false;
            }
        });
        const remove = h('button', {type: 'button', class: 'danger', 'data-testid': 'backup-delete'}, 'Delete…');
        remove.addEventListener('click', async () => {
            const sure = await confirmDialog('Delete backup ' + backup.id + '? Its archive is removed for good.',
                {title: 'Delete backup', confirmLabel: 'Delete', danger: true});
            if (!sure) return;
            try {
                await ctx.api.del('/backups/' + encodeURIComponent(backup.id));
                toast('Backup ' + backup.id + ' deleted.');
                ctx.navigate('backups');
            } catch (error) {
                replace(result, errorBox(error));
            }
        });
        buttons.push(download, remove);
    }
    return h('div', {class: 'actions', 'data-testid': 'backup-actions'}, buttons);
}

function verifyResult(ctx, v) {
    const {h} = ctx.ui;
    return h('div', {class: v.valid ? 'panel' : 'panel error', 'data-testid': 'verify-result', role: 'status'},
        h('strong', {}, v.valid ? 'The archive is intact.' : 'The archive failed verification.'),
        h('p', {}, 'Checksum ' + (v.checksum_match ? 'matches' : 'does not match') + '; integrity check: '
            + v.integrity_check + (v.entries_checked ? '' : ' (entries not checked)') + '.'),
        v.warning ? h('p', {class: 'hint'}, v.warning) : null,
        (v.errors || []).length ? h('ul', {}, v.errors.map(e => h('li', {}, e))) : null);
}

// ---- Contents --------------------------------------------------------------------------------------------

/** Every entry of the backup, page by page; onProgress(loaded, total) after each page. */
async function loadEntries(ctx, backup, onProgress) {
    const entries = [];
    let path = '/backups/' + encodeURIComponent(backup.id) + '/contents?offset=0&limit=' + CONTENTS_PAGE;
    while (path) {
        const page = await ctx.api.page(path);
        if (!ctx.current()) return null;
        entries.push(...page.body);
        onProgress(entries.length, page.total);
        path = page.next;
    }
    return entries;
}

function clean(path) {
    return path.replace(/^\.?\/+/, '').replace(/\/+$/, '');
}

/** Folders with their children and the sizes of everything beneath them, from the flat list of entries. */
function buildTree(entries) {
    const root = {name: '', path: '', folders: new Map(), files: [], size: 0, count: 0};
    const folder = path => {
        let node = root;
        if (!path) return node;
        let sofar = '';
        for (const part of path.split('/')) {
            sofar = sofar ? sofar + '/' + part : part;
            if (!node.folders.has(part)) {
                node.folders.set(part, {name: part, path: sofar, folders: new Map(), files: [], size: 0, count: 0});
            }
            node = node.folders.get(part);
        }
        return node;
    };
    for (const entry of entries) {
        const path = clean(entry.path);
        if (!path) continue;
        if (entry.type === 'directory') {
            const node = folder(path);
            node.mtime = entry.mtime;
            continue;
        }
        const slash = path.lastIndexOf('/');
        const parent = slash < 0 ? '' : path.slice(0, slash);
        const node = folder(parent);
        node.files.push({...entry, name: path.slice(slash + 1), path});
        // Count into every folder above.
        let walk = root;
        walk.size += entry.size || 0;
        walk.count++;
        if (parent) {
            for (const part of parent.split('/')) {
                walk = walk.folders.get(part);
                walk.size += entry.size || 0;
                walk.count++;
            }
        }
    }
    return root;
}

/** The link that opens the restore flow with one folder or file of the backup chosen (admins only). */
function restoreThis(ctx, backup, path, label) {
    return ctx.ui.h('a', {
        class: 'button small',
        href: '#/backups/' + encodeURIComponent(backup.id) + '/restore?select=' + encodeURIComponent(path),
        'data-testid': 'restore-this',
        'data-path': path,
        'aria-label': 'Restore ' + label + ' only',
    }, 'Restore this…');
}

function findFolder(root, path) {
    let node = root;
    for (const part of (path ? path.split('/') : [])) {
        node = node.folders.get(part);
        if (!node) return null;
    }
    return node;
}

async function renderContents(body, ctx, backup) {
    const {h, replace, formatBytes, formatTime, errorBox} = ctx.ui;
    if (!usable(backup)) {
        replace(body, h('p', {class: 'empty'}, 'This backup has no archive to look into (' + backup.status + ').'));
        return;
    }
    const status = h('p', {class: 'hint', 'aria-live': 'polite', 'data-testid': 'contents-loading'}, 'Reading the archive…');
    replace(body, status);
    let entries;
    try {
        entries = await loadEntries(ctx, backup, (loaded, total) => {
            status.textContent = 'Read ' + loaded + (total !== null ? ' of ' + total : '') + ' entries…';
        });
    } catch (error) {
        if (ctx.current()) replace(body, errorBox(error));
        return;
    }
    if (!entries) return;
    const root = buildTree(entries);
    let current = ctx.params.path ? clean(ctx.params.path) : '';
    if (!findFolder(root, current)) current = '';

    const search = h('input', {type: 'search', id: 'contents-search', 'data-testid': 'contents-search',
        placeholder: 'File or folder name', autocomplete: 'off'});
    const listing = h('div', {});
    const crumbs = h('nav', {class: 'breadcrumbs', 'aria-label': 'Folder', 'data-testid': 'contents-breadcrumbs'});

    const open = path => {
        current = path;
        search.value = '';
        draw();
        listing.querySelector('button, a')?.focus();
    };

    const canRestore = ctx.auth.isAdmin() && usable(backup);
    const actionCell = (path, label) => (canRestore ? h('td', {class: 'row-action'}, restoreThis(ctx, backup, path, label)) : null);

    const nameCell = (label, onOpen, testid, data) => h('th', {scope: 'row', class: 'path'},
        onOpen ? h('button', {type: 'button', class: 'link', 'data-testid': testid, 'data-path': data, onclick: onOpen}, label)
            : h('span', {'data-testid': testid, 'data-path': data}, label));

    const drawFolder = () => {
        const node = findFolder(root, current);
        const parts = current ? current.split('/') : [];
        replace(crumbs,
            h('button', {type: 'button', 'data-testid': 'crumb', 'data-path': '', onclick: () => open('')}, 'All'),
            parts.map((part, i) => ['/', h('button', {
                type: 'button', 'data-testid': 'crumb', 'data-path': parts.slice(0, i + 1).join('/'),
                'aria-current': i === parts.length - 1 ? 'location' : null,
                onclick: () => open(parts.slice(0, i + 1).join('/')),
            }, part)]));
        const folders = [...node.folders.values()].sort((a, b) => a.name.localeCompare(b.name));
        const files = [...node.files].sort((a, b) => a.name.localeCompare(b.name));
        if (!folders.length && !files.length) {
            replace(listing, h('p', {class: 'empty'}, 'This folder is empty.'));
            return;
        }
        replace(listing, h('div', {class: 'table-wrap'}, h('table', {'data-testid': 'contents-table'},
            h('caption', {class: 'hint'}, node.count + ' files, ' + formatBytes(node.size) + ' in this folder and below'),
            h('thead', {}, h('tr', {},
                h('th', {scope: 'col'}, 'Name'),
                h('th', {scope: 'col', class: 'num'}, 'Size'),
                h('th', {scope: 'col', class: 'hide-narrow'}, 'Modified'),
                canRestore ? h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Restore')) : null)),
            h('tbody', {},
                folders.map(f => h('tr', {'data-testid': 'contents-folder', 'data-path': f.path},
                    nameCell(f.name + '/', () => open(f.path), 'open-folder', f.path),
                    h('td', {class: 'num'}, formatBytes(f.size), h('div', {class: 'hint'}, f.count + (f.count === 1 ? ' file' : ' files'))),
                    h('td', {class: 'hide-narrow'}, formatTime(f.mtime)),
                    actionCell(f.path, f.name + '/'))),
                files.map(f => h('tr', {'data-testid': 'contents-file', 'data-path': f.path},
                    nameCell(f.name + (f.type === 'symlink' && f.link_target ? ' → ' + f.link_target : ''), null, 'file-name', f.path),
                    h('td', {class: 'num'}, f.type === 'file' || f.type === 'hardlink' ? formatBytes(f.size) : f.type),
                    h('td', {class: 'hide-narrow'}, formatTime(f.mtime)),
                    actionCell(f.path, f.name)))))));
    };

    const drawSearch = text => {
        const needle = text.toLowerCase();
        const hits = entries.filter(e => clean(e.path).toLowerCase().includes(needle));
        replace(crumbs, h('span', {}, hits.length + ' match' + (hits.length === 1 ? '' : 'es') + ' for “' + text + '”'
            + (hits.length > SEARCH_SHOWN ? ' (first ' + SEARCH_SHOWN + ' shown)' : '')));
        replace(listing, hits.length
            ? h('div', {class: 'table-wrap'}, h('table', {'data-testid': 'search-results'},
                h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Path'), h('th', {scope: 'col', class: 'num'}, 'Size'),
                    canRestore ? h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'}, 'Restore')) : null)),
                h('tbody', {}, hits.slice(0, SEARCH_SHOWN).map(e => {
                    const path = clean(e.path);
                    const folderOf = e.type === 'directory' ? path : path.slice(0, Math.max(0, path.lastIndexOf('/')));
                    return h('tr', {'data-testid': 'search-hit', 'data-path': path},
                        nameCell(path + (e.type === 'directory' ? '/' : ''), () => open(folderOf), 'search-hit-open', path),
                        h('td', {class: 'num'}, e.type === 'directory' ? 'folder' : formatBytes(e.size)),
                        actionCell(path, path + (e.type === 'directory' ? '/' : '')));
                }))))
            : h('p', {class: 'empty', 'data-testid': 'search-empty'}, 'Nothing matches.'));
    };

    const draw = () => (search.value.trim() ? drawSearch(search.value.trim()) : drawFolder());
    search.addEventListener('input', draw);

    replace(body,
        h('p', {class: 'hint', 'data-testid': 'contents-summary'},
            entries.length + ' entries, ' + root.count + ' files, ' + formatBytes(root.size) + ' in all.'),
        h('div', {class: 'actions'},
            h('label', {for: 'contents-search'}, 'Search'), search,
            ctx.auth.isAdmin() && usable(backup)
                ? h('a', {class: 'button', href: '#/backups/' + encodeURIComponent(backup.id) + '/restore', 'data-testid': 'contents-restore'}, 'Restore…')
                : null),
        crumbs,
        listing);
    draw();
}

// ---- Restore ---------------------------------------------------------------------------------------------

async function renderRestore(body, ctx, backup) {
    const {h, replace, formatBytes, errorBox, confirmDialog, toast, errorText} = ctx.ui;
    if (!ctx.auth.isAdmin()) {
        replace(body, h('p', {class: 'empty'}, 'Only an administrator can restore.'));
        return;
    }
    if (!usable(backup)) {
        replace(body, h('p', {class: 'empty'}, 'This backup cannot be restored (' + backup.status + ').'));
        return;
    }
    const volumes = backup.volumes || [];
    // One folder or file of the backup, from "Restore this…" in the contents; null: the whole backup.
    let selected = ctx.params.select ? clean(ctx.params.select) : null;
    const toFolder = h('input', {type: 'radio', name: 'restore-target', id: 'target-folder', value: 'folder', checked: true, 'data-testid': 'restore-to-folder'});
    const inPlace = h('input', {type: 'radio', name: 'restore-target', id: 'target-volume', value: 'volume', disabled: !volumes.length, 'data-testid': 'restore-in-place'});
    const folder = h('input', {id: 'restore-path', 'data-testid': 'restore-path', placeholder: 'restore_' + backup.id, autocomplete: 'off'});
    const volume = h('select', {id: 'restore-volume', 'data-testid': 'restore-volume'}, volumes.map(v => h('option', {value: v}, v)));
    const stop = h('input', {type: 'checkbox', id: 'restore-stop', 'data-testid': 'restore-stop-containers'});
    const verifyFirst = h('input', {type: 'checkbox', id: 'restore-verify', checked: true, 'data-testid': 'restore-verify-first'});
    const plan = h('div', {'data-testid': 'restore-plan', 'aria-live': 'polite'}, ctx.ui.loading('Reading what the backup holds…'));
    const verifyBox = h('div', {'aria-live': 'polite'});
    const outcome = h('div', {'aria-live': 'polite'});
    const verifyButton = h('button', {type: 'button', 'data-testid': 'restore-verify-now'}, 'Verify the archive now');
    const submit = h('button', {type: 'submit', class: 'primary', 'data-testid': 'restore-submit'}, 'Restore');
    const folderFields = h('div', {},
        h('label', {for: 'restore-path'}, 'Folder'),
        folder,
        h('p', {class: 'hint', 'data-testid': 'restore-folder-hint'}));
    const folderHint = folderFields.querySelector('[data-testid="restore-folder-hint"]');
    const selectionBox = h('div', {'data-testid': 'restore-selection-box'});
    const inPlaceLabel = h('label', {class: 'inline', for: 'target-volume'}, inPlace, 'One volume, in place');
    const volumeFields = h('div', {hidden: true},
        h('label', {for: 'restore-volume'}, 'Volume'),
        volume,
        h('label', {class: 'inline', for: 'restore-stop'}, stop, 'Stop the containers that use it during the restore'),
        h('p', {class: 'hint'}, 'The volume\'s current content is replaced by the backup\'s, once the restore is complete.'));

    let entries = null;
    const under = (path, root) => path === root || path.startsWith(root + '/');
    /** The entries the selection takes, and whether it is a folder; null until the listing is read. */
    const selectionOf = () => {
        if (!entries || !selected) return null;
        const taken = entries.filter(e => under(clean(e.path), selected));
        const self = taken.find(e => clean(e.path) === selected);
        const folderish = taken.length > 1 || (self && self.type === 'directory');
        const files = taken.filter(e => e.type !== 'directory');
        return {found: !!self || taken.length > 0, folder: folderish, files: files.length,
            bytes: files.reduce((sum, e) => sum + (e.size || 0), 0)};
    };
    const drawSelection = () => {
        // In place swaps the whole volume: it cannot take a part of the backup.
        inPlace.disabled = !volumes.length || !!selected;
        inPlaceLabel.title = selected ? 'A restore in place replaces a whole volume; clear the selection to use it' : '';
        if (selected && inPlace.checked) {
            toFolder.checked = true;
        }
        replace(folderHint, 'A folder inside the server\'s restore root (a relative name is taken inside it); '
            + 'empty: a new folder restore_' + backup.id + '. '
            + (selected ? 'The selection is written there, under its path in the backup.' : 'The whole backup is written there.'));
        if (!selected) {
            replace(selectionBox, h('p', {class: 'hint', 'data-testid': 'restore-selection'},
                'The whole backup. To restore one folder or file, choose "Restore this…" beside it in the ',
                h('a', {href: '#/backups/' + encodeURIComponent(backup.id) + '/contents'}, 'contents'), '.'));
            return;
        }
        const sel = selectionOf();
        const clear = h('button', {type: 'button', 'data-testid': 'restore-selection-clear'}, 'Restore the whole backup instead');
        clear.addEventListener('click', () => {
            selected = null;
            // The address no longer names the selection, without drawing the page again.
            history.replaceState(null, '', '#/backups/' + encodeURIComponent(backup.id) + '/restore');
            switchTarget();
            toFolder.focus();
        });
        const label = selected + (sel && sel.folder ? '/' : '');
        replace(selectionBox,
            h('p', {'data-testid': 'restore-selection'},
                h('span', {class: 'path', 'data-testid': 'restore-selection-path'}, label),
                sel ? ' — ' + sel.files + (sel.files === 1 ? ' file, ' : ' files, ') + formatBytes(sel.bytes) : ''),
            sel && !sel.found
                ? h('p', {class: 'error', role: 'alert', 'data-testid': 'restore-selection-missing'}, 'This backup holds no ' + selected + '.')
                : null,
            h('div', {class: 'actions'}, clear));
    };

    const describePlan = () => {
        if (!entries) return;
        const target = inPlace.checked ? 'volume' : 'folder';
        const prefix = target === 'volume' ? 'volumes/' + volume.value + '/' : '';
        const chosen = entries.filter(e => e.type !== 'directory' && clean(e.path).startsWith(prefix)
            && (!selected || under(clean(e.path), selected)));
        const bytes = chosen.reduce((sum, e) => sum + (e.size || 0), 0);
        const tops = new Map();
        for (const e of chosen) {
            // The top folders of what is written: below volumes/<name>/ for a volume's files.
            const parts = clean(e.path).slice(prefix.length).split('/');
            const depth = parts[0] === 'volumes' && parts.length > 2 ? 3 : 1;
            const top = parts.slice(0, depth).join('/') + (parts.length > depth ? '/' : '');
            const t = tops.get(top) || {count: 0, size: 0};
            t.count++;
            t.size += e.size || 0;
            tops.set(top, t);
        }
        const where = target === 'volume'
            ? 'into volume ' + volume.value + ', in place'
            : 'into ' + (folder.value.trim() || 'restore_' + backup.id) + ' inside the restore root';
        replace(plan, h('section', {class: 'panel'},
            h('h3', {}, 'What will be written'),
            h('p', {'data-testid': 'restore-plan-summary'},
                chosen.length + ' files, ' + formatBytes(bytes) + ', ' + where + '.'),
            tops.size ? h('ul', {}, [...tops.entries()].slice(0, 20).map(([name, t]) =>
                h('li', {}, h('span', {class: 'path'}, name), ' — ' + t.count + (t.count === 1 ? ' file, ' : ' files, ') + formatBytes(t.size)))) : null,
            tops.size > 20 ? h('p', {class: 'hint'}, 'and ' + (tops.size - 20) + ' more') : null));
    };
    const switchTarget = () => {
        drawSelection();
        folderFields.hidden = inPlace.checked;
        volumeFields.hidden = !inPlace.checked;
        submit.textContent = inPlace.checked ? 'Restore in place…' : 'Restore';
        describePlan();
    };
    [toFolder, inPlace].forEach(r => r.addEventListener('change', switchTarget));
    volume.addEventListener('change', describePlan);
    folder.addEventListener('input', describePlan);

    verifyButton.addEventListener('click', async () => {
        verifyButton.disabled = true;
        replace(verifyBox, ctx.ui.loading('Verifying the archive…'));
        try {
            replace(verifyBox, verifyResult(ctx, await ctx.api.post('/backups/verify/' + encodeURIComponent(backup.id))));
        } catch (error) {
            replace(verifyBox, errorBox(error));
        } finally {
            verifyButton.disabled = false;
        }
    });

    const form = h('form', {class: 'panel', 'data-testid': 'restore-form', 'aria-labelledby': 'restore-title'},
        h('h2', {id: 'restore-title'}, 'Restore this backup'),
        h('fieldset', {},
            h('legend', {}, 'What'),
            selectionBox),
        h('fieldset', {},
            h('legend', {}, 'Where to'),
            h('label', {class: 'inline', for: 'target-folder'}, toFolder, 'Into a folder (nothing existing is touched)'),
            inPlaceLabel,
            folderFields,
            volumeFields),
        h('fieldset', {},
            h('legend', {}, 'Verify first'),
            h('label', {class: 'inline', for: 'restore-verify'}, verifyFirst, 'Check the archive before writing anything (recommended)'),
            h('div', {class: 'actions'}, verifyButton),
            verifyBox),
        plan,
        h('div', {class: 'actions'}, submit));

    form.addEventListener('submit', async event => {
        event.preventDefault();
        const request = {verify_before_restore: verifyFirst.checked};
        if (inPlace.checked) {
            request.volume = volume.value;
            if (stop.checked) request.stop_containers = true;
            const sure = await confirmDialog('Replace the content of volume ' + volume.value + ' with its content from backup '
                + backup.id + '? Files in the volume that the backup does not hold will be gone.',
            {title: 'Restore in place', confirmLabel: 'Replace volume ' + volume.value, danger: true});
            if (!sure) return;
        } else if (folder.value.trim()) {
            request.restore_path = folder.value.trim();
        }
        if (selected && !inPlace.checked) request.paths = [selected];
        submit.disabled = true;
        replace(outcome, h('div', {class: 'panel', 'data-testid': 'restore-progress', role: 'status'},
            h('p', {}, (verifyFirst.checked ? 'Verifying, then restoring' : 'Restoring') + ' backup ' + backup.id + '…'),
            h('progress', {'aria-label': 'Restore in progress'})));
        try {
            const answer = await ctx.api.post('/backups/' + encodeURIComponent(backup.id) + '/restore', request);
            if (!ctx.current()) return;
            const heading = h('h3', {tabindex: '-1'}, answer.message || 'Restored');
            replace(outcome, h('section', {class: 'panel', 'data-testid': 'restore-result', role: 'status'},
                heading,
                h('dl', {class: 'details'},
                    h('dt', {}, 'Written to'), h('dd', {class: 'path', 'data-testid': 'restore-result-path'}, answer.restore_path),
                    (answer.paths || []).length
                        ? [h('dt', {}, 'Only'), h('dd', {class: 'path', 'data-testid': 'restore-result-paths'}, answer.paths.join(', '))]
                        : null,
                    h('dt', {}, 'Files'), h('dd', {'data-testid': 'restore-result-files'}, String(answer.files_restored)),
                    h('dt', {}, 'Size'), h('dd', {}, formatBytes(answer.bytes_restored)),
                    answer.cloud_target ? [h('dt', {}, 'Fetched from'), h('dd', {}, 'cloud target ' + answer.cloud_target)] : null)));
            heading.scrollIntoView({block: 'center'});
            heading.focus();
            toast('Backup ' + backup.id + ' restored.');
        } catch (error) {
            if (!ctx.current()) return;
            // 409 (in use, or a key missing), 429 (the server restores one at a time), 422/507: the detail says why.
            replace(outcome, h('div', {'data-testid': 'restore-error'}, errorBox(error),
                error.status === 429 ? h('p', {class: 'hint'}, 'The server is busy with another restore; try again shortly.') : null));
            outcome.scrollIntoView({block: 'center'});
            toast(errorText(error), 'error');
        } finally {
            submit.disabled = false;
        }
    });

    replace(body, form, outcome);
    switchTarget();
    try {
        entries = await loadEntries(ctx, backup, (loaded, total) => {
            replace(plan, ctx.ui.loading('Reading what the backup holds: ' + loaded + (total !== null ? ' of ' + total : '') + ' entries…'));
        });
        drawSelection();
        describePlan();
    } catch (error) {
        if (ctx.current()) replace(plan, errorBox(error));
    }
}
