import assert from 'node:assert/strict';
import { csvCell, toCsv } from '../../../bot/features/announcements/csv.js';

describe('announcements CSV', function () {
  it('starts with a UTF-8 BOM and ends rows with CRLF', function () {
    const csv = toCsv([['nimi', 'tila'], ['Åsa Öberg', 'kuitattu']]);
    assert.ok(csv.startsWith('\uFEFF'));
    assert.equal(csv, '\uFEFFnimi,tila\r\nÅsa Öberg,kuitattu\r\n');
  });

  it('defuses spreadsheet formulas', function () {
    for (const evil of ['=HYPERLINK("http://x")', '+1+1', '-2', '@SUM(A1)', '\tcmd']) {
      assert.ok(csvCell(evil).replace(/^"/, '').startsWith("'"), `${JSON.stringify(evil)} is prefixed`);
    }
    assert.equal(csvCell(-2), '-2', 'numbers stay numbers');
  });

  it('quotes separators, quotes and line breaks', function () {
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('sanoi "hei"'), '"sanoi ""hei"""');
    assert.equal(csvCell('rivi\nrivi'), '"rivi\nrivi"');
    assert.equal(csvCell(null), '');
  });
});
