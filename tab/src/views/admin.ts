/**
 * ServiceOwnerAdmin's users page: membership requests waiting for a decision (approve with a role,
 * reject with a reason), and everyone the app knows (team rosters and people who talked to the bot),
 * searchable by name and e-mail. A role is given with two clicks — open the person's role picker,
 * choose — and saved at once; ids are never typed. An unmapped person shows the least powerful role.
 */
import type { Lang } from '../../../bot/i18n/index.js';
import { formatDay } from '../../../bot/i18n/dates.js';
import { institutionName } from '../../../bot/features/onboarding/i18n.js';
import type { TextInput } from '@fluentui/web-components';
import { ApiError } from '../api.js';
import { announce, clear, h, uid } from '../dom.js';
import { roleLabel, ui } from '../i18n.js';
import { membersText, requestedLabel, roleForRequest, ROLES_LEAST_FIRST } from '../i18n-members.js';
import type { ViewContext } from '../context.js';
import { actionButton, dropdown, selectedValue, stateBadge, textArea, textInput } from '../controls.js';
import { labelFluentText } from '../forms.js';

interface Institution {
  id: string;
  nameFi: string;
  nameSv: string;
  nameEn: string;
}
interface Person {
  tenantId: string;
  objectId: string;
  displayName: string;
  email: string | null;
  guest: boolean;
  role: string;
  institutionId: string | null;
  lastActivityAt: string | null;
  pendingRequest: boolean;
  /** True when the person has a role mapping of their own (not the Participant default). */
  mapped: boolean;
}
interface MembershipRequest {
  id: string;
  displayName: string;
  institutionId: string | null;
  vendorName: string | null;
  requestedRole: string;
  createdAt: string;
}

function formatDate(iso: string | null, lang: Lang): string {
  if (!iso) return membersText[lang].never;
  return formatDay(iso, lang);
}

function errorText(error: unknown, lang: Lang): string {
  return error instanceof ApiError && error.message ? error.message : ui(lang).errorGeneric;
}

