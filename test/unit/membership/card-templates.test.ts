/**
 * Issue 14 §1: the self-onboarding cards come from templates (bot/features/membership/cards/*.json).
 * Edge data — no institutions and many, the longest names and reasons written in characters that need
 * escaping, Swedish and English — expands into cards the official parser accepts within 28 KB.
 */
import assert from 'node:assert/strict';
import { LANGS } from '../../../bot/i18n/index.js';
import { ROLES } from '../../../bot/auth/roles.js';
import {
  approvedCard,
  expertCard,
  messageCard,
  NO_INSTITUTION_CHOICE,
  rejectedCard,
  requestCard,
  REQUESTED_ROLES,
} from '../../../bot/features/membership/cards.js';
import type { MembershipRequest } from '../../../bot/store/membership-repository.js';
import { assertValidCard, worstText } from '../../helpers/card-edge.js';

const institutions = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `inst-${i}`, name: `Korkeakoulu ${i} ${'pitkä nimi '.repeat(8)}` }));

function request(overrides: Partial<MembershipRequest> = {}): MembershipRequest {
  return {
    tenantId: 't',
    objectId: 'o',
    id: '3c9e1f7a-2b4d-4e5f-8a9b-0c1d2e3f4a5b',
    displayName: 'Maija Meikäläinen',
    institutionId: null,
    vendorName: null,
    requestedRole: 'main-user',
    lang: 'fi',
    status: 'pending',
    decidedRole: null,
    decidedInstitutionId: null,
    reason: null,
    decidedAt: null,
    expertConversationId: null,
    expertActivityId: null,
    createdAt: '2026-11-26T10:00:00.000Z',
    ...overrides,
  } as MembershipRequest;
}

const name = (id: string) => (id.startsWith('inst-') ? `Korkeakoulu ${id}` : null);

describe('membership card templates with edge data (issue 14 §1)', () => {
  it('request card: no institutions and every institution of the country, in every language', () => {
    for (const lang of LANGS) {
      assertValidCard(requestCard(lang, []), `${lang} none`);
      assertValidCard(requestCard(lang, institutions(60)), `${lang} many`);
      assertValidCard(messageCard(worstText(1000)), `${lang} message`);
    }
  });

  it('expert card: vendor or institution, the longest name, decided or not — every choice has a value', () => {
    for (const lang of LANGS) {
      for (const requestedRole of REQUESTED_ROLES) {
        const vendor = request({ requestedRole, displayName: worstText(200), vendorName: worstText(100) });
        const card = expertCard(vendor, institutions(60), name, lang);
        assertValidCard(card, `${lang} ${requestedRole}`);
        // The official parser refuses an empty choice value, which "no institution" used to be.
        assert.match(JSON.stringify(card), new RegExp(`"value":"${NO_INSTITUTION_CHOICE}"`));
        assertValidCard(expertCard(request({ institutionId: 'inst-1' }), [], name, lang, worstText(300)), `${lang} decided`);
      }
    }
  });

  it('approved and rejected cards: every role, the longest organisation and reason', () => {
    for (const lang of LANGS) {
      for (const role of ROLES) assertValidCard(approvedCard(lang, role, worstText(100)), `${lang} ${role}`);
      assertValidCard(approvedCard(lang, 'Participant', ''), `${lang} no organisation`);
      assertValidCard(rejectedCard(lang, worstText(500), '2026-12-03T10:00:00.000Z'), `${lang} rejected`);
    }
  });

  it('shows a typed vendor name on the approved card as typed, never as Markdown', () => {
    const card = approvedCard('fi', 'Vendor', '[Peppi](https://evil.example)');
    assert.ok(!JSON.stringify(card).includes('[Peppi](https'), 'no live link');
  });
});
