// Placeholder: the console-settings helper replaces this view.
export async function render(main, ctx) {
    const {h, replace, pageHeader} = ctx.ui;
    replace(main, pageHeader('Schedules'), h('p', {'data-testid': 'schedules-placeholder'}, 'Not available yet.'));
}
