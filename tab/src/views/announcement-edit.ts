/**
 * Writing an announcement: Finnish title and text (Swedish and English optional), category, effective
 * date, affected interfaces, link, recipients and an optional send time in Finnish time. "Preview" asks
 * the server to render the card exactly as readers will get it and shows its text; "Save" stores the
 * draft and opens its page. The checks here mirror validation.ts; the server's problems are shown per field.
 */
import { announcementText } from '../../../bot/features/announcements/i18n.js';
import { helsinkiToUtc, utcToHelsinki } from '../../../bot/i18n/dates.js';
import { categoryLabel, interfaceLabel, targetKindLabel } from '../../../bot/features/announcements/labels.js';
import { CATEGORIES, INTERFACES, LIMITS } from '../../../bot/features/announcements/model.js';
import { ApiError, type FieldProblem } from '../api.js';
import { announce, append, clear, h, uid } from '../dom.js';
import { setFlash } from '../flash.js';
import { charCounter, controlValue, formField, newRequestId, problemSummary, type FormField } from '../forms.js';
import { ui } from '../i18n.js';
import { pagesText } from '../i18n-pages.js';
import { cardPreview } from '../card-preview.js';
import type { ViewContext } from '../context.js';
import { announcementHref, outcomeMessage, outcomeToastKind, type AnnouncementJson, type OutcomeJson } from './announcements-shared.js';
import { actionButton, checkbox, dropdown, textArea, textInput } from '../controls.js';

interface AudienceResponse {
  serviceChannel: { id: string; installed: boolean } | null;
  conversations: Array<{ id: string; kind: string; teamId: string | null; teamName: string | null; channelName: string | null }>;
}

const OTHER_LANGS = ['sv', 'en'] as const;

