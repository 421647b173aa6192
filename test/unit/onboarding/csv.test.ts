import assert from 'node:assert/strict';
import { csvCell, toCsv } from '../../../bot/features/onboarding/csv.js';

describe('onboarding CSV', () => {
  it('starts with a BOM and ends every line with CRLF', () => {
    const csv = toCsv([['a', 'b'], ['c', 1]]);
    assert.equal(csv, '\uFEFFa,b\r\nc,1\r\n');
  });

  it('quotes separators, quotes and line breaks', () => {
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('line1\nline2'), '"line1\nline2"');
    assert.equal(csvCell('a;b'), '"a;b"', 'semicolon too, for Excel in Finnish locale');
    assert.equal(csvCell(null), '');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    for (const evil of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\r=1']) {
      const cell = csvCell(evil);
      assert.ok(cell.replace(/^"/, '').startsWith("'"), `${JSON.stringify(evil)} → ${cell}`);
    }
    assert.equal(csvCell(-5), '-5', 'numbers we produce stay numbers');
    assert.equal(csvCell('Pohjanlahti'), 'Pohjanlahti');
  });
});
