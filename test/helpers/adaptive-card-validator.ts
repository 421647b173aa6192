/**
 * Validates a card with the official `adaptivecards` parser under the host config Teams uses for bot
 * cards: schema 1.5, interactivity on, at most 6 actions in a list. Returns every parse and validation
 * event as readable strings, so a test can assert the list is empty and show what went wrong if not.
 */
import * as AC from 'adaptivecards';

const TEAMS_HOST_CONFIG = new AC.HostConfig({
  supportsInteractivity: true,
  actions: { maxActions: 6, actionsOrientation: 'horizontal' },
});

export function adaptiveCardProblems(cardJson: unknown): string[] {
  const card = new AC.AdaptiveCard();
  card.hostConfig = TEAMS_HOST_CONFIG;
  const context = new AC.SerializationContext(new AC.Version(1, 5));
  card.parse(cardJson as object, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    problems.push(`parse: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of card.validateProperties().validationEvents) {
    if (event.event === AC.ValidationEvent.Hint) continue;
    problems.push(`validate: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  return problems;
}
