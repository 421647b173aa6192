/**
 * Membership self-onboarding: the greeting and request card for unmapped people, the expert channel's
 * decision card, the tab's request queue and people list. See service.ts for the rules.
 */
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { UserContext } from '../../auth/roles.js';
import type { Lang } from '../../i18n/index.js';
import type { AdaptiveCard } from '../../cards/card.js';
import type { ActionResult, Feature, Reply, TabRoute } from '../types.js';
import { messageCard } from './cards.js';
import { LEGACY_VERB_ALIASES, MEMBERSHIP_VERBS as VERBS } from './verbs.js';
import { membershipText } from './i18n.js';
import { createMembershipService, type MembershipDeps, type MembershipService, type PersonSeen } from './service.js';

export { VENDOR_CHOICE, defaultRoleFor } from './cards.js';
export { LEGACY_VERB_ALIASES as MEMBERSHIP_LEGACY_VERB_ALIASES, MEMBERSHIP_VERBS } from './verbs.js';
export { ASK_AGAIN_AFTER_MS, type MembershipDeps, type PersonSeen } from './service.js';

export const JOIN_COMMANDS = ['liity', 'gå med', 'join'];

export interface MembershipFeature extends Feature {
  /** Every message: remembers the person; an unmapped person's first message also gets the request card. */
  noteContact(user: UserContext, lang: Lang): Promise<Reply | null>;
  /** Roster people (the app installed in a team, members added). */
  recordRoster(people: PersonSeen[]): Promise<void>;
  /** A person added to a team: the greeting to send them once (privately, or a short public line), or null. */
  memberJoined(person: PersonSeen, lang: Lang): Promise<{ card: Reply; shortReply: string } | null>;
  service: MembershipService;
}

export function createMembershipFeature(deps: MembershipDeps): MembershipFeature {
  const service = createMembershipService(deps);
  const decided = (lang: Lang, result: { decided: boolean; card?: AdaptiveCard | undefined }): ActionResult =>
    result.decided && result.card
      ? { kind: 'card', card: result.card }
      : { kind: 'card', card: messageCard(membershipText[lang].alreadyDecided) };
  const requestIdOf = (value: Record<string, unknown>) => {
    const id = z.string().min(1).max(100).safeParse(value.requestId);
    if (!id.success) throw new AppError('VALIDATION', 'request id missing');
    return id.data;
  };
  return {
    name: 'membership',
    legacyVerbs: LEGACY_VERB_ALIASES,
    service,
    noteContact: (user, lang) => service.noteContact(user, lang),
    recordRoster: (people) => service.recordRoster(people),
    memberJoined: (person, lang) => service.memberJoined(person, lang),
    commands: [{ names: JOIN_COMMANDS, run: async (input) => [await service.requestForm(input.user, input.lang)] }],
    actions: [
      {
        verbs: [VERBS.request],
        run: async (input) => ({ kind: 'card', card: (await service.submitRequest(input.user, input.lang, input.value)).card }),
      },
      {
        verbs: [VERBS.approve],
        run: async (input) => {
          const result = await service.approve(input.user, requestIdOf(input.value), {
            role: input.value.role,
            institutionId: input.value.institutionId,
          });
          return decided(input.lang, result);
        },
      },
      {
        verbs: [VERBS.reject],
        run: async (input) => {
          const reason = typeof input.value.reason === 'string' ? input.value.reason : '';
          if (!reason.trim()) return { kind: 'message', text: membershipText[input.lang].reasonRequired };
          return decided(input.lang, await service.reject(input.user, requestIdOf(input.value), { reason }));
        },
      },
    ],
  };
}

const personParams = z.object({ tenantId: z.string().min(1).max(100), objectId: z.string().min(1).max(100) });
const requestParams = z.object({ id: z.string().min(1).max(100) });
const searchQuery = z.object({ q: z.string().max(200).optional() });

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('VALIDATION', 'invalid request');
  return parsed.data;
}

/** Tab API of the users page: people, the request queue and decisions (ServiceOwnerAdmin only). */
export function membershipTabRoutes(feature: Pick<MembershipFeature, 'service'>, institutions: MembershipDeps['institutions']): TabRoute[] {
  const { service } = feature;
  /** `POST /admin/membership-requests/:id/<decision>`: another admin deciding first is a conflict. */
  const decisionRoute = (decision: 'approve' | 'reject'): TabRoute => ({
    method: 'post',
    path: `/admin/membership-requests/:id/${decision}`,
    handler: async ({ user, params, body }) => {
      const result = await service[decision](user, parse(requestParams, params).id, body ?? {});
      if (!result.decided) throw new AppError('CONFLICT', 'already decided');
      return { status: 200, body: { request: result.request } };
    },
  });
  return [
    {
      method: 'get',
      path: '/admin/people',
      handler: async ({ user, query }) => {
        const people = await service.listPeople(user, parse(searchQuery, query).q ?? '');
        return { status: 200, body: { people, institutions: await institutions() } };
      },
    },
    {
      method: 'get',
      path: '/admin/membership-requests',
      handler: async ({ user }) => ({ status: 200, body: { requests: await service.listPending(user) } }),
    },
    decisionRoute('approve'),
    decisionRoute('reject'),
    {
      method: 'put',
      path: '/admin/people/:tenantId/:objectId/role',
      handler: async ({ user, params, body }) => {
        await service.setRole(user, parse(personParams, params), body ?? {});
        return { status: 204, body: null };
      },
    },
  ];
}
