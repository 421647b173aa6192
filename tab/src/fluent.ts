/**
 * The Fluent UI web components the tab uses, registered once at start-up (main.ts imports this module).
 * Only the definitions the pages need are imported: the tab's JavaScript has a 350 KB budget, and each
 * component costs 2–20 KB. Colours come from fluent-theme.css (scripts/fluent-theme-css.ts), not from JS.
 *
 * Left native on purpose, styled with the same tokens in app.css: date and time inputs (Fluent web
 * components 3 have no date or time picker), and the tab's own tables, charts and sort headers (layout;
 * Fluent web components have no data grid).
 */
import '@fluentui/web-components/badge.js';
import '@fluentui/web-components/button.js';
import '@fluentui/web-components/checkbox.js';
import '@fluentui/web-components/dropdown.js';
import '@fluentui/web-components/listbox.js';
import '@fluentui/web-components/option.js';
import '@fluentui/web-components/text-input.js';
import '@fluentui/web-components/textarea.js';
