/**
 * One institution: milestones, the seven steps (editable as the role allows — the server checks the
 * same rules), links to the guidance article of each step, and the change history.
 */
import type { Lang } from '../../../bot/i18n/index.js';
import type { ApiHistoryEntry as HistoryEntry, ApiInstitutionDetail as InstitutionDetail } from '../api.js';
import {
  historyFieldLabel,
  institutionName,
  routeLabel,
  statusLabel,
  stepName,
  tOnboarding,
  typeLabel,
  vendorLabel,
} from '../../../bot/features/onboarding/i18n.js';
import {
  canEditStatusField,
  canEditStepField,
  COMPLETED_STEP,
  MAX_LENGTHS,
  OFFICIAL_STATUS_FIELDS,
  ROUTES,
  STEP_STATUSES,
  VENDORS,
  type IntegrationRoute,
  type StatusField,
  type StepField,
  type StepStatus,
  type VendorSystem,
} from '../../../bot/features/onboarding/model.js';
import { ApiError } from '../api.js';
import { announce, clear, h, uid } from '../dom.js';
import { formatDate, formatDateTime, ui } from '../i18n.js';
import type { ViewContext } from '../context.js';
import { progressBar } from './overview.js';
import type { Dropdown } from '@fluentui/web-components';
import { actionButton, dropdown, labelDropdown, stateBadge, textArea, textInput, toneOf, type Choice } from '../controls.js';
import { controlValue, isDropdown, isFluentText, labelFluentText, type FluentTextControl } from '../forms.js';

type Control = HTMLInputElement | HTMLTextAreaElement | FluentTextControl | Dropdown;

