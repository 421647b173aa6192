import { can, type UserContext } from '../../auth/roles.js';
import type { FeedbackItem, PersonKey } from '../../store/feedback-repository.js';
import { samePerson } from '../../store/repository-helpers.js';
import { PUBLIC_TYPES, type Status } from './model.js';

/**
 * The lifecycle OPH runs: new → under review → planned → done, with rejection possible from every open
 * state. Done, rejected and duplicate are final; a duplicate is reached only through a merge.
 */
const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  new: ['under_review', 'rejected'],
  under_review: ['planned', 'rejected'],
  planned: ['done', 'rejected'],
  done: [],
  rejected: [],
  duplicate: [],
};

export function nextStatuses(from: string): readonly Status[] {
  return TRANSITIONS[from as Status] ?? [];
}

export function canTransition(from: string, to: string): boolean {
  return nextStatuses(from).includes(to as Status);
}

/** A rejection always explains itself to the submitter. */
export function reasonRequired(to: string): boolean {
  return to === 'rejected';
}

export { samePerson };

export function isSubmitter(user: PersonKey, item: Pick<FeedbackItem, 'submitter'>): boolean {
  return samePerson(user, item.submitter);
}

/** OPH sees everything; others see public types and their own items (no other institution's feedback). */
export function canSee(user: UserContext, item: Pick<FeedbackItem, 'submitter' | 'type'>): boolean {
  if (can(user, 'triage-feedback')) return true;
  if (isSubmitter(user, item)) return true;
  return (PUBLIC_TYPES as readonly string[]).includes(item.type);
}
