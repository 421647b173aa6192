/** Issue 15 item 9: the tab's date inputs carry the UI language (with region) where the browser honours it. */
import assert from 'node:assert/strict';
import { stampDateInputs, DATE_INPUT_LOCALES } from '../../../tab/src/date-inputs.js';

describe('date inputs follow the UI language (issue 15 item 9)', () => {
  it('every date input under the root gets the UI language with its region', () => {
    const inputs = [{ lang: '' }, { lang: 'en-US' }];
    const selectors: string[] = [];
    const root = {
      querySelectorAll: (selector: string) => {
        selectors.push(selector);
        return inputs as unknown as NodeListOf<HTMLInputElement>;
      },
    } as unknown as Pick<ParentNode, 'querySelectorAll'>;
    assert.equal(stampDateInputs(root, 'fi'), 2);
    assert.deepEqual(selectors, ['input[type="date"]']);
    assert.deepEqual(
      inputs.map((i) => i.lang),
      ['fi-FI', 'fi-FI'],
    );
    stampDateInputs(root, 'en');
    assert.deepEqual(
      inputs.map((i) => i.lang),
      ['en-GB', 'en-GB'],
      'day-first English, never mm/dd/yyyy',
    );
    assert.deepEqual(DATE_INPUT_LOCALES, { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' });
  });
});
