/** Issue 15 item 16: the tab's look and feel (texts and cells that can be checked without a browser). */
import assert from 'node:assert/strict';
import { uiText } from '../../../tab/src/i18n.js';
import { ticketAnswerCell } from '../../../tab/src/views/ticket-answer.js';
import { outcomeToastKind } from '../../../tab/src/views/announcements-shared.js';
import { readFileSync } from 'node:fs';
import { articleNames } from '../../../tab/src/views/gaps.js';
import { navLinks, navSection } from '../../../tab/src/nav-links.js';
import { capabilitiesOf } from '../../../tab/src/capabilities.js';
import type { Me } from '../../../tab/src/context.js';
import { FLUENT_THEMES } from '../../../scripts/fluent-theme-css.js';

function me(role: string, institution: Me['institution'], editOwnPlan: boolean): Me {
  return {
    tenantId: 't',
    objectId: 'o',
    displayName: 'Testi Käyttäjä',
    role,
    lang: 'fi',
    institution,
    permissions: {
      view: true,
      editAny: role === 'ServiceOwnerAdmin',
      editOwnPlan,
      manageUsers: role === 'ServiceOwnerAdmin',
      exportData: false,
    },
  };
}

const css = readFileSync(new URL('../../../tab/app.css', import.meta.url), 'utf8');
/** The declarations of the first rule whose selector list contains exactly this selector. */
function rule(selector: string): string {
  const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?:^|[}\\s,])${escaped}\\s*(?:,[^{]*)?\\{([^}]*)\\}`, 'm').exec(css);
  assert.ok(match, `no rule for ${selector}`);
  return match[1] ?? '';
}
/**
 * The value a theme variable has in the light (default) theme: app.css aliases it to a Fluent token
 * (`--success-bg: var(--colorStatusSuccessBackground3)`), which Teams' light theme defines.
 */
function lightVar(name: string): string {
  const match = new RegExp(`${name}:\\s*([^;]+);`).exec(css);
  assert.ok(match, `no ${name}`);
  const value = (match[1] ?? '').trim();
  const token = /^var\(--([a-zA-Z0-9]+)\)$/.exec(value);
  if (!token) return value;
  const light = FLUENT_THEMES.find((theme) => theme.name === 'default')!.tokens;
  assert.ok(token[1]! in light, `Teams light theme has no ${token[1]}`);
  return String(light[token[1]!]);
}

describe('tab look and feel (issue 15 item 16)', () => {
  it('the overview counts organisations, by plural rules, not "korkeakoulua"', () => {
    assert.equal(uiText.fi.statTotal(40), '40 organisaatiota');
    assert.equal(uiText.fi.statTotal(1), '1 organisaatio');
    assert.equal(uiText.sv.statTotal(40), '40 organisationer');
    assert.equal(uiText.en.statTotal(1), '1 organisation');
    assert.equal(uiText.en.statTotal(2), '2 organisations');
  });

  it("the tickets table's answer column shows the answer, then who answered", () => {
    const cell = ticketAnswerCell(
      { answer: 'Käytä yleistunnisteen hakua.', answeredByName: 'Asiantuntija A', answeredAt: '2026-06-23T10:00:00.000Z', closedAt: null },
      'fi',
    );
    assert.equal(cell.text, 'Käytä yleistunnisteen hakua.');
    assert.match(cell.meta ?? '', /^Asiantuntija A · /);
    assert.equal(ticketAnswerCell({ answer: null, answeredByName: null, answeredAt: null, closedAt: null }, 'fi').text, '–');
  });

  it('a success toast is green and a destructive one red', () => {
    assert.equal(outcomeToastKind({ event: 'published' }), 'success');
    assert.equal(outcomeToastKind({ event: 'saved' }), 'success');
    assert.equal(outcomeToastKind({ event: 'deleted' }), 'destructive');
    assert.equal(outcomeToastKind({ event: 'retracted' }), 'destructive');
    assert.match(rule('.toast-success'), /background:\s*var\(--success-bg\)/);
    assert.match(rule('.toast-destructive'), /background:\s*var\(--danger-bg\)/);
    assert.equal(lightVar('--success-bg'), '#107c10');
    // Fluent's Teams danger red (colorStatusDangerBackground3) replaces the hand-copied #c4314b.
    assert.equal(lightVar('--danger-bg'), '#c50f1f');
  });

  it('the toast sits at the top, away from the sticky save bar and its Save button at the bottom', () => {
    assert.match(rule('.save-bar'), /bottom:\s*0/);
    const toast = rule('.toast');
    assert.match(toast, /top:\s*16px/);
    assert.doesNotMatch(toast, /bottom:/);
  });

  it('the gaps page names articles by title, keeping an id the KB no longer knows', () => {
    assert.equal(articleNames(['yksilointi', 'vanha'], { yksilointi: 'Yksilöinti' }), 'Yksilöinti, vanha');
  });

  it("an institution's main user gets a shortcut to their own institution; others do not", () => {
    const own = { id: 'inst-7', nameFi: 'Koe-yliopisto', nameSv: 'Testuniversitetet', nameEn: 'Test University' };
    const mainUser = me('InstitutionAdmin', own, true);
    const links = navLinks(mainUser, capabilitiesOf(mainUser), 'sv');
    assert.deepEqual(
      links.find((l) => l.key === 'own-institution'),
      { key: 'own-institution', href: '#/institution/inst-7', label: 'Min organisation' },
    );
    assert.equal(navSection('#/institution/inst-7', mainUser), 'own-institution');
    assert.equal(navSection('#/institution/inst-8', mainUser), 'overview');
    const vendor = me('Vendor', own, false);
    assert.ok(!navLinks(vendor, capabilitiesOf(vendor), 'fi').some((l) => l.key === 'own-institution'));
    const oph = me('ServiceOwnerAdmin', null, false);
    assert.ok(!navLinks(oph, capabilitiesOf(oph), 'fi').some((l) => l.key === 'own-institution'));
    // An OPH admin whom local mode also maps to an institution edits every institution: no shortcut either.
    const mappedOph = me('ServiceOwnerAdmin', own, true);
    assert.ok(!navLinks(mappedOph, capabilitiesOf(mappedOph), 'fi').some((l) => l.key === 'own-institution'));
  });

  it('at narrow widths (400 px) the step names of the chart wrap instead of being truncated', () => {
    const narrow = css.slice(css.indexOf('@media (max-width: 760px)'));
    const label = /\.bar-label\s*\{([^}]*)\}/.exec(narrow);
    assert.ok(label, 'a narrow-width rule for .bar-label');
    assert.match(label[1] ?? '', /white-space:\s*normal/);
  });
});
