/**
 * Cards of self-onboarding: the request form, the expert channel's decision card and the outcomes. The
 * layouts are templates in ./cards/ (Finnish sample data beside each); the functions build their data.
 */
import { button, type ButtonData } from '../../cards/template-data.js';
import { userText, type AdaptiveCard, type UserText } from '../../cards/card.js';
import { defineCardTemplate } from '../../cards/template.js';
import { withUserText } from '../../cards/user-sentence.js';
import type { Lang } from '../../i18n/index.js';
import { can, ROLES, type Role } from '../../auth/roles.js';
import type { MembershipRequest, RequestedRole } from '../../store/membership-repository.js';
import { formatDay, membershipText, requestedRoleName, roleName } from './i18n.js';
import { MEMBERSHIP_VERBS as VERBS } from './verbs.js';
import approvedJson from './cards/approved.json' with { type: 'json' };
import expertJson from './cards/expert.json' with { type: 'json' };
import messageJson from './cards/message.json' with { type: 'json' };
import rejectedJson from './cards/rejected.json' with { type: 'json' };
import requestJson from './cards/request.json' with { type: 'json' };

export { MEMBERSHIP_VERBS as VERBS } from './verbs.js';

/** Institution picker value that stands for "a system vendor" (no institution). */
export const VENDOR_CHOICE = 'vendor';
/** The expert card's "no institution" choice: a choice's value may not be empty in an Adaptive Card. */
export const NO_INSTITUTION_CHOICE = 'none';
export const REQUESTED_ROLES: readonly RequestedRole[] = ['main-user', 'registry-staff', 'vendor', 'other'];

export interface InstitutionChoice {
  id: string;
  name: string;
}

/** The role a request maps to unless the admin picks another. */
export function defaultRoleFor(requested: RequestedRole): Role {
  return requested === 'main-user' ? 'InstitutionAdmin' : requested === 'vendor' ? 'Vendor' : 'Participant';
}

interface Choice {
  title: string;
  value: string;
}

/** Data of `cards/request.json`. */
export interface RequestCardData {
  title: string;
  body: string;
  organisation: { label: string; placeholder: string; choices: Choice[] };
  vendorNameLabel: string;
  vendorNameMaxLength: number;
  role: { label: string; choices: Choice[] };
  invalid: string;
  send: ButtonData;
}

/** Data of `cards/message.json`. */
export interface MessageCardData {
  message: string;
}

/** Data of `cards/expert.json`: `decided` once someone decided (no inputs then), else the `decide` form. */
export interface ExpertCardData {
  title: string;
  facts: Array<{ title: string; value: string | UserText }>;
  decided?: string;
  decide?: {
    role: { label: string; value: string; choices: Choice[] };
    institution: { label: string; value: string; choices: Choice[] };
    reason: { label: string; maxLength: number };
    approve: ButtonData;
    reject: ButtonData;
  };
}

/** Data of `cards/approved.json`. */
export interface ApprovedCardData {
  title: string;
  body: UserText;
  rights: string;
}

/** Data of `cards/rejected.json`. */
export interface RejectedCardData {
  title: string;
  body: UserText;
}

const requestTemplate = defineCardTemplate<RequestCardData>('membership/request', requestJson);
const messageTemplate = defineCardTemplate<MessageCardData>('membership/message', messageJson);
const expertTemplate = defineCardTemplate<ExpertCardData>('membership/expert', expertJson);
const approvedTemplate = defineCardTemplate<ApprovedCardData>('membership/approved', approvedJson);
const rejectedTemplate = defineCardTemplate<RejectedCardData>('membership/rejected', rejectedJson);

/** Longest vendor name a person may type on the request card. */
const MAX_VENDOR_NAME = 100;
/** Longest rejection reason an admin may type on the expert card. */
const MAX_REASON = 500;

/** "Which organisation do you represent?": institution (search by name, or system vendor) and the role asked for. */
export function requestCard(lang: Lang, institutions: InstitutionChoice[]): AdaptiveCard {
  const t = membershipText[lang];
  return requestTemplate.expand({
    title: t.greetingTitle,
    body: t.greetingBody,
    // "filtered": a search box in Teams; other hosts show a drop-down.
    organisation: {
      label: t.fieldOrganisation,
      placeholder: t.organisationPlaceholder,
      choices: [...institutions.map((i) => ({ title: i.name, value: i.id })), { title: t.vendorOption, value: VENDOR_CHOICE }],
    },
    vendorNameLabel: t.fieldVendorName,
    vendorNameMaxLength: MAX_VENDOR_NAME,
    role: { label: t.fieldRole, choices: REQUESTED_ROLES.map((r) => ({ title: requestedRoleName(lang, r), value: r })) },
    invalid: t.invalidRequest,
    send: button(t.send, VERBS.request),
  });
}

export function messageCard(message: string): AdaptiveCard {
  return messageTemplate.expand({ message });
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
  const facts = [
    { title: t.expertPerson, value: userText(request.displayName || '–') },
    { title: t.expertOrganisation, value: organisationOf(request, institutionName, lang) },
    { title: t.expertRequestedRole, value: requestedRoleName(lang, request.requestedRole) },
  ];
  if (decided) return expertTemplate.expand({ title: t.expertTitle, facts, decided });
  return expertTemplate.expand({
    title: t.expertTitle,
    facts,
    decide: {
      role: {
        label: t.expertDecideRole,
        value: defaultRoleFor(request.requestedRole),
        choices: ROLES.map((r) => ({ title: roleName(lang, r), value: r })),
      },
      institution: {
        label: t.expertDecideInstitution,
        value: request.institutionId ?? NO_INSTITUTION_CHOICE,
        choices: [{ title: t.noInstitution, value: NO_INSTITUTION_CHOICE }, ...institutions.map((i) => ({ title: i.name, value: i.id }))],
      },
      reason: { label: t.expertReason, maxLength: MAX_REASON },
      approve: button(t.approve, VERBS.approve, { requestId: request.id }),
      reject: button(t.reject, VERBS.reject, { requestId: request.id }),
    },
  });
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

/** `organisation` is an institution's name or the vendor name the person typed: shown escaped either way. */
export function approvedCard(lang: Lang, role: Role, organisation: string): AdaptiveCard {
  const t = membershipText[lang];
  return approvedTemplate.expand({
    title: t.approvedTitle,
    body: withUserText((typed) => t.approvedBody(roleName(lang, role), typed), userText(organisation)),
    rights: rightsOf(role, lang)
      .map((r) => `- ${r}`)
      .join('\n'),
  });
}

export function rejectedCard(lang: Lang, reason: string, askAgainFrom: string): AdaptiveCard {
  const t = membershipText[lang];
  return rejectedTemplate.expand({
    title: t.rejectedTitle,
    body: withUserText(t.rejectedBody, userText(reason), formatDay(askAgainFrom, lang)),
  });
}
