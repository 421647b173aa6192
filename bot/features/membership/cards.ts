/** Cards of self-onboarding: the request form, the expert channel's decision card and the outcomes. */
import { execute, facts, heading, makeCard, text, userText, type AdaptiveCard, type CardElement } from '../../cards/card.js';
import type { Lang } from '../../i18n/index.js';
import { can, ROLES, type Role } from '../../auth/roles.js';
import type { MembershipRequest, RequestedRole } from '../../store/membership-repository.js';
import { formatDay, membershipText, requestedRoleName, roleName } from './i18n.js';

export const VERBS = {
  request: 'membership.request',
  approve: 'membership.approve',
  reject: 'membership.reject',
} as const;

/** Institution picker value that stands for "a system vendor" (no institution). */
export const VENDOR_CHOICE = 'vendor';
export const REQUESTED_ROLES: readonly RequestedRole[] = ['main-user', 'registry-staff', 'vendor', 'other'];

export interface InstitutionChoice {
  id: string;
  name: string;
}

/** The role a request maps to unless the admin picks another. */
export function defaultRoleFor(requested: RequestedRole): Role {
  return requested === 'main-user' ? 'InstitutionAdmin' : requested === 'vendor' ? 'Vendor' : 'Participant';
}

const choiceSet = (id: string, label: string, choices: Array<{ title: string; value: string }>, extra: Record<string, unknown> = {}): CardElement => ({
  type: 'Input.ChoiceSet',
  id,
  label,
  choices,
  ...extra,
});

/** "Which organisation do you represent?": institution (search by name, or system vendor) and the role asked for. */
export function requestCard(lang: Lang, institutions: InstitutionChoice[]): AdaptiveCard {
  const t = membershipText[lang];
  return makeCard(
    [
      heading(t.greetingTitle),
      text(t.greetingBody),
      choiceSet(
        'institutionId',
        t.fieldOrganisation,
        [...institutions.map((i) => ({ title: i.name, value: i.id })), { title: t.vendorOption, value: VENDOR_CHOICE }],
        // "filtered": a search box in Teams; other hosts show a drop-down.
        { style: 'filtered', placeholder: t.organisationPlaceholder, isRequired: true, errorMessage: t.invalidRequest },
      ),
      { type: 'Input.Text', id: 'vendorName', label: t.fieldVendorName, maxLength: 100 },
      choiceSet(
        'requestedRole',
        t.fieldRole,
        REQUESTED_ROLES.map((r) => ({ title: requestedRoleName(lang, r), value: r })),
        { style: 'expanded', isRequired: true, errorMessage: t.invalidRequest },
      ),
    ],
    [execute(t.send, VERBS.request, {}, { associatedInputs: 'auto' })],
  );
}

export function messageCard(message: string): AdaptiveCard {
  return makeCard([text(message)]);
}

function organisationOf(request: MembershipRequest, institutionName: (id: string) => string | null, lang: Lang): string {
  if (request.institutionId) return institutionName(request.institutionId) ?? request.institutionId;
  if (request.vendorName) return `${membershipText[lang].vendorOption}: ${userText(request.vendorName)}`;
  return '–';
}

/** The expert channel's card: who asks for what, with approve (role and institution adjustable) and reject with a reason. */
export function expertCard(
  request: MembershipRequest,
  institutions: InstitutionChoice[],
  institutionName: (id: string) => string | null,
  lang: Lang = 'fi',
  decided?: string,
): AdaptiveCard {
  const t = membershipText[lang];
  const body: CardElement[] = [
    heading(t.expertTitle),
    facts([
      [t.expertPerson, userText(request.displayName || '–')],
      [t.expertOrganisation, organisationOf(request, institutionName, lang)],
      [t.expertRequestedRole, requestedRoleName(lang, request.requestedRole)],
    ]),
  ];
  if (decided) return makeCard([...body, text(decided, { weight: 'Bolder' })]);
  body.push(
    choiceSet('role', t.expertDecideRole, ROLES.map((r) => ({ title: roleName(lang, r), value: r })), { value: defaultRoleFor(request.requestedRole) }),
    choiceSet('institutionId', t.expertDecideInstitution, [{ title: t.noInstitution, value: '' }, ...institutions.map((i) => ({ title: i.name, value: i.id }))], {
      style: 'filtered',
      value: request.institutionId ?? '',
    }),
    { type: 'Input.Text', id: 'reason', label: t.expertReason, maxLength: 500, isMultiline: true },
  );
  return makeCard(body, [
    execute(t.approve, VERBS.approve, { requestId: request.id }, { associatedInputs: 'auto', style: 'positive' }),
    execute(t.reject, VERBS.reject, { requestId: request.id }, { associatedInputs: 'auto', style: 'destructive' }),
  ]);
}

/** What the member's new role lets them do, as a list. */
export function rightsOf(role: Role, lang: Lang): string[] {
  const t = membershipText[lang];
  const rights = [t.rights_ask];
  if (can({ role }, 'run-test-lookup')) rights.push(t.rights_lookup);
  if (can({ role }, 'edit-own-institution-plan')) rights.push(t.rights_plan);
  if (can({ role }, 'manage-users')) rights.push(t.rights_admin);
  return rights;
}

export function approvedCard(lang: Lang, role: Role, organisation: string): AdaptiveCard {
  const t = membershipText[lang];
  return makeCard([
    heading(t.approvedTitle),
    text(t.approvedBody(roleName(lang, role), organisation)),
    text(rightsOf(role, lang).map((r) => `- ${r}`).join('\n')),
  ]);
}

export function rejectedCard(lang: Lang, reason: string, askAgainFrom: string): AdaptiveCard {
  const t = membershipText[lang];
  return makeCard([heading(t.rejectedTitle), text(t.rejectedBody(userText(reason), formatDay(askAgainFrom, lang)))]);
}
