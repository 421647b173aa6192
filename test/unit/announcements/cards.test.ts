import assert from 'node:assert/strict';
import { MAX_CARD_BYTES, cardByteSize } from '../../../bot/cards/card.js';
import { adminCard, announcementCard, formCard, largestCardBytes, revisionNoticeCard } from '../../../bot/features/announcements/cards.js';
import { VERBS, type Announcement } from '../../../bot/features/announcements/model.js';
import { draft } from '../../integration/announcements/helpers.js';

const content = draft().content;
const state = { id: '11111111-2222-3333-4444-555555555555', revision: 0, revisionKind: null, revisedAt: null };
const json = (value: unknown) => JSON.stringify(value);

function announcement(overrides: Partial<Announcement> = {}): Announcement {
  return {
    ...content,
    id: state.id,
    status: 'published',
    version: 3,
    revision: 0,
    audience: { kind: 'all' },
    scheduledAt: null,
    revisionKind: null,
    revisionNote: null,
    revisions: [],
    createdBy: 't/a',
    createdByName: 'A',
    lastEditedBy: 't/a',
    submittedBy: 't/a',
    approvedBy: 't/a',
    duplicatedFrom: null,
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:00:00.000Z',
    publishedAt: '2026-11-26T10:00:00.000Z',
    revisedAt: null,
    retractedAt: null,
    ...overrides,
  };
}

