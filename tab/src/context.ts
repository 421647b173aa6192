import type { Lang } from '../../bot/i18n/index.js';
import type { ApiClient } from './api.js';

/** What /api/tab/me returns. */
export interface Me {
  tenantId: string;
  objectId: string;
  displayName: string;
  role: string;
  lang: Lang;
  institution: { id: string; nameFi: string; nameSv: string; nameEn: string } | null;
  permissions: { view: boolean; editAny: boolean; editOwnPlan: boolean; manageUsers: boolean; exportData: boolean };
}

/** Everything a view needs, handed down from main.ts. */
export interface ViewContext {
  api: ApiClient;
  lang: Lang;
  me: Me;
  navigate(hash: string): void;
}
