/**
 * How the e2e suites operate the tab's Fluent controls (tab/src/controls.ts) where they used native ones:
 * Playwright's selectOption/inputValue/check work only on <select>/<input>. These do what a user does
 * (open the dropdown, click the choice; click the radio) and read what the page reads.
 */
import type { Locator } from 'playwright-core';

/** A fluent-dropdown by its name attribute, e.g. dropdownNamed(page, 'vendor'). */
export function dropdownNamed(scope: { locator(selector: string): Locator }, name: string): Locator {
  return scope.locator(`fluent-dropdown[name="${name}"]`);
}

/** Opens the dropdown and clicks the choice with this value (selectOption for a fluent-dropdown). */
export async function pickOption(dropdown: Locator, value: string): Promise<void> {
  await dropdown.locator('[slot="control"]').click();
  await dropdown.locator(`fluent-option[value="${value}"]`).click();
}

/** The value of the chosen option ('' when none), as the tab's selectedValue() reads it. */
export function chosenValue(dropdown: Locator): Promise<string> {
  return dropdown.evaluate((element) => {
    const chosen = [...element.querySelectorAll('fluent-option')].find((option) => (option as unknown as { selected: boolean }).selected);
    return (chosen as unknown as { value: string } | undefined)?.value ?? '';
  });
}

/** The texts of a dropdown's choices, in order (what allInnerTexts() of a select's options gave). */
export function choiceTexts(dropdown: Locator): Promise<string[]> {
  return dropdown.locator('fluent-option').evaluateAll((options) => options.map((option) => (option.textContent ?? '').trim()));
}

/** The focusable combobox button of a dropdown: disabled with the dropdown (isDisabled() reads it). */
export function dropdownButton(dropdown: Locator): Locator {
  return dropdown.locator('[slot="control"]');
}
