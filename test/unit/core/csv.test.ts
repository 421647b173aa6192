import assert from 'node:assert/strict';
import { CSV_BOM, csvCell, toCsv } from '../../../bot/csv.js';

/** A tiny RFC 4180 reader: enough to prove that what the writer quotes parses back to the same cells. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      records.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  assert.equal(cell + row.join(''), '', 'the file ends with a complete record');
  return records;
}

describe('CSV writer (every export)', () => {
  describe('formula neutralisation', () => {
    const cases: Array<[name: string, input: string, expected: string]> = [
      ['=', '=1+1', "'=1+1"],
      ['+', '+1+1', "'+1+1"],
      ['-', '-2+3', "'-2+3"],
      ['@', '@SUM(A1)', "'@SUM(A1)"],
      ['tab', '\t=1', `'\t=1`],
      ['carriage return', '\r=1', `"'\r=1"`],
      ['|', '|calc', "'|calc"],
      ['%', '%0A', "'%0A"],
      ['full-width ＝', '＝1+1', "'＝1+1"],
      ['full-width ＋', '＋1', "'＋1"],
      ['full-width －', '－1', "'－1"],
      ['full-width ＠', '＠SUM(A1)', "'＠SUM(A1)"],
    ];
    for (const [name, input, expected] of cases) {
      it(`prefixes a text cell starting with ${name} with an apostrophe`, () => {
        assert.equal(csvCell(input), expected);
      });
    }

    it('quotes a neutralised formula that also holds quotes or separators', () => {
      assert.equal(csvCell('=HYPERLINK("https://evil.example","x")'), `"'=HYPERLINK(""https://evil.example"",""x"")"`);
      assert.equal(csvCell('=cmd|" /C calc"!A0'), `"'=cmd|"" /C calc""!A0"`);
    });

    it('leaves text with those characters elsewhere alone', () => {
      for (const text of ['a=1', 'x+y', 'Helsinki-Vantaa', 'me@example.fi', 'a|b', '50%', 'Ａ＝Ｂ']) {
        assert.equal(csvCell(text), text, text);
      }
    });

    it('writes numbers and booleans as data, never prefixed', () => {
      assert.equal(csvCell(-5), '-5');
      assert.equal(csvCell(3), '3');
      assert.equal(csvCell(true), 'true');
      assert.equal(csvCell(false), 'false');
    });
  });

  describe('quoting', () => {
    it('leaves plain cells bare and writes empty values as empty cells', () => {
      assert.equal(csvCell('Pohjanlahti'), 'Pohjanlahti');
      assert.equal(csvCell('Åsa Öberg'), 'Åsa Öberg');
      assert.equal(csvCell(null), '');
      assert.equal(csvCell(undefined), '');
      assert.equal(csvCell(''), '');
    });

    it('quotes commas and semicolons (Excel’s separator in the Finnish locale)', () => {
      assert.equal(csvCell('a,b'), '"a,b"');
      assert.equal(csvCell('a;b'), '"a;b"');
    });

    it('doubles inner quotes', () => {
      assert.equal(csvCell('sanoi "hei"'), '"sanoi ""hei"""');
      assert.equal(csvCell('"'), '""""');
    });

    it('quotes line breaks of every kind', () => {
      assert.equal(csvCell('rivi\nrivi'), '"rivi\nrivi"');
      assert.equal(csvCell('rivi\r\nrivi'), '"rivi\r\nrivi"');
      assert.equal(csvCell('rivi\rrivi'), '"rivi\rrivi"');
    });

    it('quotes leading and trailing whitespace so it survives a spreadsheet import', () => {
      assert.equal(csvCell(' lead'), '" lead"');
      assert.equal(csvCell('trail '), '"trail "');
      assert.equal(csvCell(' padded '), '" padded "');
    });
  });

  describe('file', () => {
    it('starts with a UTF-8 byte-order mark', () => {
      const csv = toCsv([['a']]);
      assert.ok(csv.startsWith(CSV_BOM));
      assert.equal(Buffer.from(csv, 'utf8').subarray(0, 3).toString('hex'), 'efbbbf');
    });

    it('ends every record, the last one too, with CRLF', () => {
      assert.equal(
        toCsv([
          ['nimi', 'tila', 'määrä'],
          ['Åsa Öberg', 'kuitattu', 1],
          ['Pohjanlahti', null, 0],
        ]),
        '\uFEFFnimi,tila,määrä\r\nÅsa Öberg,kuitattu,1\r\nPohjanlahti,,0\r\n',
      );
    });

    it('round-trips multi-line, quoted and neutralised cells through an RFC 4180 reader', () => {
      const rows = [
        ['ref', 'text', 'formula'],
        ['KE-2026-0001', 'first\r\nsecond, "quoted"', '=1+1'],
        ['KE-2026-0002', 'a;b\nc', '＠x'],
      ];
      const csv = toCsv(rows);
      assert.deepEqual(parseCsv(csv.slice(CSV_BOM.length)), [
        ['ref', 'text', 'formula'],
        ['KE-2026-0001', 'first\r\nsecond, "quoted"', "'=1+1"],
        ['KE-2026-0002', 'a;b\nc', "'＠x"],
      ]);
    });
  });
});
