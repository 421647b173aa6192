import type { Lang } from '../../bot/i18n/index.js';
import type { ApiClient } from './api.js';
import type { Capabilities } from './capabilities.js';

/** What /api/tab/me returns. The optional flags are used when the server sends them (see capabilities.ts). */
export interface Me {
  tenantId: string;
  objectId: string;
  displayName: string;
  role: string;
  lang: Lang;
  institution: { id: string; nameFi: string; nameSv: string; nameEn: string } | null;
  permissions: {
    view: boolean;
    editAny: boolean;
    editOwnPlan: boolean;
    manageUsers: boolean;
    exportData: boolean;
    giveFeedback?: boolean;
    vote?: boolean;
    triageFeedback?: boolean;
    viewKnowledgeGaps?: boolean;
    answerTickets?: boolean;
    announce?: boolean;
    approveAnnouncements?: boolean;
  };
}

/** Everything a view needs, handed down from main.ts. */
export interface ViewContext {
  api: ApiClient;
  lang: Lang;
  me: Me;
  /** Which pages and controls to show; the server checks every call again. */
  caps: Capabilities;
  navigate(hash: string): void;
}
