import assert from 'node:assert/strict';
import { CSV_BOM, csvCell, toCsv } from '../../../bot/features/feedback/csv.js';

describe('feedback CSV encoding', () => {
  it('starts with a UTF-8 byte-order mark and ends every line with CRLF', () => {
    const csv = toCsv(
      ['a', 'b'],
      [
        ['1', 'ä'],
        ['2', 'ö'],
      ],
    );
    assert.ok(csv.startsWith(CSV_BOM));
    assert.equal(csv, `${CSV_BOM}a,b\r\n1,ä\r\n2,ö\r\n`);
    assert.equal(Buffer.from(csv, 'utf8').subarray(0, 3).toString('hex'), 'efbbbf');
  });

  it('quotes cells with commas, quotes, semicolons, line breaks and edge spaces', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('line1\nline2'), '"line1\nline2"');
    assert.equal(csvCell('line1\r\nline2'), '"line1\r\nline2"');
    assert.equal(csvCell('a;b'), '"a;b"');
    assert.equal(csvCell(' padded '), '" padded "');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    assert.equal(csvCell('=HYPERLINK("https://evil.example","x")'), `"'=HYPERLINK(""https://evil.example"",""x"")"`);
    assert.equal(csvCell('+1+1'), "'+1+1");
    assert.equal(csvCell('-2+3'), "'-2+3");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\t=1'), "'\t=1");
    assert.equal(csvCell('a=1'), 'a=1');
  });

  it('writes numbers, booleans and empty values as they are', () => {
    assert.equal(csvCell(3), '3');
    assert.equal(csvCell(true), 'true');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(undefined), '');
  });

  it('keeps a multi-line cell in one record when parsed back', () => {
    const csv = toCsv(['ref', 'text'], [['KE-2026-0001', 'first\r\nsecond, "quoted"']]);
    const body = csv.slice(CSV_BOM.length);
    // A tiny RFC 4180 reader: enough to prove the quoting round-trips.
    const records: string[][] = [];
    let row: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < body.length; i++) {
      const c = body[i]!;
      if (quoted) {
        if (c === '"' && body[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (c === '"') quoted = false;
        else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        row.push(cell);
        cell = '';
      } else if (c === '\r' && body[i + 1] === '\n') {
        row.push(cell);
        records.push(row);
        row = [];
        cell = '';
        i++;
      } else cell += c;
    }
    assert.deepEqual(records, [
      ['ref', 'text'],
      ['KE-2026-0001', 'first\r\nsecond, "quoted"'],
    ]);
  });
});
