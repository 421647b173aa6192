/**
 * Announcements for OPH: the list, one announcement (readable preview, the actions its status allows,
 * the event trail) and its delivery report (delivered / failed / pending / acknowledged, per institution,
 * who has not acknowledged, per target) with the two CSV exports. Sending and retracting ask for a second
 * click instead of window.confirm, which Teams hosts may suppress inside an iframe.
 */
import type { Lang } from '../../../bot/i18n/index.js';
import { announcementText } from '../../../bot/features/announcements/i18n.js';
import { formatHelsinki } from '../../../bot/i18n/dates.js';
import { categoryLabel, reasonLabel, targetKindLabel } from '../../../bot/features/announcements/labels.js';
import type { ApiAnnouncementReport as AnnouncementReport } from '../api.js';
import { announce, append, clear, h } from '../dom.js';
import { downloadFile } from '../download.js';
import { setFlash } from '../flash.js';
import { newRequestId } from '../forms.js';
import { ui } from '../i18n.js';
import { pagesText } from '../i18n-pages.js';
import { cardPreview } from '../card-preview.js';
import type { ViewContext } from '../context.js';
import { errorText } from './feedback-shared.js';
import {
  announcementHref,
  announcementStatusPill,
  outcomeMessage,
  outcomeToastKind,
  type AnnouncementJson,
  type AuditEntry,
  type OutcomeJson,
} from './announcements-shared.js';
import { actionButton, stateBadge, toneOf } from '../controls.js';
import type { Button } from '@fluentui/web-components';

type ListItem = AnnouncementJson & { targets: number; delivered: number; acknowledged: number; retractionFailed?: number };

export async function renderAnnouncements(ctx: ViewContext, main: HTMLElement): Promise<void> {
  const { lang } = ctx;
  const a = announcementText[lang];
  const p = pagesText(lang);
  const data = await ctx.api.get<{ approval: 'single' | 'two-person'; expertChannelMissing?: boolean; items: ListItem[] }>(
    '/announcements',
  );

  const when = (item: ListItem) =>
    item.status === 'scheduled' && item.scheduledAt
      ? a.scheduledFor(formatHelsinki(item.scheduledAt, lang))
      : item.publishedAt
        ? formatHelsinki(item.publishedAt, lang)
        : `${p.edited} ${formatHelsinki(item.updatedAt, lang)}`;

  const heading = h('h1', { tabindex: '-1' }, a.listTitle);
  clear(main);
  append(main, [
    heading,
    h('p', { class: 'note' }, data.approval === 'two-person' ? p.approvalTwoPerson : p.approvalSingle),
    data.expertChannelMissing
      ? h('p', { class: 'note note-attention', role: 'status', 'data-notice': 'expert-channel-missing' }, p.expertChannelMissing)
      : null,
    h(
      'div',
      { class: 'toolbar' },
      h('a', { href: '#/announcements/new', class: 'button-link button-primary', 'data-action': 'new-announcement' }, a.listNew),
    ),
    h(
      'section',
      { class: 'card', 'aria-label': a.listTitle },
      data.items.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'announcements-table stack-table' },
              h('caption', { class: 'sr-only' }, a.listTitle),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ...[p.colTitle, a.fieldCategory, p.colStatus, p.colWhen, a.reportDelivered, a.reportAcknowledged].map((label) =>
                    h('th', { scope: 'col' }, label),
                  ),
                ),
              ),
              h(
                'tbody',
                {},
                ...data.items.map((item) =>
                  h(
                    'tr',
                    { 'data-id': item.id },
                    h(
                      'th',
                      { scope: 'row', 'data-label': p.colTitle },
                      h('a', { href: announcementHref(item.id) }, item.title[lang] || item.title.fi),
                    ),
                    h(
                      'td',
                      { 'data-label': a.fieldCategory },
                      h('span', { class: `cat cat-${item.category}` }, categoryLabel(item.category, lang)),
                    ),
                    h(
                      'td',
                      { 'data-label': p.colStatus },
                      // A refused retraction must not read as "Retracted": the report has the retry.
                      item.retractionFailed
                        ? h(
                            'a',
                            { href: announcementHref(item.id, '/report'), class: 'pill delivery-failed', 'data-retraction': 'failed' },
                            a.statusRetractionIncomplete,
                          )
                        : announcementStatusPill(item.status, lang),
                    ),
                    h('td', { 'data-label': p.colWhen }, when(item)),
                    h('td', { 'data-label': a.reportDelivered, class: 'num' }, item.targets ? `${item.delivered} / ${item.targets}` : '–'),
                    h(
                      'td',
                      { 'data-label': a.reportAcknowledged, class: 'num' },
                      item.status === 'published' || item.status === 'retracted'
                        ? h('a', { href: announcementHref(item.id, '/report') }, String(item.acknowledged))
                        : '–',
                    ),
                  ),
                ),
              ),
            ),
          )
        : h('p', { class: 'empty' }, p.announcementsNone),
    ),
  ]);
  heading.focus({ preventScroll: true });
}

