/**
 * Remembers the Teams profile (name, e-mail) of the people who talk to the bot, so OPH can reach a
 * feedback submitter who allowed contact by name and e-mail instead of an object id. The name comes
 * with every activity (no network call). The e-mail is asked from the conversation roster
 * (TeamsInfo.getMember) only when the person has just allowed contact — a submitted form with
 * `contactOk` — so nobody else's address is fetched or stored; off the turn's path, so a slow or
 * refused roster call never delays a reply.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { UserContext } from '../auth/roles.js';
import type { Logger } from '../log.js';
import type { ProfilesRepository } from '../store/profiles-repository.js';
import { LruCache } from '../lru-cache.js';

export interface ProfileRecorder {
  /** Starts recording in the background; returns the work (tests await it, the router does not). */
  record(context: TurnContext, user: UserContext, options?: { allowsContact?: boolean }): Promise<void>;
}

const ROSTER_TIMEOUT_MS = 2000;

/** People whose stored profile is known to this process (an entry is ~100 bytes). */
export const MAX_REMEMBERED_PROFILES = 10_000;

/** What was last stored for a person: their name, and whether their e-mail was asked for under it. */
interface StoredProfile {
  name: string;
  withEmail: boolean;
}

/** The e-mail Teams shows for the acting person, or null (not in Teams, not allowed, timed out). */
async function rosterEmail(context: TurnContext): Promise<string | null> {
  const fromId = context.activity.from?.id;
  if (context.activity.channelId !== 'msteams' || !fromId) return null;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ROSTER_TIMEOUT_MS);
    timer.unref();
  });
  try {
    const member = await Promise.race([TeamsInfo.getMember(context, fromId), timeout]);
    const email = member?.email ?? member?.userPrincipalName ?? null;
    return email && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
  } finally {
    clearTimeout(timer);
  }
}

/** A submitted card whose person just allowed OPH to contact them (the feedback form's `contactOk`). */
export function allowsContact(cardData: unknown): boolean {
  const value = (cardData as { contactOk?: unknown } | null | undefined)?.contactOk;
  return value === true || value === 'true';
}

export function createProfileRecorder(deps: {
  profiles: ProfilesRepository;
  logger: Pick<Logger, 'warn'>;
  clock?: () => Date;
  /** Injectable roster look-up (tests); default TeamsInfo.getMember. */
  lookupEmail?: (context: TurnContext) => Promise<string | null>;
}): ProfileRecorder {
  // Keyed by the person (tenant, object id), bounded: a known person with an unchanged name costs no
  // write; a new name is written again (also a name changed back, which a set of names never wrote).
  const stored = new LruCache<string, StoredProfile>(MAX_REMEMBERED_PROFILES);
  const lookupEmail = deps.lookupEmail ?? rosterEmail;
  return {
    record(context, user, options = {}) {
      const name = context.activity.from?.name?.trim() ?? '';
      if (!name) return Promise.resolve();
      const withEmail = options.allowsContact === true;
      const who = `${user.tenantId}/${user.objectId}`;
      const known = stored.get(who);
      // Unchanged: this name is stored, and the e-mail was asked for already whenever it is wanted now.
      if (known && known.name === name && (known.withEmail || !withEmail)) return Promise.resolve();
      const entry: StoredProfile = { name, withEmail };
      stored.set(who, entry);
      const work = (async () => {
        const email = withEmail ? await lookupEmail(context).catch(() => null) : null;
        await deps.profiles.remember(
          { tenantId: user.tenantId, objectId: user.objectId, displayName: name, email },
          (deps.clock ?? (() => new Date()))().toISOString(),
        );
      })().catch((error: unknown) => {
        // Not stored after all: the next activity tries again (unless a newer one already did).
        if (stored.get(who) === entry) stored.delete(who);
        deps.logger.warn({ err: error }, 'remembering a Teams profile failed');
      });
      return work;
    },
  };
}
