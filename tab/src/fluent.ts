/**
 * The Fluent UI web components the tab uses, registered once at start-up (main.ts imports this module).
 * Only the definitions the pages need are imported: the tab's JavaScript has a 350 KB budget, and each
 * component costs 2–20 KB. Colours come from fluent-theme.css (scripts/fluent-theme-css.ts), not from JS.
 *
 * Left native on purpose, styled with the same tokens in app.css: date and time inputs (Fluent web
 * components 3 have no date or time picker); the announcement editor's one radio group (radio-group with
 * its focusgroup polyfill costs ~13 KB, more than the budget has left after the dropdown's ~30 KB); and the
 * tab's own tables, charts, sort headers and segmented step progress bars (layout; Fluent web components
 * have no data grid, and fluent-progress-bar shows one value, not the state of each step).
 */
import '@fluentui/web-components/badge.js';
import '@fluentui/web-components/button.js';
import '@fluentui/web-components/checkbox.js';
import '@fluentui/web-components/dropdown.js';
import '@fluentui/web-components/listbox.js';
import '@fluentui/web-components/message-bar.js';
import '@fluentui/web-components/option.js';
import '@fluentui/web-components/text-input.js';
import '@fluentui/web-components/textarea.js';