export async function renderAnnouncement(ctx: ViewContext, main: HTMLElement, id: string): Promise<void> {
  const { lang } = ctx;
  const a = announcementText[lang];
  const p = pagesText(lang);
  const data = await ctx.api.get<{ announcement: AnnouncementJson; audit: AuditEntry[]; preview: unknown }>(
    `/announcements/${encodeURIComponent(id)}`,
  );
  const item = data.announcement;
  const list = await ctx.api.get<{ approval: 'single' | 'two-person' }>('/announcements').catch(() => ({ approval: 'single' as const }));

  const actions = h('div', { class: 'toolbar action-bar', role: 'group', 'aria-label': p.actions });
  const path = (verb: string) => `/announcements/${encodeURIComponent(item.id)}/${verb}`;

  async function run(request: () => Promise<OutcomeJson>, after: (outcome: OutcomeJson) => string): Promise<void> {
    for (const button of actions.querySelectorAll('fluent-button')) button.disabled = true;
    try {
      const outcome = await request();
      const message = outcomeMessage(outcome, lang);
      const target = after(outcome);
      if (location.hash === target) {
        // Same page: no hashchange, so render again here and say what happened.
        await renderAnnouncement(ctx, main, outcome.announcement.id);
        announce(message, outcomeToastKind(outcome));
      } else {
        setFlash(message, outcomeToastKind(outcome));
        ctx.navigate(target);
      }
    } catch (error) {
      fillActions();
      announce(errorText(error, lang), 'error');
    }
  }
  const stay = (outcome: OutcomeJson) => announcementHref(outcome.announcement.id);
  const post =
    (verb: string, body: Record<string, unknown> = {}) =>
    () =>
      ctx.api.send<OutcomeJson>('POST', path(verb), { version: item.version, requestId: newRequestId(), ...body });
  const button = (label: string, onclick: () => void, kind = 'button-subtle', name = '') =>
    actionButton(
      kind === 'button-primary' ? 'primary' : kind === 'button-danger' ? 'danger' : 'secondary',
      { class: kind === 'button-subtle danger' ? 'danger' : null, 'data-action': name || null, onclick },
      label,
    );
  /** Two steps: the first click swaps the bar for "confirm / cancel". */
  const confirmed = (label: string, confirmLabel: string, name: string, action: () => void, kind = 'button-subtle') =>
    button(
      label,
      () => {
        clear(actions);
        const yes = button(confirmLabel, action, 'button-danger', `${name}-confirm`);
        actions.append(
          h('span', { class: 'confirm-text' }, p.confirmQuestion(label)),
          yes,
          button(ui(lang).cancel, fillActions, 'button-subtle', 'cancel'),
        );
        yes.focus();
      },
      kind,
      name,
    );

  function fillActions(): void {
    clear(actions);
    const editable = item.status === 'draft' || item.status === 'pending_approval';
    if (editable)
      actions.appendChild(
        h('a', { href: announcementHref(item.id, '/edit'), class: 'button-link button-subtle', 'data-action': 'edit' }, a.buttonEdit),
      );
    if (item.status === 'draft') {
      if (list.approval === 'two-person')
        actions.appendChild(button(a.buttonSubmit, () => void run(post('submit'), stay), 'button-primary', 'submit'));
      else if (item.scheduledAt)
        actions.appendChild(button(a.buttonSchedule, () => void run(post('submit'), stay), 'button-primary', 'submit'));
      else actions.appendChild(confirmed(a.buttonSendNow, p.confirmSend, 'submit', () => void run(post('submit'), stay), 'button-primary'));
    }
    if (item.status === 'pending_approval') {
      if (item.canApprove)
        actions.appendChild(
          confirmed(a.buttonApprove, p.confirmApprove, 'approve', () => void run(post('approve'), stay), 'button-primary'),
        );
      if (ctx.caps.approveAnnouncements)
        actions.appendChild(button(a.buttonReject, () => void run(post('reject'), stay), 'button-subtle', 'reject'));
    }
    if (item.status === 'scheduled')
      actions.appendChild(button(a.buttonUnschedule, () => void run(post('unschedule'), stay), 'button-subtle', 'unschedule'));
    if (item.status === 'published' || item.status === 'retracted') {
      actions.appendChild(
        h('a', { href: announcementHref(item.id, '/report'), class: 'button-link button-subtle', 'data-action': 'report' }, a.buttonReport),
      );
    }
    if (item.status === 'published') {
      actions.appendChild(
        button(
          a.buttonResendFailed,
          () => void run(() => ctx.api.send<OutcomeJson>('POST', path('resend-failed'), { requestId: newRequestId() }), stay),
          'button-subtle',
          'resend',
        ),
      );
      actions.appendChild(
        confirmed(a.buttonRetract, p.confirmRetract, 'retract', () => void run(post('retract'), stay), 'button-subtle danger'),
      );
    }
    actions.appendChild(
      button(
        a.buttonDuplicate,
        () =>
          void run(
            () => ctx.api.send<OutcomeJson>('POST', path('duplicate'), { requestId: newRequestId() }),
            (o) => announcementHref(o.announcement.id, '/edit'),
          ),
        'button-subtle',
        'duplicate',
      ),
    );
    if (editable) {
      actions.appendChild(
        confirmed(
          a.buttonDelete,
          p.confirmDelete,
          'delete',
          () =>
            void run(
              () => ctx.api.send<OutcomeJson>('DELETE', `/announcements/${encodeURIComponent(item.id)}?version=${item.version}`),
              () => '#/announcements',
            ),
          'button-subtle danger',
        ),
      );
    }
  }
  fillActions();

  const audience =
    item.audience.kind === 'all' ? a.audienceAll : item.audience.kind === 'subset' ? a.audienceSubset : a.audienceServiceChannel;
  const heading = h('h1', { tabindex: '-1' }, item.title[lang] || item.title.fi);
  clear(main);
  append(main, [
    h('p', {}, h('a', { href: '#/announcements', class: 'back' }, `← ${a.buttonList}`)),
    heading,
    h(
      'p',
      { class: 'meta item-meta' },
      announcementStatusPill(item.status, lang),
      ` · ${categoryLabel(item.category, lang)} · ${p.version(item.version)} · ${a.fieldAudience}: ${audience}`,
      item.scheduledAt && item.status !== 'published' ? ` · ${a.scheduledFor(formatHelsinki(item.scheduledAt, lang))}` : null,
      item.publishedAt ? ` · ${a.statusPublished} ${formatHelsinki(item.publishedAt, lang)}` : null,
    ),
    item.status === 'pending_approval' && !item.canApprove && list.approval === 'two-person'
      ? h('p', { class: 'note' }, a.needsOtherApprover)
      : null,
    actions,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'an-preview' },
      h('h2', { id: 'an-preview' }, p.previewTitle),
      cardPreview(data.preview, p.previewTitle, p.hiddenLanguage),
    ),
    auditSection(data.audit, lang),
  ]);
  heading.focus({ preventScroll: true });
}

