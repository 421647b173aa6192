import type { Identity, UserContext, UserDirectory } from './roles.js';
import type { Lang } from '../i18n/index.js';

/**
 * Resolves an authenticated identity to the app's own role and institution mapping. Anyone not in the
 * mapping is a Participant: they may ask, give feedback and vote, nothing more.
 */
export function createUserResolver(users: UserDirectory) {
  return async function resolveUser(identity: Identity, lang: Lang): Promise<UserContext> {
    const row = await users.find(identity.tenantId, identity.objectId);
    return {
      tenantId: identity.tenantId,
      objectId: identity.objectId,
      displayName: identity.displayName ?? row?.displayName,
      role: row?.role ?? 'Participant',
      institutionId: row?.institutionId ?? null,
      lang,
    };
  };
}
