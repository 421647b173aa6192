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

export interface ProfileRecorder {
  /** Starts recording in the background; returns the work (tests await it, the router does not). */
  record(context: TurnContext, user: UserContext, options?: { allowsContact?: boolean }): Promise<void>;
}

const ROSTER_TIMEOUT_MS = 2000;

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
  const seen = new Set<string>();
  const lookupEmail = deps.lookupEmail ?? rosterEmail;
  return {
    record(context, user, options = {}) {
      const name = context.activity.from?.name?.trim() ?? '';
      const withEmail = options.allowsContact === true;
      const key = `${user.tenantId}/${user.objectId}/${name}/${withEmail ? 'email' : 'name'}`;
      if (!name || seen.has(key)) return Promise.resolve();
      seen.add(key);
      const work = (async () => {
        const email = withEmail ? await lookupEmail(context).catch(() => null) : null;
        await deps.profiles.remember(
          { tenantId: user.tenantId, objectId: user.objectId, displayName: name, email },
          (deps.clock ?? (() => new Date()))().toISOString(),
        );
      })().catch((error: unknown) => {
        seen.delete(key);
        deps.logger.warn({ err: error }, 'remembering a Teams profile failed');
      });
      return work;
    },
  };
}
