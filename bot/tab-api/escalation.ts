/**
 * The tab's API for OPH's knowledge gaps, tickets and KB drafts (`/api/tab/gaps`, `/tickets`,
 * `/kb-drafts`), written out on its own; bot/features/guidance/escalation/tab-routes.ts maps the
 * repository's rows to these.
 */

export type ApiTicketState = 'open' | 'assigned' | 'answered' | 'closed';

/** Questions asked alike, grouped. */
export interface ApiGapGroup {
  questionNorm: string;
  /** The latest wording of the question in the group. */
  question: string;
  count: number;
  firstAt: string;
  lastAt: string;
  langs: string[];
  articleIds: string[];
  /** 👎 comments, newest first (at most five). */
  comments: string[];
}

/** `GET /gaps` */
export interface ApiGaps {
  days: number;
  /** Start of the window, ISO. */
  since: string;
  unanswered: ApiGapGroup[];
  downvoted: ApiGapGroup[];
  /** Titles of the articles the groups mention, in the reader's language. */
  articleTitles: Record<string, string>;
}

/** A ticket in OPH's list: no conversation, activity or object ids. */
export interface ApiTicket {
  id: string;
  ref: string;
  state: ApiTicketState;
  lang: string;
  question: string;
  articleId: string | null;
  askerName: string;
  institutionId: string | null;
  institutionNames: { fi: string; sv: string; en: string } | null;
  conversationKind: string;
  assigneeName: string | null;
  assignedAt: string | null;
  answer: string | null;
  answeredByName: string | null;
  answeredAt: string | null;
  closedAt: string | null;
  expertPostState: 'pending' | 'posted' | 'failed' | 'none';
  delivery: 'thread' | 'chat' | 'personal' | 'failed' | null;
  createdAt: string;
  updatedAt: string;
}

/** `GET /tickets` */
export interface ApiTickets {
  tickets: ApiTicket[];
}

/** A knowledge-base draft written from an expert's answer. */
export interface ApiKbDraft {
  id: string;
  ticketId: string;
  ticketRef: string;
  lang: string;
  question: string;
  answer: string;
  articleId: string | null;
  createdAt: string;
}

/** `GET /kb-drafts` */
export interface ApiKbDrafts {
  drafts: ApiKbDraft[];
}