/** A revision's change note from its audit detail, in the reader's language (Finnish as fallback). */
function changeNoteOf(entry: AuditEntry, lang: Lang): string | null {
  const note = (entry.detail as { note?: Partial<Record<Lang, string>> } | null | undefined)?.note;
  if (!note || typeof note !== 'object') return null;
  const chosen = note[lang]?.trim() || note.fi?.trim();
  return typeof chosen === 'string' && chosen ? chosen : null;
}

function auditSection(entries: AuditEntry[], lang: Lang): HTMLElement {
  const a = announcementText[lang];
  const p = pagesText(lang);
  const t = ui(lang);
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'an-audit' },
    h('h2', { id: 'an-audit' }, a.auditTitle),
    entries.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'audit-table stack-table' },
            h(
              'thead',
              {},
              h('tr', {}, ...[t.historyWhen, t.historyWho, p.colEvent, p.colVersion].map((label) => h('th', { scope: 'col' }, label))),
            ),
            h(
              'tbody',
              {},
              ...entries.map((entry) =>
                h(
                  'tr',
                  {},
                  h('td', { 'data-label': t.historyWhen }, formatHelsinki(entry.at, lang)),
                  h('td', { 'data-label': t.historyWho }, entry.actor || '–'),
                  h(
                    'td',
                    { 'data-label': p.colEvent },
                    p.auditAction(entry.action),
                    changeNoteOf(entry, lang)
                      ? h('span', { class: 'muted block', 'data-change-note': '' }, a.changeNote(changeNoteOf(entry, lang)!))
                      : null,
                  ),
                  h('td', { 'data-label': p.colVersion, class: 'num' }, entry.version),
                ),
              ),
            ),
          ),
        )
      : h('p', { class: 'empty' }, t.historyEmpty),
  );
}

