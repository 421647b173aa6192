import type { TicketState } from '../../../store/guidance-repository.js';

/**
 * The ticket lifecycle. An expert takes a ticket (open → assigned), answers it (→ answered) and
 * closes it; a ticket that needs no answer (spam, duplicate) may be closed from open or assigned.
 */
export const TRANSITIONS: Readonly<Record<TicketState, readonly TicketState[]>> = {
  open: ['assigned', 'closed'],
  assigned: ['answered', 'closed'],
  answered: ['closed'],
  closed: [],
};

export function canTransition(from: TicketState, to: TicketState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The states a ticket may be in for a move to `to` (the repository's guard). */
export function statesLeadingTo(to: TicketState): TicketState[] {
  return (Object.keys(TRANSITIONS) as TicketState[]).filter((from) => canTransition(from, to));
}
