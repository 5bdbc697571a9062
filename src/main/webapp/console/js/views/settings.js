// Placeholder: the console-settings helper replaces this view.
export async function render(main, ctx) {
    const {h, replace, pageHeader} = ctx.ui;
    replace(main, pageHeader('Settings'), h('p', {'data-testid': 'settings-placeholder'}, 'Not available yet.'));
}
