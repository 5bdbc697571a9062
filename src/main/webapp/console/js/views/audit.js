// Placeholder: the console-settings helper replaces this view.
export async function render(main, ctx) {
    const {h, replace, pageHeader} = ctx.ui;
    replace(main, pageHeader('Audit'), h('p', {'data-testid': 'audit-placeholder'}, 'Not available yet.'));
}