export async function renderAnnouncementReport(ctx: ViewContext, main: HTMLElement, id: string): Promise<void> {
  const { lang } = ctx;
  const a = announcementText[lang];
  const p = pagesText(lang);
  const t = ui(lang);
  const report = await ctx.api.get<AnnouncementReport>(`/announcements/${encodeURIComponent(id)}/report`);
  const s = report.summary;
  const names = new Map(
    report.institutions.filter((i) => i.id).map((i) => [i.id as string, i.name ? i.name[lang] || i.name.fi : (i.id as string)]),
  );
  const institutionName = (instId: string | null) => (instId ? (names.get(instId) ?? instId) : a.noInstitution);

  const tile = (label: string, value: number, kind: string) =>
    h(
      'div',
      { class: `stat-tile stat-${kind}`, 'data-stat': kind },
      h('span', { class: 'stat-value' }, value),
      h('span', { class: 'stat-label' }, label),
    );
  const csv = (part: 'targets' | 'people', label: string) =>
    actionButton(
      'secondary',
      {
        type: 'button',
        'data-action': `csv-${part}`,
        onclick: () =>
          void downloadFile(ctx.api, `/announcements/${encodeURIComponent(report.id)}/report/csv?part=${part}`).catch(() =>
            announce(t.errorGeneric, 'error'),
          ),
      },
      label,
    );

  const heading = h('h1', { tabindex: '-1' }, a.reportTitle(report.title));
  const retractionLabel = (state: 'retracted' | 'pending' | 'failed') =>
    state === 'retracted' ? a.reportRetracted : state === 'pending' ? a.reportRetractionPending : a.reportRetractionFailed;
  async function retryRetraction(button: Button): Promise<void> {
    button.disabled = true;
    try {
      const outcome = await ctx.api.send<OutcomeJson>('POST', `/announcements/${encodeURIComponent(report.id)}/resend-failed`, {
        requestId: newRequestId(),
      });
      await renderAnnouncementReport(ctx, main, id);
      announce(outcomeMessage(outcome, lang));
    } catch (error) {
      button.disabled = false;
      announce(errorText(error, lang), 'error');
    }
  }
  clear(main);
  append(main, [
    h('p', {}, h('a', { href: announcementHref(report.id), class: 'back' }, `← ${p.backToAnnouncement}`)),
    heading,
    h(
      'p',
      { class: 'meta' },
      categoryLabel(report.category, lang),
      report.publishedAt ? ` · ${a.statusPublished} ${formatHelsinki(report.publishedAt, lang)}` : null,
    ),
    h(
      'div',
      { class: 'toolbar' },
      // Sending goes on in the background; the report is a snapshot until refreshed.
      actionButton(
        'secondary',
        {
          type: 'button',
          'data-action': 'refresh',
          onclick: () =>
            void renderAnnouncementReport(ctx, main, id).then(
              () => announce(p.reportRefreshed),
              (error: unknown) => announce(errorText(error, lang), 'error'),
            ),
        },
        t.reload,
      ),
      csv('targets', p.csvTargets),
      csv('people', p.csvPeople),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'rep-summary' },
      h('h2', { id: 'rep-summary' }, p.reportSummary),
      h(
        'div',
        { class: 'stat-tiles' },
        tile(a.reportTargets, s.targets, 'targets'),
        tile(a.reportDelivered, s.delivered, 'delivered'),
        tile(a.reportPending, s.pending, 'pending'),
        tile(a.reportFailed, s.failed, 'failed'),
        tile(a.reportAcknowledged, s.acknowledged, 'acknowledged'),
        s.unconfirmed ? tile(a.reportUnconfirmed, s.unconfirmed, 'unconfirmed') : null,
        s.cancelled ? tile(a.reportCancelled, s.cancelled, 'cancelled') : null,
        s.possibleDuplicates ? tile(a.reportPossibleDuplicates, s.possibleDuplicates, 'duplicates') : null,
        // Once retracted, "delivered" alone would read as success: what the deletes did, per state.
        report.status === 'retracted' ? tile(a.reportRetracted, s.retracted, 'retracted') : null,
        report.status === 'retracted' && s.retractionPending
          ? tile(a.reportRetractionPending, s.retractionPending, 'retraction-pending')
          : null,
        report.status === 'retracted' ? tile(a.reportRetractionFailed, s.retractionFailed, 'retraction-failed') : null,
      ),
      report.status === 'retracted' && s.retractionFailed
        ? h(
            'div',
            { class: 'note note-attention', role: 'status' },
            h('p', {}, a.retractionIncomplete(s.retractionFailed)),
            actionButton(
              'secondary',
              {
                type: 'button',
                'data-action': 'retry-retraction',
                onclick: (event: Event) => void retryRetraction(event.currentTarget as Button),
              },
              a.buttonRetryRetraction,
            ),
          )
        : null,
      report.failureReasons.length
        ? h(
            'div',
            {},
            h('h3', {}, a.reportReasons),
            h('ul', { class: 'reasons' }, ...report.failureReasons.map((r) => h('li', {}, `${reasonLabel(r.reason, lang)}: ${r.count}`))),
          )
        : null,
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'rep-institutions' },
      h('h2', { id: 'rep-institutions' }, a.reportByInstitution),
      report.institutions.some((i) => i.users > 0)
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'report-institutions stack-table' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ...[t.colInstitution, p.colUsers, a.reportAcknowledged, p.colShare].map((label) => h('th', { scope: 'col' }, label)),
                ),
              ),
              h(
                'tbody',
                {},
                ...report.institutions
                  .filter((i) => i.users > 0)
                  .map((i) =>
                    h(
                      'tr',
                      {},
                      h('th', { scope: 'row', 'data-label': t.colInstitution }, institutionName(i.id)),
                      h('td', { 'data-label': p.colUsers, class: 'num' }, i.users),
                      h('td', { 'data-label': a.reportAcknowledged, class: 'num' }, i.acknowledged),
                      h('td', { 'data-label': p.colShare, class: 'num' }, `${Math.round((i.acknowledged / i.users) * 100)} %`),
                    ),
                  ),
              ),
            ),
          )
        : h('p', { class: 'empty' }, p.noUsersMapped),
    ),
    h(
      'section',
      {
        class: `card${report.category === 'breaking' && report.notAcknowledged.length ? ' card-attention' : ''}`,
        'aria-labelledby': 'rep-unacked',
      },
      h('h2', { id: 'rep-unacked' }, a.reportNotAcknowledged(report.notAcknowledged.length)),
      report.category === 'breaking' ? h('p', { class: 'note' }, p.breakingChase) : null,
      report.notAcknowledged.length
        ? h(
            'ul',
            { class: 'people' },
            ...report.notAcknowledged.map((person) =>
              h(
                'li',
                {},
                h('strong', {}, person.displayName || '–'),
                h('span', { class: 'muted' }, ` · ${institutionName(person.institutionId)}`),
              ),
            ),
          )
        : h('p', { class: 'empty' }, p.everyoneAcknowledged),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'rep-targets' },
      h('h2', { id: 'rep-targets' }, a.reportTargets),
      report.targets.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'report-targets stack-table' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ...[p.colTarget, p.colStatus, p.colAttempts, a.reportReasons, p.colSentAt].map((label) =>
                    h('th', { scope: 'col' }, label),
                  ),
                ),
              ),
              h(
                'tbody',
                {},
                ...report.targets.map((target) =>
                  h(
                    'tr',
                    { 'data-state': target.state },
                    h(
                      'th',
                      { scope: 'row', 'data-label': p.colTarget },
                      targetKindLabel(target.kind, lang),
                      target.teamName || target.channelName
                        ? h('span', { class: 'muted block' }, [target.teamName, target.channelName].filter(Boolean).join(' › '))
                        : null,
                    ),
                    h(
                      'td',
                      { 'data-label': p.colStatus },
                      stateBadge(
                        toneOf(deliveryGroup(target.state)),
                        { class: `delivery-${deliveryGroup(target.state)}` },
                        p.deliveryState(deliveryGroup(target.state)),
                      ),
                      target.retraction
                        ? stateBadge(
                            target.retraction === 'retracted' ? 'neutral' : toneOf(target.retraction),
                            { class: `retraction-${target.retraction}`, 'data-retraction': target.retraction },
                            retractionLabel(target.retraction),
                          )
                        : null,
                    ),
                    h('td', { 'data-label': p.colAttempts, class: 'num' }, target.attempts),
                    h(
                      'td',
                      { 'data-label': a.reportReasons },
                      target.reason ? reasonLabel(target.reason, lang) : '–',
                      target.possibleDuplicate ? h('span', { class: 'muted block' }, a.reportPossibleDuplicates) : null,
                    ),
                    h('td', { 'data-label': p.colSentAt }, target.sentAt ? formatHelsinki(target.sentAt, lang) : '–'),
                  ),
                ),
              ),
            ),
          )
        : h('p', { class: 'empty' }, p.noTargets),
    ),
  ]);
  heading.focus({ preventScroll: true });
}

/** Outbox states in the report's own words: queued, delivered, failed, uncertain, cancelled. */
function deliveryGroup(state: string): 'pending' | 'delivered' | 'failed' | 'unconfirmed' | 'cancelled' {
  if (state === 'sent') return 'delivered';
  if (state === 'failed' || state === 'dead') return 'failed';
  if (state === 'unconfirmed') return 'unconfirmed';
  if (state === 'cancelled' || state === 'skipped') return 'cancelled';
  return 'pending';
}