describe('announcements cards', function () {
  it('a channel card shows Finnish first and the other languages behind toggles', function () {
    const card = announcementCard(content, state, { mode: 'multi' });
    const text = json(card);
    assert.equal(card.version, '1.5');
    assert.match(text, /Rajapintamuutos/);
    assert.match(text, /Action.ToggleVisibility/);
    assert.match(text, /På svenska/);
    assert.doesNotMatch(text, /In English/, 'no English version was written');
    assert.match(text, /Kuittaa luetuksi \/ Kvittera som läst/);
  });

  it('a personal-chat card is in the reader’s language, falling back to Finnish', function () {
    const sv = json(announcementCard(content, state, { mode: 'single', lang: 'sv' }));
    assert.match(sv, /Felkoderna för allmän identifierare ändras/);
    assert.match(sv, /Gränssnittsändring/);
    const en = json(announcementCard(content, state, { mode: 'single', lang: 'en' }));
    assert.match(en, /Yleistunnisteen virhekoodit muuttuvat/, 'no English text: Finnish');
    assert.match(en, /Mark as read/);
  });

  it('the acknowledge button is Action.Execute with an Action.Submit fallback carrying the same verb', function () {
    const card = announcementCard(content, state, { mode: 'multi' });
    const ack = card.actions!.find((a) => a.verb === VERBS.ack)!;
    assert.equal(ack.type, 'Action.Execute');
    assert.deepEqual((ack.fallback as Record<string, unknown>).data, { verb: VERBS.ack, announcementId: state.id, revision: 0 });
    assert.equal((card.refresh as { action: { verb: string } }).action.verb, VERBS.refresh);
  });

  it('after acknowledging, the reader sees it and the button is gone', function () {
    const card = announcementCard(content, state, { mode: 'multi' }, { ackedAt: '2026-11-26T10:05:00.000Z', ackLang: 'fi' });
    assert.match(json(card), /Kuittasit tiedotteen luetuksi 26.11.2026 klo 12.05/);
    assert.equal(
      card.actions!.some((a) => a.verb === VERBS.ack),
      false,
    );
  });

  it('shows "päivitetty" on an edited card', function () {
    const card = announcementCard(
      content,
      { ...state, revision: 1, revisionKind: 'update', revisedAt: '2026-11-27T08:00:00.000Z' },
      { mode: 'multi' },
    );
    assert.match(json(card), /Päivitetty 27.11.2026 klo 10.00/);
    const corrected = announcementCard(
      content,
      { ...state, revision: 2, revisionKind: 'correction', revisedAt: '2026-11-27T08:00:00.000Z' },
      { mode: 'single', lang: 'en' },
    );
    assert.match(json(corrected), /Corrected 27.11.2026/);
  });

  it('user text cannot inject Markdown links or emphasis', function () {
    const evil = { ...content, title: { fi: '[klikkaa](https://evil.example) **HUOM**' }, body: { fi: '# otsikko\n- lista' } };
    const text = json(announcementCard(evil, state, { mode: 'multi' }));
    assert.match(text, /\\\\\[klikkaa\\\\\]\\\\\(https:\/\/evil.example\\\\\)/);
    assert.doesNotMatch(text, /\*\*HUOM\*\*/);
  });

  it('measures the largest variant and stays under 28 KB for ordinary content', function () {
    const size = largestCardBytes(content);
    assert.ok(size < MAX_CARD_BYTES);
    assert.ok(size >= cardByteSize(announcementCard(content, state, { mode: 'multi' })));
  });

  it('a revision notice tells what its own revision changed', function () {
    const a = announcement({
      revision: 2,
      revisions: [
        { revision: 1, kind: 'update', note: { fi: 'Lisätty linkki' }, at: '2026-11-27T08:00:00.000Z' },
        { revision: 2, kind: 'correction', note: { fi: 'Päivämäärä korjattu', sv: 'Datumet rättat' }, at: '2026-11-28T08:00:00.000Z' },
      ],
    });
    assert.match(json(revisionNoticeCard(a, 1, { mode: 'multi' }, true)), /Päivitys tiedotteeseen.*Lisätty linkki/);
    const second = json(revisionNoticeCard(a, 2, { mode: 'multi' }, true));
    assert.match(second, /Korjaus tiedotteeseen/);
    assert.match(second, /Datumet rättat/);
  });

  it('the form preselects no category: a required choice (issue 15 item 10)', function () {
    const card = formCard('fi', { mode: 'new', values: {}, problems: [], formId: 'form-12345678', targets: [] });
    const category = card.body.find((e) => e.id === 'category');
    assert.ok(category);
    assert.equal(category.value ?? '', '', 'nothing preselected');
    assert.equal(category.isRequired, true);
  });

  it('the form carries its id and shows problems at the top', function () {
    const card = formCard('fi', {
      mode: 'new',
      values: {},
      problems: ['Otsikko suomeksi on pakollinen.'],
      formId: 'form-12345678',
      targets: [{ id: '19:c@thread.tacv2', label: 'Team › General' }],
    });
    const text = json(card);
    assert.match(text, /Tarkista lomake/);
    assert.match(text, /form-12345678/);
    assert.match(text, /Team › General/);
    assert.equal(card.actions![0]!.verb, VERBS.save);
  });

  it('the author card offers the next steps of each status', function () {
    // A confirmation (Action.ShowCard) counts by the step its own button does.
    const verbs = (a: Announcement, canApprove = false) =>
      adminCard('fi', { announcement: a, approval: 'two-person', canApprove, keyFor: () => 'key-12345678' }, null)
        .card.actions!.flatMap((x): Array<Record<string, unknown>> =>
          x.type === 'Action.ShowCard' ? (x.card as { actions: Array<Record<string, unknown>> }).actions : [x],
        )
        .map((x) => x.verb);
    assert.ok(verbs(announcement({ status: 'draft' })).includes(VERBS.send));
    assert.ok(verbs(announcement({ status: 'pending_approval' }), true).includes(VERBS.approve));
    assert.ok(!verbs(announcement({ status: 'pending_approval' }), false).includes(VERBS.approve));
    assert.ok(verbs(announcement()).includes(VERBS.retract));
    assert.ok(verbs(announcement()).includes(VERBS.resendFailed));
  });

  it('irreversible steps ask first in the card: send (with the audience size), approve, delete the draft, retract (issue 15 item 4)', function () {
    const card = (a: Announcement, approval: 'single' | 'two-person' = 'single', canApprove = false) =>
      adminCard('en', { announcement: a, approval, canApprove, keyFor: () => 'key-12345678', audienceSize: 41 }, null).card;
    const confirmation = (c: ReturnType<typeof card>, verb: string) => {
      const direct = c.actions!.find((x) => x.verb === verb);
      assert.equal(direct, undefined, `${verb} must not act on one click`);
      const shown = c.actions!.find((x) => x.type === 'Action.ShowCard' && JSON.stringify(x.card).includes(`"verb":"${verb}"`));
      assert.ok(shown, `${verb} asks first`);
      return shown as unknown as {
        title: string;
        card: { body: Array<{ text: string }>; actions: Array<{ title: string; style?: string }> };
      };
    };
    const send = confirmation(card(announcement({ status: 'draft', scheduledAt: null })), VERBS.send);
    assert.equal(send.title, 'Send');
    assert.match(send.card.body[0]!.text, /goes to 41 conversations/);
    assert.equal(send.card.actions[0]!.title, 'Yes, send');
    const remove = confirmation(card(announcement({ status: 'draft' })), VERBS.remove);
    assert.equal(remove.card.actions[0]!.style, 'destructive');
    assert.match(
      confirmation(card(announcement({ status: 'pending_approval' }), 'two-person', true), VERBS.approve).card.body[0]!.text,
      /41 conversations/,
    );
    assert.match(confirmation(card(announcement()), VERBS.retract).card.body[0]!.text, /every conversation/);
    const one = adminCard(
      'en',
      {
        announcement: announcement({ status: 'draft', scheduledAt: null }),
        approval: 'single',
        canApprove: false,
        keyFor: () => 'k',
        audienceSize: 1,
      },
      null,
    ).card;
    assert.match(JSON.stringify(one), /goes to 1 conversation,/, 'plural rules: "1 conversation"');
  });

  it('issue 15 item 8: a revised card says what changed, why the acknowledge button is back, and only there', function () {
    const revised = {
      ...state,
      revision: 1,
      revisionKind: 'correction' as const,
      revisedAt: '2026-12-01T08:00:00.000Z',
      revisionNote: { fi: 'Aika <b>korjattu</b>', en: 'Time fixed' },
    };
    const fresh = json(announcementCard(content, revised, { mode: 'single', lang: 'en' }));
    assert.match(fresh, /What changed: Time fixed/);
    assert.match(fresh, /which is why the button is back/);
    const fi = json(announcementCard(content, revised, { mode: 'single', lang: 'fi' }));
    assert.doesNotMatch(fi, /<b>/, 'the note goes through the escaping helper');
    const acked = json(announcementCard(content, revised, { mode: 'single', lang: 'fi' }, { ackedAt: '2026-12-01T09:00:00.000Z' }));
    assert.doesNotMatch(acked, /kuittauspainike näkyy taas/, 'whoever sees their acknowledgement needs no reason');
    assert.doesNotMatch(
      json(announcementCard(content, state, { mode: 'single', lang: 'fi' })),
      /kuittauspainike näkyy taas|Mitä muuttui/,
      'an unrevised card has neither',
    );
    assert.match(json(announcementCard(content, revised, { mode: 'multi' }, { preview: 'sent' })), /Näin lukijat näkevät/);
    assert.match(json(announcementCard(content, state, { mode: 'multi' }, { preview: true })), /ESIKATSELU/);
  });
});
