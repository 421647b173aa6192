/**
 * Self-onboarding use cases. A person the app has not mapped (a Participant with no institution) is
 * greeted once with the organisation and role request card; OPH admins approve, adjust or reject in
 * the expert channel or the tab; the member hears the outcome through the bot in their language; every
 * request and decision is audited. Plain functions over the repositories and a messenger.
 */
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { authorize } from '../../auth/authorize.js';
import { ROLES, type Role, type UserContext } from '../../auth/roles.js';
import { isLang, type Lang } from '../../i18n/index.js';
import type { Logger } from '../../log.js';
import { LruCache } from '../../lru-cache.js';
import { maskPersonalIds } from '../../privacy.js';
import type { Messenger, Reply } from '../types.js';
import { userText, type AdaptiveCard } from '../../cards/card.js';
import type { MembershipRepository, MembershipRequest, PersonKey } from '../../store/membership-repository.js';
import type { UsersRepository } from '../../store/users-repository.js';
import {
  approvedCard,
  expertCard,
  messageCard,
  NO_INSTITUTION_CHOICE,
  REQUESTED_ROLES,
  rejectedCard,
  requestCard,
  VENDOR_CHOICE,
  type InstitutionChoice,
} from './cards.js';
import { formatDay, membershipText, roleName } from './i18n.js';

/** An institution's name in the reader's language (Finnish when a translation is missing). */
function institutionName(lang: Lang, names: InstitutionNames): string {
  return (lang === 'sv' ? names.nameSv : lang === 'en' ? names.nameEn : names.nameFi) || names.nameFi;
}

/** A rejected member may ask again after this long. */
export const ASK_AGAIN_AFTER_MS = 7 * 86_400_000;

export interface InstitutionNames {
  id: string;
  nameFi: string;
  nameSv: string;
  nameEn: string;
}

export interface MembershipDeps {
  repository: MembershipRepository;
  users: UsersRepository;
  institutions(): Promise<InstitutionNames[]>;
  messenger: Messenger;
  /** Conversation id of the expert channel, or null when the app has none yet. */
  expertChannel(): Promise<string | null>;
  logger?: Logger | undefined;
  clock?: () => Date;
}

export interface PersonSeen extends PersonKey {
  displayName: string;
  email?: string | null;
  userRole?: string | null;
}

const requestSchema = z.object({
  institutionId: z.string().trim().min(1).max(100),
  vendorName: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => (v ? v : undefined)),
  requestedRole: z.enum(REQUESTED_ROLES as unknown as [string, ...string[]]),
});
const approveSchema = z.object({
  role: z.enum(ROLES),
  // The expert card's "no institution" choice sends NO_INSTITUTION_CHOICE (a choice's value cannot be empty); the tab sends ''.
  institutionId: z
    .string()
    .trim()
    .max(100)
    .optional()
    .nullable()
    .transform((v) => (v && v !== NO_INSTITUTION_CHOICE ? v : null)),
});
const rejectSchema = z.object({ reason: z.string().trim().min(1).max(500) });

/** Last activity is kept to this precision; within it a person's further messages cost nothing. */
const NOTE_WINDOW_MS = 10 * 60_000;
/** People this process keeps in memory for the two caches below (each entry well under 100 bytes). */
export const MAX_PEOPLE_IN_MEMORY = 10_000;

const langOf = (value: string): Lang => (isLang(value) ? value : 'fi');

