/** ServiceOwnerAdmin: the app's own user → role and institution mapping (most users are guests). */
import type { Lang } from '../../../bot/i18n/index.js';
import { LANGS } from '../../../bot/i18n/index.js';
import type { AppUserRow } from '../../../bot/store/users-repository.js';
import { institutionName } from '../../../bot/features/onboarding/i18n.js';
import { ApiError } from '../api.js';
import { announce, clear, h, uid } from '../dom.js';
import { roleLabel, ui } from '../i18n.js';
import type { ViewContext } from '../context.js';

interface AdminData {
  users: AppUserRow[];
  institutions: Array<{ id: string; nameFi: string; nameSv: string; nameEn: string }>;
  roles: string[];
}

export async function renderAdmin(ctx: ViewContext, main: HTMLElement): Promise<void> {
  const { lang } = ctx;
  const t = ui(lang);
  const data = await ctx.api.get<AdminData>('/admin/users');
  const names = new Map(data.institutions.map((i) => [i.id, institutionName(lang, i)]));
  const sortedInstitutions = [...data.institutions].sort((a, b) => institutionName(lang, a).localeCompare(institutionName(lang, b), lang));

  const input = (name: string, label: string, attrs: Record<string, string | number | boolean> = {}) => {
    const id = uid(`user-${name}`);
    const control = h('input', { id, name, type: 'text', autocomplete: 'off', ...attrs });
    return { control, wrapper: h('div', { class: 'field' }, h('label', { for: id }, label), control) };
  };
  const tenant = input('tenantId', t.fieldTenant, { required: true, maxlength: 100, pattern: '[A-Za-z0-9._:\\-]+' });
  const object = input('objectId', t.fieldObject, { required: true, maxlength: 100, pattern: '[A-Za-z0-9._:\\-]+' });
  const displayName = input('displayName', t.fieldDisplayName, { required: true, maxlength: 200 });
  const roleId = uid('user-role');
  const role = h('select', { id: roleId, name: 'role' }, ...data.roles.map((r) => h('option', { value: r }, roleLabel(lang, r))));
  const institutionId = uid('user-institution');
  const institution = h(
    'select',
    { id: institutionId, name: 'institutionId' },
    h('option', { value: '' }, t.noInstitution),
    ...sortedInstitutions.map((i) => h('option', { value: i.id }, institutionName(lang, i))),
  );
  const localeId = uid('user-locale');
  const locale = h('select', { id: localeId, name: 'locale' }, h('option', { value: '' }, t.localeDefault), ...LANGS.map((l) => h('option', { value: l }, l)));

  const form = h(
    'form',
    { class: 'card user-form', 'aria-labelledby': 'user-form-title', onsubmit: (e: Event) => { e.preventDefault(); void saveUser(); } },
    h('h2', { id: 'user-form-title' }, t.userFormTitle),
    h(
      'div',
      { class: 'form-grid' },
      tenant.wrapper,
      object.wrapper,
      displayName.wrapper,
      h('div', { class: 'field' }, h('label', { for: roleId }, t.colRole), role),
      h('div', { class: 'field' }, h('label', { for: institutionId }, t.colInstitution), institution),
      h('div', { class: 'field' }, h('label', { for: localeId }, t.fieldLocale), locale),
    ),
    h('div', { class: 'save-bar' }, h('button', { type: 'submit', class: 'button-primary' }, t.saveUser)),
  );

  const fill = (user: AppUserRow) => {
    tenant.control.value = user.tenantId;
    object.control.value = user.objectId;
    displayName.control.value = user.displayName;
    role.value = user.role;
    institution.value = user.institutionId ?? '';
    locale.value = user.locale ?? '';
    displayName.control.focus();
  };

  const rows = data.users.map((user) => {
    const actions = h('td', { 'data-label': t.colActions, class: 'actions' });
    const showDefaultActions = () => {
      clear(actions);
      actions.append(
        h('button', { type: 'button', class: 'button-subtle', onclick: () => fill(user) }, t.edit),
        h('button', {
          type: 'button',
          class: 'button-subtle danger',
          onclick: () => {
            // Two steps instead of window.confirm, which Teams hosts may suppress inside an iframe.
            clear(actions);
            const confirm = h('button', { type: 'button', class: 'button-danger', onclick: () => void removeUser(user) }, t.confirmRemove);
            actions.append(confirm, h('button', { type: 'button', class: 'button-subtle', onclick: showDefaultActions }, t.cancel));
            confirm.focus();
          },
        }, t.remove),
      );
    };
    showDefaultActions();
    return h(
      'tr',
      {},
      h('th', { scope: 'row', 'data-label': t.colUser }, user.displayName || '–'),
      h('td', { 'data-label': t.colRole }, roleLabel(lang, user.role)),
      h('td', { 'data-label': t.colInstitution }, user.institutionId ? (names.get(user.institutionId) ?? user.institutionId) : '–'),
      h('td', { 'data-label': t.colIds, class: 'ids' }, h('code', {}, user.tenantId), h('br'), h('code', {}, user.objectId)),
      actions,
    );
  });

  const heading = h('h1', { tabindex: '-1' }, t.adminTitle);
  clear(main);
  main.append(
    heading,
    h('p', { class: 'note' }, t.adminIntro),
    h(
      'section',
      { class: 'card' },
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'users-table' },
          h('thead', {}, h('tr', {}, ...[t.colUser, t.colRole, t.colInstitution, t.colIds, t.colActions].map((label) => h('th', { scope: 'col' }, label)))),
          h('tbody', {}, ...rows),
        ),
      ),
    ),
    form,
  );
  heading.focus({ preventScroll: true });

  async function saveUser(): Promise<void> {
    if (!form.reportValidity()) return;
    try {
      await ctx.api.send('PUT', `/admin/users/${encodeURIComponent(tenant.control.value.trim())}/${encodeURIComponent(object.control.value.trim())}`, {
        displayName: displayName.control.value,
        role: role.value,
        institutionId: institution.value || null,
        locale: locale.value || null,
      });
      await renderAdmin(ctx, main);
      announce(t.userSaved);
    } catch (error) {
      announce(errorText(error, lang), 'error');
    }
  }

  async function removeUser(user: AppUserRow): Promise<void> {
    try {
      await ctx.api.send('DELETE', `/admin/users/${encodeURIComponent(user.tenantId)}/${encodeURIComponent(user.objectId)}`);
      await renderAdmin(ctx, main);
      announce(t.userRemoved);
    } catch (error) {
      announce(errorText(error, lang), 'error');
    }
  }
}

function errorText(error: unknown, lang: Lang): string {
  return error instanceof ApiError && error.message ? error.message : ui(lang).errorGeneric;
}
