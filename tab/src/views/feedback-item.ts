/**
 * One feedback item — the page the bot's confirmation card links to (#/feedback/<ref>): description,
 * status history, comments with a comment form, the vote, and for OPH the status change (a reason is
 * required for a rejection) and the merge into another reference.
 */
import type { Lang } from '../../../bot/i18n/index.js';
import { feedbackText, statusLabel, topicLabel, typeLabel } from '../../../bot/features/feedback/i18n.js';
import { isOpen, LIMITS, REF_PATTERN } from '../../../bot/features/feedback/model.js';
import { ApiError, type FieldProblem } from '../api.js';
import { announce, append, clear, h } from '../dom.js';
import { charCounter, formField, newRequestId, problemSummary } from '../forms.js';
import { formatDate, formatDateTime, ui } from '../i18n.js';
import { pagesText } from '../i18n-pages.js';
import type { ViewContext } from '../context.js';
import {
  feedbackHref,
  statusPill,
  voteControl,
  type FeedbackCommentJson,
  type FeedbackEventJson,
  type FeedbackItemJson,
} from './feedback-shared.js';
import { actionButton, dropdown, selectedValue, textArea, textInput } from '../controls.js';

interface Detail {
  item: FeedbackItemJson;
  comments: FeedbackCommentJson[];
  history: FeedbackEventJson[];
}