export async function renderAdmin(ctx: ViewContext, main: HTMLElement, query = ''): Promise<void> {
  const { lang } = ctx;
  const t = ui(lang);
  const m = membersText[lang];
  const [{ people, institutions }, { requests }] = await Promise.all([
    ctx.api.get<{ people: Person[]; institutions: Institution[] }>('/admin/people', { q: query || undefined }),
    ctx.api.get<{ requests: MembershipRequest[] }>('/admin/membership-requests'),
  ]);
  const sorted = [...institutions].sort((a, b) => institutionName(lang, a).localeCompare(institutionName(lang, b), lang));
  const names = new Map(institutions.map((i) => [i.id, institutionName(lang, i)]));
  const reload = () => renderAdmin(ctx, main, query);

  // Rows of a table and queue items: each dropdown carries its own name ("Role for Adele Vance").
  const roleSelect = (id: string, value: string, label: string) =>
    dropdown(
      { id, name: 'role' },
      ROLES_LEAST_FIRST.map((r) => ({ value: r, label: roleLabel(lang, r) })),
      value,
      { label },
    );
  const institutionSelect = (id: string, value: string | null, label: string) =>
    dropdown(
      { id, name: 'institutionId' },
      [{ value: '', label: t.noInstitution }, ...sorted.map((i) => ({ value: i.id, label: institutionName(lang, i) }))],
      value ?? '',
      { label },
    );

  // --- the queue ---
  const queueItems = requests.map((request) => {
    const role = roleSelect(uid('req-role'), roleForRequest(request.requestedRole), m.roleFor(request.displayName));
    const institution = institutionSelect(uid('req-inst'), request.institutionId, m.institutionFor(request.displayName));
    const reason = textArea(2, { id: uid('req-reason'), name: 'reason', maxlength: 500 });
    labelFluentText(reason, m.reason);
    const organisation = request.institutionId
      ? (names.get(request.institutionId) ?? '–')
      : request.vendorName
        ? m.vendor(request.vendorName)
        : '–';
    return h(
      'li',
      { class: 'card request', 'data-request-id': request.id },
      h('h3', {}, request.displayName || '–'),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, m.organisation),
        h('dd', {}, organisation),
        h('dt', {}, m.requested),
        h('dd', {}, requestedLabel(lang, request.requestedRole)),
      ),
      h(
        'div',
        { class: 'request-actions' },
        h('label', {}, m.giveRole, role),
        h('label', {}, t.colInstitution, institution),
        actionButton(
          'primary',
          {
            type: 'button',
            'data-action': 'approve',
            onclick: async () => {
              try {
                await ctx.api.send('POST', `/admin/membership-requests/${encodeURIComponent(request.id)}/approve`, {
                  role: selectedValue(role),
                  institutionId: selectedValue(institution) || null,
                });
                await reload();
                announce(m.approved(request.displayName), 'success');
              } catch (error) {
                announce(errorText(error, lang), 'error');
              }
            },
          },
          m.approve,
        ),
      ),
      h(
        'div',
        { class: 'request-actions' },
        reason,
        actionButton(
          'secondary',
          {
            type: 'button',
            class: 'danger',
            'data-action': 'reject',
            onclick: async () => {
              if (!reason.value.trim()) {
                announce(m.reasonMissing, 'error');
                reason.focus();
                return;
              }
              try {
                await ctx.api.send('POST', `/admin/membership-requests/${encodeURIComponent(request.id)}/reject`, { reason: reason.value });
                await reload();
                announce(m.rejected(request.displayName), 'destructive');
              } catch (error) {
                announce(errorText(error, lang), 'error');
              }
            },
          },
          m.reject,
        ),
      ),
    );
  });

  // --- the people ---
  const search = textInput({ id: uid('people-search'), type: 'search', autocomplete: 'off', maxlength: 200 }, query);
  labelFluentText(search, m.search);
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      void renderAdmin(ctx, main, search.value).then(() => {
        const again = main.querySelector<TextInput>('fluent-text-input[type="search"]');
        again?.focus();
        again?.control?.setSelectionRange(again.value.length, again.value.length);
      });
    }, 250);
  });

  const rows = people.map((person) => {
    const role = roleSelect(uid('person-role'), person.role, m.roleFor(person.displayName));
    const institution = institutionSelect(uid('person-inst'), person.institutionId, m.institutionFor(person.displayName));
    const save = async () => {
      try {
        await ctx.api.send('PUT', `/admin/people/${encodeURIComponent(person.tenantId)}/${encodeURIComponent(person.objectId)}/role`, {
          role: selectedValue(role),
          institutionId: selectedValue(institution) || null,
        });
        announce(m.roleSaved(person.displayName), 'success');
      } catch (error) {
        announce(errorText(error, lang), 'error');
      }
    };
    role.addEventListener('change', () => void save());
    institution.addEventListener('change', () => void save());
    const actions = h('td', { 'data-label': t.colActions, class: 'actions' });
    const showRemove = () => {
      clear(actions);
      actions.append(
        actionButton(
          'secondary',
          {
            type: 'button',
            class: 'danger',
            onclick: () => {
              // Two steps instead of window.confirm, which Teams hosts may suppress inside an iframe.
              clear(actions);
              const confirm = actionButton('danger', { type: 'button', onclick: () => void removeMapping(person) }, t.confirmRemove);
              actions.append(confirm, actionButton('secondary', { type: 'button', onclick: showRemove }, t.cancel));
              confirm.focus();
            },
          },
          t.remove,
        ),
      );
    };
    // Only a person with a mapping has something to remove; everyone else already has the least rights.
    if (person.mapped) showRemove();
    return h(
      'tr',
      { 'data-object-id': person.objectId },
      h(
        'th',
        { scope: 'row', 'data-label': m.colPerson },
        h('span', { class: 'person-name' }, person.displayName || '–'),
        person.guest ? stateBadge('neutral', { class: 'badge' }, m.guest) : null,
        person.pendingRequest ? stateBadge('warning', { class: 'badge badge-attention' }, m.pending) : null,
        person.email ? h('span', { class: 'person-email' }, person.email) : null,
      ),
      h('td', { 'data-label': m.colRole }, role),
      h('td', { 'data-label': m.colInstitution }, institution),
      h('td', { 'data-label': m.colActivity }, formatDate(person.lastActivityAt, lang)),
      actions,
    );
  });

  async function removeMapping(person: Person): Promise<void> {
    try {
      await ctx.api.send('DELETE', `/admin/users/${encodeURIComponent(person.tenantId)}/${encodeURIComponent(person.objectId)}`);
      await renderAdmin(ctx, main, query);
      announce(t.userRemoved);
    } catch (error) {
      announce(errorText(error, lang), 'error');
    }
  }

  const heading = h('h1', { tabindex: '-1' }, t.adminTitle);
  clear(main);
  main.append(
    heading,
    h(
      'section',
      { 'aria-labelledby': 'queue-title', class: 'membership-queue' },
      h('h2', { id: 'queue-title' }, m.queueTitle(requests.length)),
      requests.length ? h('ul', { class: 'request-list' }, ...queueItems) : h('p', { class: 'note' }, m.queueEmpty),
    ),
    h(
      'section',
      { 'aria-labelledby': 'people-title', class: 'card' },
      h('h2', { id: 'people-title' }, m.peopleTitle),
      h('p', { class: 'note' }, m.peopleIntro),
      h('div', { class: 'field' }, search),
      people.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'users-table' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ...[m.colPerson, m.colRole, m.colInstitution, m.colActivity, t.colActions].map((label) =>
                    h('th', { scope: 'col' }, label),
                  ),
                ),
              ),
              h('tbody', {}, ...rows),
            ),
          )
        : h('p', { class: 'note' }, m.nobody),
    ),
  );
  if (!query) heading.focus({ preventScroll: true });
}
