// The next runs of a cron expression as the user types it: asked of the server, which computes them with the
// scheduler's own rules (DST gaps and repeats included), so the page never guesses what a schedule will do.

const WAIT_MS = 300;

/**
 * Returns {node, update(cron, timezone)}: node is a live region listing the next runs in the reader's local time
 * (with the UTC instant as the machine-readable datetime), or the server's reason the expression is refused.
 */
export function cronPreview(ctx, {count = 5, testid = 'next-runs'} = {}) {
    const {h, replace, formatTime, errorText} = ctx.ui;
    const list = h('ol', {class: 'next-runs', 'data-testid': testid + '-list'});
    const problem = h('p', {class: 'field-error', 'data-testid': testid + '-error', hidden: true});
    const node = h('div', {class: 'cron-preview', 'aria-live': 'polite', 'data-testid': testid},
        h('p', {class: 'hint'}, 'Next ' + count + ' runs'), list, problem);
    let timer = null;
    let asked = 0;

    function show(runs, error) {
        replace(list, (runs || []).map(run =>
            h('li', {'data-testid': 'next-run'}, h('time', {datetime: run}, formatTime(run)), ' ',
                h('span', {class: 'hint utc'}, run))));
        problem.textContent = error || '';
        problem.hidden = !error;
    }

    async function ask(cron, timezone, mine) {
        const query = new URLSearchParams({cron, count: String(count)});
        if (timezone) query.set('timezone', timezone);
        try {
            const answer = await ctx.api.get('/backups/schedules/next-runs?' + query);
            if (mine === asked && ctx.current()) show(answer.next_runs, null);
        } catch (error) {
            if (mine === asked && ctx.current()) show([], errorText(error));
        }
    }

    function update(cron, timezone) {
        clearTimeout(timer);
        const mine = ++asked;
        if (!cron || !cron.trim()) {
            show([], null);
            return;
        }
        timer = setTimeout(() => ask(cron.trim(), (timezone || '').trim(), mine), WAIT_MS);
    }

    if (ctx.onLeave) ctx.onLeave(() => clearTimeout(timer));
    return {node, update};
}