export async function renderAnnouncementEdit(ctx: ViewContext, main: HTMLElement, id: string | null): Promise<void> {
  const { lang } = ctx;
  const a = announcementText[lang];
  const p = pagesText(lang);
  const t = ui(lang);
  const [existing, audience] = await Promise.all([
    id
      ? ctx.api.get<{ announcement: AnnouncementJson }>(`/announcements/${encodeURIComponent(id)}`).then((r) => r.announcement)
      : Promise.resolve(null),
    ctx.api.get<AudienceResponse>('/announcements/audience'),
  ]);
  const heading = h('h1', { tabindex: '-1' }, existing ? a.formTitleEdit : a.formTitleNew);
  const back = h(
    'p',
    {},
    h(
      'a',
      { href: existing ? announcementHref(existing.id) : '#/announcements', class: 'back' },
      `← ${existing ? p.backToAnnouncement : a.buttonList}`,
    ),
  );
  if (existing && existing.status !== 'draft' && existing.status !== 'pending_approval') {
    clear(main);
    append(main, [back, heading, h('p', { class: 'message' }, a.notEditable)]);
    heading.focus({ preventScroll: true });
    return;
  }

  const fields: FormField[] = [];
  const add = (field: FormField) => (fields.push(field), field);
  const text = (name: string, label: string, max: number, value = '') => {
    const control = textInput({ type: 'text', maxlength: max, autocomplete: 'off' }, value);
    return add(formField(name, label, control, { after: charCounter(control, max), extraClass: 'field-wide' }));
  };
  const area = (name: string, label: string, max: number, value = '', rows: 5 | 8 = 8) => {
    const control = textArea(rows, { maxlength: max }, value);
    return add(formField(name, label, control, { after: charCounter(control, max), extraClass: 'field-wide' }));
  };

  const titleFi = text('title.fi', a.fieldTitleFi, LIMITS.title, existing?.title.fi);
  const bodyFi = area('body.fi', a.fieldBodyFi, LIMITS.body, existing?.body.fi);
  const other = OTHER_LANGS.map((l) => ({
    lang: l,
    title: text(`title.${l}`, l === 'sv' ? a.fieldTitleSv : a.fieldTitleEn, LIMITS.title, existing?.title[l] ?? ''),
    body: area(`body.${l}`, l === 'sv' ? a.fieldBodySv : a.fieldBodyEn, LIMITS.body, existing?.body[l] ?? '', 5),
  }));
  const otherDetails = h(
    'details',
    { class: 'other-langs', open: other.some((o) => o.title.control.value || o.body.control.value) },
    h('summary', {}, p.otherLanguages),
    ...other.flatMap((o) => [o.title.wrapper, o.body.wrapper]),
  );

  // A required choice with no preselected category (issue 15 item 10).
  const category = add(
    formField(
      'category',
      a.fieldCategory,
      dropdown(
        { required: true, placeholder: a.categoryPlaceholder },
        CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c, lang) })),
        existing?.category ?? null,
      ),
    ),
  );
  const effectiveDate = add(
    formField(
      'effectiveDate',
      a.fieldEffectiveDate,
      h('input', { type: 'date', value: existing?.effectiveDate ?? '', min: '2000-01-01', max: '2100-12-31' }),
    ),
  );
  const link = add(
    formField('link', a.fieldLink, textInput({ type: 'url', maxlength: LIMITS.link, placeholder: 'https://' }, existing?.link ?? '')),
  );

  const interfaceBoxes = INTERFACES.map((value) => {
    const boxId = uid('an-if');
    const box = checkbox({ id: boxId, name: 'interfaces', value, checked: existing?.interfaces.includes(value) ?? false });
    return { value, box, element: h('span', { class: 'check' }, box, h('label', { for: boxId }, interfaceLabel(value, lang))) };
  });
  const interfaces = h(
    'fieldset',
    { class: 'field choice-group' },
    h('legend', {}, a.fieldInterfaces),
    h('div', { class: 'checks' }, ...interfaceBoxes.map((i) => i.element)),
  );

  // Recipients
  const currentKind = existing?.audience.kind ?? 'service-channel';
  const chosen = new Set(existing?.audience.kind === 'subset' ? existing.audience.conversationIds : []);
  const radios: HTMLInputElement[] = [];
  const radio = (value: string, label: string, note: string | null) => {
    const radioId = uid('an-aud');
    const input = h('input', {
      id: radioId,
      type: 'radio',
      name: 'audienceKind',
      value,
      checked: currentKind === value,
      onchange: () => syncSubset(),
    });
    radios.push(input);
    return h(
      'span',
      { class: 'check' },
      input,
      h('label', { for: radioId }, label, note ? h('span', { class: 'muted' }, ` – ${note}`) : null),
    );
  };
  const choices = audience.conversations.filter((c) => c.kind === 'channel' || c.kind === 'groupChat');
  const targetBoxes = choices.map((c) => {
    const boxId = uid('an-target');
    const box = checkbox({ id: boxId, name: 'targets', value: c.id, checked: chosen.has(c.id) });
    // A chat id ends in "@thread.v2" for every chat; the part before it tells chats apart.
    const shortId = c.id.replace(/@.*$/, '').slice(-8);
    const label =
      c.kind === 'channel'
        ? `${c.teamName ?? targetKindLabel('channel', lang)} › ${c.channelName ?? shortId}`
        : `${targetKindLabel(c.kind, lang)} ${shortId}`;
    return { box, element: h('span', { class: 'check' }, box, h('label', { for: boxId }, label)) };
  });
  const subsetList = h(
    'div',
    { class: 'checks targets', hidden: currentKind !== 'subset' },
    ...(targetBoxes.length ? targetBoxes.map((b) => b.element) : [h('p', { class: 'muted' }, p.noConversations)]),
  );
  const audienceError = h('p', { class: 'field-error', id: uid('error'), hidden: true });
  // Unknown (null) is not shown as a problem: the server may find the channel itself (local mode: General);
  // if it cannot, sending is refused with its own explanation.
  const serviceNote = audience.serviceChannel && !audience.serviceChannel.installed ? p.serviceChannelNotInstalled : null;
  const audienceSet = h(
    'fieldset',
    { class: 'field choice-group', 'data-field': 'targets' },
    h('legend', {}, a.fieldAudience),
    h(
      'div',
      { class: 'checks' },
      radio('service-channel', a.audienceServiceChannel, serviceNote),
      radio('all', a.audienceAll, null),
      radio('subset', a.audienceSubset, null),
    ),
    subsetList,
    audienceError,
  );
  const audienceField: FormField = {
    name: 'targets',
    control: radios[2]!,
    wrapper: audienceSet,
    setError(message) {
      audienceError.textContent = message ?? '';
      audienceError.hidden = !message;
    },
  };
  fields.push(audienceField);
  function syncSubset(): void {
    subsetList.hidden = kind() !== 'subset';
  }
  const kind = () => radios.find((r) => r.checked)?.value ?? 'service-channel';

  // Schedule (Finnish time)
  const scheduled = existing?.scheduledAt ? utcToHelsinki(existing.scheduledAt) : null;
  const sendDate = add(formField('sendDate', a.fieldSendDate, h('input', { type: 'date', value: scheduled?.date ?? '' })));
  const sendTime = add(formField('sendTime', a.fieldSendTime, h('input', { type: 'time', value: scheduled?.time ?? '09:00', step: 60 })));

  const summary = problemSummary(a.problemsTitle);
  const previewHost = h('div', { class: 'preview-host', 'aria-live': 'polite' }, h('p', { class: 'muted' }, p.previewEmpty));
  const previewButton = actionButton(
    'secondary',
    { type: 'button', 'data-action': 'preview', onclick: () => void preview() },
    p.previewButton,
  );
  const saveButton = actionButton('primary', { type: 'submit', 'data-action': 'save' }, a.buttonSave);
  const requestId = newRequestId();

  function payload(): Record<string, unknown> {
    const value = (f: FormField) => controlValue(f.control).trim();
    const conversationIds = targetBoxes.filter((b) => b.box.checked).map((b) => b.box.value);
    return {
      title: { fi: value(titleFi), sv: value(other[0]!.title), en: value(other[1]!.title) },
      body: { fi: value(bodyFi), sv: value(other[0]!.body), en: value(other[1]!.body) },
      category: controlValue(category.control),
      effectiveDate: value(effectiveDate) || null,
      interfaces: interfaceBoxes.filter((i) => i.box.checked).map((i) => i.value),
      link: value(link) || null,
      audience: kind() === 'subset' ? { kind: 'subset', conversationIds, teamIds: [] } : { kind: kind() },
      sendDate: value(sendDate) || null,
      sendTime: value(sendDate) ? value(sendTime) || '09:00' : null,
    };
  }

  /** The same rules as the server (validation.ts), in the same words. */
  function check(): FieldProblem[] {
    const problems: FieldProblem[] = [];
    const tooLong = (f: FormField, max: number, label: string) => {
      if (controlValue(f.control).trim().length > max) problems.push({ field: f.name, message: a.fieldTooLong(label) });
    };
    if (!controlValue(titleFi.control).trim()) problems.push({ field: 'title.fi', message: a.titleRequired });
    else tooLong(titleFi, LIMITS.title, a.fieldTitleFi);
    if (!controlValue(bodyFi.control).trim()) problems.push({ field: 'body.fi', message: a.bodyRequired });
    else tooLong(bodyFi, LIMITS.body, a.fieldBodyFi);
    for (const o of other) {
      tooLong(o.title, LIMITS.title, o.lang === 'sv' ? a.fieldTitleSv : a.fieldTitleEn);
      tooLong(o.body, LIMITS.body, o.lang === 'sv' ? a.fieldBodySv : a.fieldBodyEn);
    }
    const linkText = controlValue(link.control).trim();
    if (linkText) {
      let ok: boolean;
      try {
        const url = new URL(linkText);
        ok = url.protocol === 'https:' && linkText.length <= LIMITS.link && !url.username && !url.password;
      } catch {
        ok = false;
      }
      if (!ok) problems.push({ field: 'link', message: a.linkInvalid });
    }
    if (kind() === 'subset' && !targetBoxes.some((b) => b.box.checked)) problems.push({ field: 'targets', message: a.subsetEmpty });
    const date = controlValue(sendDate.control).trim();
    if (date) {
      const at = helsinkiToUtc(date, controlValue(sendTime.control).trim() || '09:00');
      if (!at) problems.push({ field: 'sendDate', message: a.scheduleInvalid });
      else if (Date.parse(at) <= Date.now()) problems.push({ field: 'sendDate', message: a.schedulePast });
    }
    return problems;
  }

  function showProblems(problems: FieldProblem[]): void {
    if (problems.some((pr) => /^(title|body)\.(sv|en)$/.test(pr.field))) otherDetails.open = true;
    summary.show(problems, fields);
  }

  function serverProblems(error: unknown): FieldProblem[] {
    if (error instanceof ApiError && error.problems.length) return error.problems;
    return [{ field: '', message: error instanceof ApiError && error.message ? error.message : t.errorGeneric }];
  }

  async function preview(): Promise<void> {
    const problems = check();
    if (problems.length) return showProblems(problems);
    summary.hide();
    previewButton.disabled = true;
    try {
      const result = await ctx.api.send<{ card: unknown; largestBytes: number; masked: boolean }>(
        'POST',
        '/announcements/preview',
        payload(),
      );
      clear(previewHost);
      append(previewHost, [
        cardPreview(result.card, p.previewTitle, p.hiddenLanguage),
        h('p', { class: 'muted' }, p.cardSize((result.largestBytes / 1024).toFixed(1))),
        result.masked ? h('p', { class: 'note' }, a.masked) : null,
      ]);
      announce(p.previewReady);
    } catch (error) {
      showProblems(serverProblems(error));
    } finally {
      previewButton.disabled = false;
    }
  }

  async function save(): Promise<void> {
    const problems = check();
    if (problems.length) return showProblems(problems);
    summary.hide();
    saveButton.disabled = true;
    try {
      const outcome = existing
        ? await ctx.api.send<OutcomeJson>('PUT', `/announcements/${encodeURIComponent(existing.id)}`, {
            ...payload(),
            version: existing.version,
          })
        : await ctx.api.send<OutcomeJson>('POST', '/announcements', { ...payload(), requestId });
      setFlash(outcomeMessage(outcome, lang), outcomeToastKind(outcome));
      ctx.navigate(announcementHref(outcome.announcement.id));
    } catch (error) {
      saveButton.disabled = false;
      showProblems(serverProblems(error));
    }
  }

  clear(main);
  append(main, [
    back,
    heading,
    h('p', { class: 'note' }, a.formIntro),
    h(
      'div',
      { class: 'editor-grid' },
      h(
        'form',
        {
          class: 'card announcement-form',
          novalidate: true,
          'aria-label': existing ? a.formTitleEdit : a.formTitleNew,
          onsubmit: (e: Event) => {
            e.preventDefault();
            void save();
          },
        },
        summary.element,
        titleFi.wrapper,
        bodyFi.wrapper,
        otherDetails,
        h('div', { class: 'form-grid' }, category.wrapper, effectiveDate.wrapper),
        interfaces,
        link.wrapper,
        audienceSet,
        h('div', { class: 'form-grid' }, sendDate.wrapper, sendTime.wrapper),
        h('p', { class: 'muted' }, p.finnishTime),
        h(
          'div',
          { class: 'save-bar' },
          h('a', { href: existing ? announcementHref(existing.id) : '#/announcements', class: 'button-link button-subtle' }, t.cancel),
          previewButton,
          saveButton,
        ),
      ),
      h(
        'section',
        { class: 'card preview-card', 'aria-labelledby': 'an-edit-preview' },
        h('h2', { id: 'an-edit-preview' }, p.previewTitle),
        previewHost,
      ),
    ),
  ]);
  heading.focus({ preventScroll: true });
}