export async function renderFeedbackItem(
  ctx: ViewContext,
  main: HTMLElement,
  ref: string,
  focus: 'heading' | 'comment' | 'admin' = 'heading',
): Promise<void> {
  const { lang } = ctx;
  const f = feedbackText[lang];
  const p = pagesText(lang);
  const data = await ctx.api.get<Detail>(`/feedback/${encodeURIComponent(ref)}`);
  const { item } = data;
  const again = (where: 'heading' | 'comment' | 'admin') => renderFeedbackItem(ctx, main, item.ref, where);

  const heading = h('h1', { tabindex: '-1' }, item.title);
  const meta = h(
    'p',
    { class: 'meta item-meta' },
    h('span', { class: 'ref' }, item.ref),
    ' · ',
    typeLabel(item.type, lang),
    ' · ',
    topicLabel(item.topic, lang),
    item.institution?.name ? ` · ${item.institution.name}` : null,
    ` · ${f.labelCreated} ${formatDate(lang, item.createdAt)}`,
    ' ',
    statusPill(item.status, lang),
  );

  const body = h(
    'section',
    { class: 'card', 'aria-labelledby': 'fb-description' },
    h('h2', { id: 'fb-description' }, f.detailDescription),
    h('p', { class: 'prewrap', 'data-part': 'description' }, item.description),
    item.impact ? h('h3', {}, f.detailImpact) : null,
    item.impact ? h('p', { class: 'prewrap', 'data-part': 'impact' }, item.impact) : null,
    item.statusReason ? h('p', { class: 'status-reason' }, h('strong', {}, `${f.labelReason}: `), item.statusReason) : null,
    item.duplicateOf
      ? h('p', {}, h('strong', {}, `${f.labelDuplicateOf}: `), h('a', { href: feedbackHref(item.duplicateOf) }, item.duplicateOf))
      : null,
    item.contactOk !== undefined
      ? h(
          'p',
          { class: 'muted contact' },
          item.contactOk ? p.contactAllowed : p.contactNotAllowed,
          item.contact ? contactLine(item.contact, p.contactUnknown) : null,
        )
      : null,
  );

  clear(main);
  append(main, [
    h('p', {}, h('a', { href: '#/feedback', class: 'back' }, `← ${f.backToList}`)),
    heading,
    meta,
    h(
      'div',
      { class: 'item-vote' },
      voteControl(ctx, item),
      h('span', { class: 'muted' }, isOpen(item.status) ? p.voteHint : f.voteClosed),
    ),
    body,
    historySection(data.history, lang),
    commentsSection(),
    ctx.caps.triageFeedback ? adminSection() : null,
  ]);
  const focusTarget =
    focus === 'comment'
      ? main.querySelector<HTMLElement>('fluent-textarea[name="body"]')
      : focus === 'admin'
        ? main.querySelector<HTMLElement>('#fb-admin')
        : null;
  (focusTarget ?? heading).focus({ preventScroll: focus === 'heading' });

  function commentsSection(): HTMLElement {
    const list = data.comments.length
      ? h(
          'ul',
          { class: 'comments' },
          ...data.comments.map((c) =>
            h(
              'li',
              { class: `comment comment-${c.authorKind}` },
              h(
                'p',
                { class: 'comment-head' },
                h('strong', {}, c.author),
                ' · ',
                h('span', { class: 'muted' }, formatDateTime(lang, c.createdAt)),
              ),
              h('p', { class: 'prewrap' }, c.body),
            ),
          ),
        )
      : h('p', { class: 'empty' }, f.noComments);
    const area = textArea(3, { maxlength: LIMITS.comment, placeholder: f.commentPlaceholder });
    const field = formField('body', p.commentLabel, area, { after: charCounter(area, LIMITS.comment) });
    const summary = problemSummary(f.problemsIntro);
    let requestId = newRequestId();
    const button = actionButton('primary', { type: 'submit' }, f.commentSend);
    const form = h(
      'form',
      {
        class: 'comment-form',
        novalidate: true,
        onsubmit: async (e: Event) => {
          e.preventDefault();
          const text = area.value.trim();
          if (!text || text.length > LIMITS.comment) {
            summary.show([{ field: 'body', message: f.errComment(LIMITS.comment) }], [field]);
            return;
          }
          button.disabled = true;
          try {
            const result = await ctx.api.send<{ masked: boolean }>('POST', `/feedback/${encodeURIComponent(item.ref)}/comments`, {
              body: text,
              requestId,
            });
            requestId = newRequestId();
            await again('comment');
            announce(result.masked ? `${f.commentAdded} ${f.maskedNote}` : f.commentAdded, 'success');
          } catch (error) {
            button.disabled = false;
            summary.show(problemsFrom(error, 'body', lang), [field]);
          }
        },
      },
      summary.element,
      field.wrapper,
      h('div', { class: 'form-actions' }, button),
    );
    return h(
      'section',
      { class: 'card', 'aria-labelledby': 'fb-comments' },
      h('h2', { id: 'fb-comments' }, `${f.detailComments} (${data.comments.length})`),
      list,
      ctx.caps.vote || ctx.caps.giveFeedback ? form : null,
    );
  }

  function adminSection(): HTMLElement {
    const section = h(
      'section',
      { class: 'card admin-card', id: 'fb-admin', tabindex: '-1', 'aria-labelledby': 'fb-admin-title' },
      h('h2', { id: 'fb-admin-title' }, f.adminTitle),
    );
    const transitions = item.allowedTransitions ?? [];
    if (!transitions.length) {
      section.appendChild(h('p', { class: 'muted' }, f.adminFinal));
      return section;
    }
    // Status change
    const statusSelect = dropdown({}, [
      { value: '', label: f.choose },
      ...transitions.map((s) => ({ value: s, label: statusLabel(s, lang) })),
    ]);
    const reason = textArea(2, { maxlength: LIMITS.reason });
    const statusField = formField('status', f.adminNewStatus, statusSelect);
    const reasonField = formField('reason', f.adminReason, reason, { after: charCounter(reason, LIMITS.reason) });
    const statusSummary = problemSummary(f.problemsIntro);
    const statusButton = actionButton('primary', { type: 'submit' }, f.adminChangeStatus);
    let statusRequestId = newRequestId();
    const statusForm = h(
      'form',
      {
        class: 'admin-form',
        'data-form': 'status',
        novalidate: true,
        onsubmit: async (e: Event) => {
          e.preventDefault();
          const problems: FieldProblem[] = [];
          if (!selectedValue(statusSelect)) problems.push({ field: 'status', message: f.errStatus });
          if (selectedValue(statusSelect) === 'rejected' && !reason.value.trim())
            problems.push({ field: 'reason', message: f.reasonMissing });
          if (reason.value.trim().length > LIMITS.reason) problems.push({ field: 'reason', message: f.errMaxLength(LIMITS.reason) });
          if (problems.length) {
            statusSummary.show(problems, [statusField, reasonField]);
            return;
          }
          statusButton.disabled = true;
          try {
            const to = selectedValue(statusSelect);
            await ctx.api.send('POST', `/feedback/${encodeURIComponent(item.ref)}/status`, {
              status: to,
              reason: reason.value.trim(),
              requestId: statusRequestId,
            });
            statusRequestId = newRequestId();
            await again('admin');
            announce(p.statusChanged(statusLabel(to, lang)), 'success');
          } catch (error) {
            statusButton.disabled = false;
            statusSummary.show(problemsFrom(error, 'status', lang), [statusField, reasonField]);
          }
        },
      },
      statusSummary.element,
      h('div', { class: 'form-grid' }, statusField.wrapper),
      reasonField.wrapper,
      h('div', { class: 'form-actions' }, statusButton),
    );
    section.appendChild(statusForm);

    // Merge into another item (only while this one is open)
    if (isOpen(item.status)) {
      const target = textInput({ type: 'text', autocomplete: 'off', spellcheck: 'false', maxlength: 20, placeholder: 'KE-2026-0001' });
      const targetField = formField('targetRef', f.adminMergeTarget, target);
      const mergeSummary = problemSummary(f.problemsIntro);
      const mergeButton = actionButton('secondary', { type: 'submit' }, f.adminMerge);
      let mergeRequestId = newRequestId();
      section.appendChild(
        h(
          'form',
          {
            class: 'admin-form merge-form',
            'data-form': 'merge',
            novalidate: true,
            onsubmit: async (e: Event) => {
              e.preventDefault();
              const targetRef = target.value.trim().toUpperCase();
              if (!REF_PATTERN.test(targetRef)) {
                mergeSummary.show([{ field: 'targetRef', message: f.errMergeTarget }], [targetField]);
                return;
              }
              if (targetRef === item.ref) {
                mergeSummary.show([{ field: 'targetRef', message: f.mergeSelf }], [targetField]);
                return;
              }
              mergeButton.disabled = true;
              try {
                await ctx.api.send('POST', `/feedback/${encodeURIComponent(item.ref)}/merge`, { targetRef, requestId: mergeRequestId });
                mergeRequestId = newRequestId();
                await again('admin');
                announce(p.merged(targetRef), 'success');
              } catch (error) {
                mergeButton.disabled = false;
                mergeSummary.show(problemsFrom(error, 'targetRef', lang), [targetField]);
              }
            },
          },
          h('h3', {}, f.adminMerge),
          mergeSummary.element,
          targetField.wrapper,
          h('div', { class: 'form-actions' }, mergeButton),
        ),
      );
    }
    return section;
  }
}