export async function renderInstitution(ctx: ViewContext, main: HTMLElement, id: string, focusSave = false): Promise<void> {
  const { lang } = ctx;
  const t = ui(lang);
  const o = tOnboarding(lang);
  const [record, history] = await Promise.all([
    ctx.api.get<InstitutionDetail>(`/institutions/${encodeURIComponent(id)}`),
    ctx.api.get<{ items: HistoryEntry[] }>(`/institutions/${encodeURIComponent(id)}/history`),
  ]);
  const scope = record.editScope;
  const statusControls = new Map<StatusField, Control>();
  const stepControls = new Map<string, Control>();

  const field = (label: string, control: Control, official = false) => {
    control.id ||= uid('field');
    const badge = official ? stateBadge('active', { class: 'badge', title: t.officialHint }, t.officialBadge) : null;
    if (isFluentText(control)) {
      labelFluentText(control, label, badge);
      return h('div', { class: 'field' }, control);
    }
    const labelId = isDropdown(control) ? `${control.id}-label` : null;
    if (labelId) labelDropdown(control as Dropdown, { labelledBy: labelId });
    return h('div', { class: 'field' }, h('label', { for: control.id, id: labelId }, label, badge), control);
  };
  const choices = (values: readonly string[], label: (v: string) => string, allowEmpty: boolean): Choice[] => [
    ...(allowEmpty ? [{ value: '', label: '–' }] : []),
    ...values.map((v) => ({ value: v, label: label(v) })),
  ];

  const statusSelect = (name: StatusField, values: readonly string[], label: (v: string) => string) => {
    const control = dropdown({ name, disabled: !canEditStatusField(scope, name) }, choices(values, label, true), record[name] ?? '');
    statusControls.set(name, control);
    return field(o[`field_${name}`], control, OFFICIAL_STATUS_FIELDS.includes(name));
  };
  const statusDate = (name: StatusField) => {
    const control = h('input', {
      type: 'date',
      name,
      value: record[name] ?? '',
      min: '2000-01-01',
      max: '2100-12-31',
      disabled: !canEditStatusField(scope, name),
    });
    statusControls.set(name, control);
    return field(o[`field_${name}`], control, OFFICIAL_STATUS_FIELDS.includes(name));
  };
  const systemName = textInput(
    { type: 'text', name: 'systemName', maxlength: MAX_LENGTHS.systemName, disabled: !canEditStatusField(scope, 'systemName') },
    record.systemName ?? '',
  );
  statusControls.set('systemName', systemName);

  const milestones = h(
    'section',
    { class: 'card', 'aria-labelledby': 'plan-title' },
    h('h2', { id: 'plan-title' }, t.planTitle),
    h(
      'div',
      { class: 'form-grid' },
      statusSelect('route', ROUTES, (v) => routeLabel(lang, v as IntegrationRoute)),
      statusSelect('vendor', VENDORS, (v) => vendorLabel(lang, v as VendorSystem)),
      field(o.field_systemName, systemName),
      statusDate('testAccountRequested'),
      statusDate('testAccountReceived'),
      statusDate('joiningNotificationSubmitted'),
      statusDate('joiningNotificationProcessed'),
      statusDate('goLiveDate'),
    ),
  );

  const stepCards = record.steps.map((step) => {
    const article = record.articles.find((a) => a.step === step.step);
    const control = (name: StepField, element: Control) => {
      element.disabled = !canEditStepField(scope, step.step, name);
      element.setAttribute('name', `step${step.step}.${name}`);
      stepControls.set(`${step.step}.${name}`, element);
      return element;
    };
    const isCurrent = record.currentStep === step.step;
    return h(
      'fieldset',
      { class: `step step-${step.status}${isCurrent ? ' step-current' : ''}`, 'data-step': step.step },
      h(
        'legend',
        {},
        h('span', { class: 'step-number', 'aria-hidden': 'true' }, step.step),
        h('span', { class: 'step-title' }, `${step.step}. ${stepName(lang, step.step)}`),
        stateBadge(toneOf(step.status), { class: `step-status step-status-${step.status}` }, statusLabel(lang, step.status)),
      ),
      article
        ? h(
            'p',
            { class: 'guidance' },
            h(
              'a',
              { href: article.url, target: '_blank', rel: 'noopener noreferrer', 'data-article': article.key },
              t.guidanceLink(article.title),
              h('span', { class: 'sr-only' }, ` ${t.opensNewWindow}`),
              ' ↗',
            ),
          )
        : null,
      h(
        'div',
        { class: 'form-grid' },
        field(
          t.stepStatus,
          control(
            'status',
            dropdown(
              {},
              choices(STEP_STATUSES, (v) => statusLabel(lang, v as StepStatus), false),
              step.status,
            ),
          ),
        ),
        field(t.stepDate, control('date', h('input', { type: 'date', value: step.date ?? '', min: '2000-01-01', max: '2100-12-31' }))),
        field(
          t.stepResponsible,
          control(
            'responsible',
            textInput({ type: 'text', maxlength: MAX_LENGTHS.responsible, autocomplete: 'off' }, step.responsible ?? ''),
          ),
        ),
      ),
      field(t.stepNote, control('note', textArea(2, { maxlength: MAX_LENGTHS.note }, step.note ?? ''))),
    );
  });

  const saveButton = actionButton('primary', { type: 'submit' }, t.save);
  const form = h(
    'form',
    {
      class: 'institution-form',
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        void save();
      },
    },
    milestones,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'steps-title' },
      h('h2', { id: 'steps-title' }, t.stepsTitle),
      h('div', { class: 'steps' }, ...stepCards),
    ),
    scope !== 'none' ? h('div', { class: 'save-bar' }, saveButton) : null,
  );

  const heading = h('h1', { tabindex: '-1' }, institutionName(lang, record.institution));
  clear(main);
  main.append(
    h('p', {}, h('a', { href: '#/', class: 'back' }, t.back)),
    heading,
    h('p', { class: 'meta' }, typeLabel(lang, record.institution.type), ' · OID ', h('code', {}, record.institution.organisationOid)),
    h(
      'div',
      { class: 'current' },
      h(
        'span',
        {},
        `${t.currentStep}: `,
        h(
          'strong',
          {},
          record.currentStep === COMPLETED_STEP ? o.completed : `${record.currentStep}. ${stepName(lang, record.currentStep)}`,
        ),
      ),
      progressBar({ progress: record.progress, stepStatuses: record.steps.map((s) => s.status) }, lang),
    ),
    h('p', { class: 'note' }, scope === 'all' ? t.allScopeNote : scope === 'plan' ? t.planScopeNote : t.readOnlyNote),
    form,
    historySection(history.items, lang),
  );
  if (focusSave && scope !== 'none') saveButton.focus();
  else heading.focus({ preventScroll: true });

  /** Sends only what changed and what this role may change; the server re-checks both. */
  async function save(): Promise<void> {
    const body: Record<string, unknown> = { expectedVersion: record.version };
    let count = 0;
    for (const [name, control] of statusControls) {
      if (control.disabled) continue;
      const value = controlValue(control).trim() || null;
      if (value !== (record[name] ?? null)) {
        body[name] = value;
        count++;
      }
    }
    const steps: Array<Record<string, unknown>> = [];
    for (const step of record.steps) {
      const change: Record<string, unknown> = { step: step.step };
      for (const name of ['status', 'date', 'responsible', 'note'] as const) {
        const control = stepControls.get(`${step.step}.${name}`);
        if (!control || control.disabled) continue;
        const value = controlValue(control).trim() || null;
        if (value !== (step[name] ?? null)) {
          change[name] = value;
          count++;
        }
      }
      if (Object.keys(change).length > 1) steps.push(change);
    }
    if (steps.length) body.steps = steps;
    if (!count) {
      announce(t.noChanges);
      return;
    }
    saveButton.disabled = true;
    saveButton.textContent = t.saving;
    try {
      const result = await ctx.api.send<{ changes: HistoryEntry[]; masked: boolean }>(
        'PATCH',
        `/institutions/${encodeURIComponent(record.institution.id)}`,
        body,
      );
      await renderInstitution(ctx, main, record.institution.id, true);
      announce(`${t.saved(result.changes.length)}${result.masked ? ` ${t.masked}` : ''}`, 'success');
    } catch (error) {
      saveButton.disabled = false;
      saveButton.textContent = t.save;
      announce(error instanceof ApiError && error.message ? error.message : t.errorGeneric, 'error');
    }
  }
}