export function createMembershipService(deps: MembershipDeps) {
  const { repository, users } = deps;
  const now = () => (deps.clock ?? (() => new Date()))();

  const choices = async (lang: Lang): Promise<InstitutionChoice[]> =>
    (await deps.institutions())
      .map((i) => ({ id: i.id, name: institutionName(lang, i) }))
      .sort((a, b) => a.name.localeCompare(b.name, lang));
  const nameLookup = async (lang: Lang) => {
    const byId = new Map((await deps.institutions()).map((i) => [i.id, institutionName(lang, i)]));
    return (id: string) => byId.get(id) ?? null;
  };

  /** When each person's last activity was written (bounded: the least recent is forgotten, not everyone at once). */
  const recentlyNoted = new LruCache<string, number>(MAX_PEOPLE_IN_MEMORY);
  /**
   * People no greeting can ever be due for again: greeted already (by this or another instance) or with
   * a request on file. Both are permanent in the database (greeted_at is set once, requests are never
   * deleted), so this needs no invalidation and is right for several instances too; a mapped person is
   * not kept here, since losing the mapping would make them due.
   */
  const greetingSettled = new LruCache<string, true>(MAX_PEOPLE_IN_MEMORY);
  const personKey = (person: PersonKey) => `${person.tenantId}/${person.objectId}`;

  /** An admin's decision on a request: only by a user manager, with a valid body, on a request that exists. */
  async function decisionOn<T>(
    actor: UserContext,
    requestId: string,
    schema: z.ZodType<T>,
    body: unknown,
    invalid: string,
  ): Promise<{ data: T; request: MembershipRequest }> {
    authorize(actor, 'manage-users');
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new AppError('VALIDATION', invalid);
    const request = await repository.getRequest(requestId);
    if (!request) throw new AppError('NOT_FOUND', 'no such request');
    return { data: parsed.data, request };
  }
  const isMapped = async (key: PersonKey) => Boolean(await users.find(key.tenantId, key.objectId));

  /** The greeting for a person seen for the first time, or null (mapped, greeted, or already asking). */
  async function greetingFor(person: PersonKey, lang: Lang): Promise<Reply | null> {
    const key = personKey(person);
    if (greetingSettled.get(key)) return null;
    if (await isMapped(person)) return null;
    if (await repository.latestRequest(person)) {
      greetingSettled.set(key, true);
      return null;
    }
    const claimed = await repository.claimGreeting(person, now().toISOString());
    // Claimed now or by someone before: either way the greeting is taken for good.
    greetingSettled.set(key, true);
    if (!claimed) return null;
    return { kind: 'card', card: requestCard(lang, await choices(lang)), summary: membershipText[lang].greetingTitle };
  }

  async function postToExperts(request: MembershipRequest): Promise<void> {
    try {
      const channel = await deps.expertChannel();
      if (!channel) return;
      const card = expertCard(request, await choices('fi'), await nameLookup('fi'));
      const sent = await deps.messenger.send(channel, { kind: 'card', card, summary: membershipText.fi.expertTitle });
      await repository.setExpertCard(request.id, sent.conversationId, sent.activityId);
    } catch (error) {
      // The tab's queue still shows the request; the channel card is a convenience.
      deps.logger?.warn({ err: error }, 'posting the membership request to the expert channel failed');
    }
  }

  /** The expert channel card after the decision, for everyone in the channel; returned for the deciding admin's own view. */
  async function refreshExpertCard(request: MembershipRequest, decided: string): Promise<AdaptiveCard> {
    const card = expertCard(request, [], await nameLookup('fi'), 'fi', decided);
    if (!request.expertConversationId || !request.expertActivityId) return card;
    try {
      await deps.messenger.update(request.expertConversationId, request.expertActivityId, { kind: 'card', card });
    } catch (error) {
      deps.logger?.warn({ err: error }, 'updating the expert channel card failed');
    }
    return card;
  }

  async function tell(request: MembershipRequest, reply: Reply): Promise<boolean> {
    try {
      return await deps.messenger.sendToUser(request, () => reply);
    } catch (error) {
      deps.logger?.warn({ err: error }, 'telling the member the outcome failed');
      return false;
    }
  }

  async function requireInstitution(id: string | null): Promise<void> {
    if (id && !(await deps.institutions()).some((i) => i.id === id)) throw new AppError('VALIDATION', 'unknown institution');
  }

  return {
    /** A message from anyone: remember them (last activity) and greet an unmapped person once. */
    async noteContact(user: UserContext, lang: Lang): Promise<Reply | null> {
      // Messages are the hot path: one look per person per window, not three queries per message.
      const key = personKey(user);
      const seenAt = recentlyNoted.get(key);
      if (seenAt !== undefined && now().getTime() - seenAt < NOTE_WINDOW_MS) return null;
      recentlyNoted.set(key, now().getTime());
      const at = now().toISOString();
      await repository.notePerson(
        { tenantId: user.tenantId, objectId: user.objectId, displayName: user.displayName ?? '', source: 'bot', activityAt: at },
        at,
      );
      return greetingFor(user, lang);
    },

    /** People from a team roster (install or membersAdded). */
    async recordRoster(people: PersonSeen[]): Promise<void> {
      const at = now().toISOString();
      for (const person of people) await repository.notePerson({ ...person, source: 'roster' }, at);
    },

    /**
     * A person added to a team: the greeting card to send them privately, and the short reply to post
     * where they were added when no personal chat exists; null when they need none.
     */
    async memberJoined(person: PersonSeen, lang: Lang): Promise<{ card: Reply; shortReply: string } | null> {
      await repository.notePerson({ ...person, source: 'roster' }, now().toISOString());
      const card = await greetingFor(person, lang);
      return card ? { card, shortReply: membershipText[lang].shortWelcome(userText(person.displayName)) } : null;
    },

    /** The request form on demand ("liity" / "gå med" / "join"), or why it is not needed. */
    async requestForm(user: UserContext, lang: Lang): Promise<Reply> {
      const t = membershipText[lang];
      const existing = await users.find(user.tenantId, user.objectId);
      if (existing) return { kind: 'text', text: t.alreadyMapped(roleName(lang, existing.role)) };
      const latest = await repository.latestRequest(user);
      if (latest?.status === 'pending') return { kind: 'text', text: t.alreadyPending };
      const waitUntil =
        latest?.status === 'rejected' && latest.decidedAt ? new Date(Date.parse(latest.decidedAt) + ASK_AGAIN_AFTER_MS) : null;
      if (waitUntil && waitUntil > now()) return { kind: 'text', text: t.askAgainOn(formatDay(waitUntil.toISOString(), lang)) };
      return { kind: 'card', card: requestCard(lang, await choices(lang)), summary: t.greetingTitle };
    },

    /** The member sends the form: one open request per person; a rejected one may ask again after 7 days. */
    async submitRequest(
      user: UserContext,
      lang: Lang,
      value: unknown,
    ): Promise<{ card: ReturnType<typeof messageCard>; request: MembershipRequest | null }> {
      const t = membershipText[lang];
      const parsed = requestSchema.safeParse(value);
      const vendorChosen = parsed.success && parsed.data.institutionId === VENDOR_CHOICE;
      // "System vendor" instead of an institution needs the vendor's name.
      if (!parsed.success || (vendorChosen && !parsed.data.vendorName)) {
        return { card: messageCard(t.invalidRequest), request: null };
      }
      const institutionId = vendorChosen ? null : parsed.data.institutionId;
      await requireInstitution(institutionId);
      const form = await this.requestForm(user, lang);
      if (form.kind === 'text') return { card: messageCard(form.text), request: null };
      const at = now().toISOString();
      const request = await repository.createRequest(
        {
          tenantId: user.tenantId,
          objectId: user.objectId,
          displayName: user.displayName ?? '',
          institutionId,
          // A vendor's name is free text: personal ids are masked before it is stored or shown.
          vendorName: parsed.data.vendorName ? maskPersonalIds(parsed.data.vendorName).text : null,
          requestedRole: parsed.data.requestedRole as MembershipRequest['requestedRole'],
          lang,
        },
        at,
      );
      if (!request) return { card: messageCard(t.alreadyPending), request: null };
      await repository.audit({
        requestId: request.id,
        action: 'requested',
        subject: user,
        actor: { ...user, displayName: user.displayName ?? '' },
        institutionId,
        at,
      });
      await postToExperts(request);
      return { card: messageCard(t.requestSent), request };
    },

    async listPending(actor: UserContext): Promise<MembershipRequest[]> {
      authorize(actor, 'manage-users');
      return repository.listPending();
    },

    /** Approves (optionally with another role or institution); false when someone decided first. */
    async approve(
      actor: UserContext,
      requestId: string,
      body: unknown,
    ): Promise<{ decided: boolean; request: MembershipRequest; card?: AdaptiveCard }> {
      const { data, request } = await decisionOn(actor, requestId, approveSchema, body, 'invalid approval');
      const role: Role = data.role;
      const institutionId = data.institutionId;
      await requireInstitution(institutionId);
      if (role === 'InstitutionAdmin' && !institutionId) throw new AppError('VALIDATION', 'a main user needs an institution');
      const at = now().toISOString();
      if (!(await repository.decide(requestId, { status: 'approved', role, institutionId, reason: null, by: actor }, at)))
        return { decided: false, request };
      await users.upsert({
        tenantId: request.tenantId,
        objectId: request.objectId,
        displayName: request.displayName,
        role,
        institutionId,
        locale: request.lang,
      });
      await repository.audit({
        requestId,
        action: 'approved',
        subject: request,
        actor: { ...actor, displayName: actor.displayName ?? '' },
        role,
        institutionId,
        at,
      });
      const lang = langOf(request.lang);
      const organisation = institutionId ? ((await nameLookup(lang))(institutionId) ?? '') : (request.vendorName ?? '');
      await tell(request, { kind: 'card', card: approvedCard(lang, role, organisation), summary: membershipText[lang].approvedTitle });
      const card = await refreshExpertCard(request, membershipText.fi.decidedApproved(actor.displayName ?? '', roleName('fi', role)));
      return {
        decided: true,
        card,
        request: { ...request, status: 'approved', decidedRole: role, decidedInstitutionId: institutionId, decidedAt: at },
      };
    },

    async reject(
      actor: UserContext,
      requestId: string,
      body: unknown,
    ): Promise<{ decided: boolean; request: MembershipRequest; card?: AdaptiveCard }> {
      const { data, request } = await decisionOn(actor, requestId, rejectSchema, body, 'a reason is required');
      const reason = maskPersonalIds(data.reason).text;
      const at = now().toISOString();
      if (!(await repository.decide(requestId, { status: 'rejected', role: null, institutionId: null, reason, by: actor }, at)))
        return { decided: false, request };
      await repository.audit({
        requestId,
        action: 'rejected',
        subject: request,
        actor: { ...actor, displayName: actor.displayName ?? '' },
        reason,
        at,
      });
      const lang = langOf(request.lang);
      const askAgain = new Date(Date.parse(at) + ASK_AGAIN_AFTER_MS).toISOString();
      await tell(request, { kind: 'card', card: rejectedCard(lang, reason, askAgain), summary: membershipText[lang].rejectedTitle });
      const card = await refreshExpertCard(request, membershipText.fi.decidedRejected(actor.displayName ?? '', reason));
      return { decided: true, card, request: { ...request, status: 'rejected', reason, decidedAt: at } };
    },

    /**
     * The users page: everyone known (rosters, bot contacts, mapped users), searchable by name and
     * e-mail, with organisation, role (unmapped = Participant) and last activity.
     */
    async listPeople(actor: UserContext, query: string) {
      authorize(actor, 'manage-users');
      const needle = query.normalize('NFC').toLocaleLowerCase('fi').trim();
      const [people, pending] = await Promise.all([repository.listPeople(), repository.listPending()]);
      const pendingKeys = new Set(pending.map((p) => `${p.tenantId}/${p.objectId}`));
      return people
        .filter((p) => !needle || [p.displayName, p.email ?? ''].some((v) => v.normalize('NFC').toLocaleLowerCase('fi').includes(needle)))
        .map((p) => ({
          tenantId: p.tenantId,
          objectId: p.objectId,
          displayName: p.displayName,
          email: p.email,
          guest: p.userRole === 'guest',
          role: (p.role ?? 'Participant') as Role,
          mapped: p.role !== null,
          institutionId: p.institutionId,
          lastActivityAt: p.lastActivityAt,
          pendingRequest: pendingKeys.has(`${p.tenantId}/${p.objectId}`),
        }))
        .sort((a, b) => a.displayName.localeCompare(b.displayName, 'fi'));
    },

    /** Two clicks in the tab: a known person (never typed ids) and a role. */
    async setRole(actor: UserContext, person: PersonKey, body: unknown): Promise<void> {
      authorize(actor, 'manage-users');
      const parsed = approveSchema.safeParse(body);
      if (!parsed.success) throw new AppError('VALIDATION', 'invalid role');
      const known = (await repository.findPerson(person)) ?? undefined;
      const mapped = await users.find(person.tenantId, person.objectId);
      if (!known && !mapped) throw new AppError('NOT_FOUND', 'unknown person');
      await requireInstitution(parsed.data.institutionId);
      if (parsed.data.role === 'InstitutionAdmin' && !parsed.data.institutionId)
        throw new AppError('VALIDATION', 'a main user needs an institution');
      await users.upsert({
        tenantId: person.tenantId,
        objectId: person.objectId,
        displayName: known?.displayName || mapped?.displayName || '',
        role: parsed.data.role,
        institutionId: parsed.data.institutionId,
        locale: mapped?.locale ?? null,
      });
    },
  };
}
export type MembershipService = ReturnType<typeof createMembershipService>;