/** The server's field problems, or its one explained refusal pinned to the form's main field. */
function problemsFrom(error: unknown, field: string, lang: Lang): FieldProblem[] {
  if (error instanceof ApiError && error.problems.length) return error.problems;
  return [{ field, message: error instanceof ApiError && error.message ? error.message : ui(lang).errorGeneric }];
}

function historySection(events: FeedbackEventJson[], lang: Lang): HTMLElement {
  const f = feedbackText[lang];
  const p = pagesText(lang);
  const describe = (event: FeedbackEventJson): Array<Node | string> => {
    switch (event.kind) {
      case 'created':
        return [`${f.historyCreated} · `, statusPill(event.to, lang)];
      case 'merged':
        return [
          event.from ? `${statusLabel(event.from, lang)} → ` : '',
          statusPill(event.to, lang),
          ' · ',
          event.related ? h('a', { href: feedbackHref(event.related) }, f.historyMergedInto(event.related)) : '',
        ];
      case 'merged_in':
        return [event.related ? h('a', { href: feedbackHref(event.related) }, f.historyMergedIn(event.related)) : ''];
      default:
        return [event.from ? `${statusLabel(event.from, lang)} → ` : '', statusPill(event.to, lang)];
    }
  };
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'fb-history' },
    h('h2', { id: 'fb-history' }, f.detailHistory),
    events.length
      ? h(
          'ol',
          { class: 'timeline' },
          ...events.map((event) =>
            h(
              'li',
              { class: `timeline-entry timeline-${event.kind}`, 'data-kind': event.kind },
              h('span', { class: 'timeline-when muted' }, formatDateTime(lang, event.createdAt)),
              h('span', { class: 'timeline-what' }, ...describe(event)),
              event.reason ? h('span', { class: 'timeline-reason' }, `${f.labelReason}: ${event.reason}`) : null,
              event.notified === true || event.notified === false
                ? h('span', { class: 'timeline-note muted' }, event.notified ? p.notified : p.notNotified)
                : null,
            ),
          ),
        )
      : h('p', { class: 'empty' }, ui(lang).historyEmpty),
  );
}

/** Who to contact: the name and a mailto link from their Teams profile; the bare id only when the bot never saw them. */
function contactLine(contact: NonNullable<FeedbackItemJson['contact']>, unknown: string): HTMLElement {
  if (!contact.name && !contact.email)
    return h('span', { 'data-part': 'contact' }, ' ', unknown, ' ', h('code', {}, `${contact.tenantId}/${contact.objectId}`));
  return h(
    'span',
    { 'data-part': 'contact' },
    ' ',
    h('strong', {}, contact.name ?? ''),
    contact.email ? h('span', {}, ' ', h('a', { href: `mailto:${contact.email}` }, contact.email)) : null,
  );
}