function historySection(items: HistoryEntry[], lang: Lang): HTMLElement {
  const t = ui(lang);
  const section = h('section', { class: 'card', 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title' }, t.historyTitle));
  if (!items.length) {
    section.appendChild(h('p', { class: 'empty' }, t.historyEmpty));
    return section;
  }
  section.appendChild(
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'history-table' },
        h(
          'thead',
          {},
          h('tr', {}, ...[t.historyWhen, t.historyWho, t.historyField, t.historyChange].map((label) => h('th', { scope: 'col' }, label))),
        ),
        h(
          'tbody',
          {},
          ...items.map((entry) =>
            h(
              'tr',
              {},
              h('td', { 'data-label': t.historyWhen }, formatDateTime(lang, entry.changedAt)),
              h('td', { 'data-label': t.historyWho }, entry.actor.displayName || '–'),
              h('td', { 'data-label': t.historyField }, historyFieldLabel(lang, entry.field)),
              h(
                'td',
                { 'data-label': t.historyChange, class: 'change' },
                h('span', { class: 'old' }, historyValue(lang, entry.field, entry.oldValue)),
                ' → ',
                h('span', { class: 'new' }, historyValue(lang, entry.field, entry.newValue)),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  return section;
}

function historyValue(lang: Lang, field: string, value: string | null): string {
  if (value === null) return '–';
  if (field === 'route' && (ROUTES as readonly string[]).includes(value)) return routeLabel(lang, value as IntegrationRoute);
  if (field === 'vendor' && (VENDORS as readonly string[]).includes(value)) return vendorLabel(lang, value as VendorSystem);
  if (field.endsWith('.status') && (STEP_STATUSES as readonly string[]).includes(value)) return statusLabel(lang, value as StepStatus);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(lang, value);
  return value;
}
