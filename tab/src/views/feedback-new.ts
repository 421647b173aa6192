/**
 * "New feedback": type, topic, title, description, impact and the contact permission. The checks here
 * mirror the server's limits (bot/features/feedback/model.ts LIMITS) so most mistakes are caught before
 * sending; the server stays the authority and its field problems are shown the same way. One form id
 * per opened form makes a double submit return the first item instead of creating two.
 */
import { FEEDBACK_TYPES, LIMITS, TOPICS } from '../../../bot/features/feedback/model.js';
import { feedbackText, topicLabel, typeLabel } from '../../../bot/features/feedback/i18n.js';
import { ApiError, type FieldProblem } from '../api.js';
import { append, clear, h, uid } from '../dom.js';
import { setFlash } from '../flash.js';
import { charCounter, formField, newRequestId, problemSummary, type FormField } from '../forms.js';
import { ui } from '../i18n.js';
import { pagesText } from '../i18n-pages.js';
import type { ViewContext } from '../context.js';
import { feedbackHref, type FeedbackItemJson } from './feedback-shared.js';
import { actionButton, checkbox, dropdown, selectedValue, textArea, textInput } from '../controls.js';

export async function renderFeedbackNew(ctx: ViewContext, main: HTMLElement): Promise<void> {
  const { lang } = ctx;
  const f = feedbackText[lang];
  const p = pagesText(lang);
  const formId = newRequestId();

  const type = dropdown(
    { required: true },
    [{ value: '', label: f.choose }, ...FEEDBACK_TYPES.map((v) => ({ value: v, label: typeLabel(v, lang) }))],
    'proposal',
  );
  const topic = dropdown(
    { required: true },
    [{ value: '', label: f.choose }, ...TOPICS.map((v) => ({ value: v, label: topicLabel(v, lang) }))],
    '',
  );
  const title = textInput({ type: 'text', required: true, maxlength: LIMITS.title, placeholder: f.placeholderTitle, autocomplete: 'off' });
  const description = textArea(6, { required: true, maxlength: LIMITS.description, placeholder: f.placeholderDescription });
  const impact = textArea(3, { maxlength: LIMITS.impact, placeholder: f.placeholderImpact });
  const contactId = uid('fb-contact');
  const contact = checkbox({ id: contactId, name: 'contactOk' });

  const fields = [
    formField('type', f.fieldType, type),
    formField('topic', f.fieldTopic, topic),
    formField('title', f.fieldTitle, title, { after: charCounter(title, LIMITS.title), extraClass: 'field-wide' }),
    formField('description', f.fieldDescription, description, {
      after: charCounter(description, LIMITS.description),
      extraClass: 'field-wide',
    }),
    formField('impact', f.fieldImpact, impact, { after: charCounter(impact, LIMITS.impact), extraClass: 'field-wide' }),
  ];
  const [typeField, topicField, titleField, descriptionField, impactField] = fields as [
    FormField,
    FormField,
    FormField,
    FormField,
    FormField,
  ];
  const summary = problemSummary(f.problemsIntro);
  const submit = actionButton('primary', { type: 'submit' }, f.submit);

  function check(): FieldProblem[] {
    const problems: FieldProblem[] = [];
    if (!selectedValue(type)) problems.push({ field: 'type', message: f.errType });
    if (!selectedValue(topic)) problems.push({ field: 'topic', message: f.errTopic });
    const titleText = title.value.trim();
    if (!titleText || titleText.length > LIMITS.title) problems.push({ field: 'title', message: f.errTitle(LIMITS.title) });
    const descriptionText = description.value.trim();
    if (!descriptionText || descriptionText.length > LIMITS.description)
      problems.push({ field: 'description', message: f.errDescription(LIMITS.description) });
    if (impact.value.trim().length > LIMITS.impact) problems.push({ field: 'impact', message: f.errMaxLength(LIMITS.impact) });
    return problems;
  }

  async function send(): Promise<void> {
    const problems = check();
    if (problems.length) {
      summary.show(problems, fields);
      return;
    }
    summary.hide();
    submit.disabled = true;
    submit.textContent = ui(lang).saving;
    try {
      const result = await ctx.api.send<{ item: FeedbackItemJson; created: boolean; masked: boolean }>('POST', '/feedback', {
        formId,
        type: selectedValue(type),
        topic: selectedValue(topic),
        title: title.value.trim(),
        description: description.value.trim(),
        impact: impact.value.trim(),
        contactOk: contact.checked,
      });
      const parts = [result.created ? f.thanksBody(result.item.ref) : f.alreadyReceived];
      if (result.masked) parts.push(f.maskedNote);
      setFlash(parts.join(' '), 'success');
      ctx.navigate(feedbackHref(result.item.ref));
    } catch (error) {
      submit.disabled = false;
      submit.textContent = f.submit;
      const serverProblems =
        error instanceof ApiError && error.problems.length
          ? error.problems
          : [{ field: '', message: error instanceof ApiError && error.message ? error.message : ui(lang).errorGeneric }];
      summary.show(serverProblems, fields);
    }
  }

  const heading = h('h1', { tabindex: '-1' }, f.newForm);
  clear(main);
  append(main, [
    h('p', {}, h('a', { href: '#/feedback', class: 'back' }, `← ${f.backToList}`)),
    heading,
    h('p', { class: 'note' }, f.formIntro),
    h('p', { class: 'privacy-note' }, f.formPrivacy),
    h(
      'form',
      {
        class: 'card feedback-form',
        novalidate: true,
        'aria-label': f.newForm,
        onsubmit: (e: Event) => {
          e.preventDefault();
          void send();
        },
      },
      summary.element,
      h('div', { class: 'form-grid' }, typeField.wrapper, topicField.wrapper),
      titleField.wrapper,
      descriptionField.wrapper,
      impactField.wrapper,
      h('div', { class: 'field field-check' }, contact, h('label', { for: contactId }, f.fieldContact)),
      h('p', { class: 'muted' }, p.requiredNote),
      h('div', { class: 'save-bar' }, h('a', { href: '#/feedback', class: 'button-link button-subtle' }, ui(lang).cancel), submit),
    ),
  ]);
  heading.focus({ preventScroll: true });
}
