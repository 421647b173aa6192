import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { PNG } from 'pngjs';
import { buildZip, readZip, ZipError, type ZipEntry } from '../../../scripts/zip-archive.js';
import { decodePng, encodeRgbaPng, PngError, readPngSize } from '../../../scripts/png-image.js';

const MANIFEST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'manifest');
const read = (name: string) => readFileSync(path.join(MANIFEST_DIR, name));

const entries: ZipEntry[] = [
  { name: 'manifest.json', data: Buffer.from('{"name":"Oppijanumero"}'.repeat(40)) },
  { name: 'sv.json', data: Buffer.from('{"name.short":"Elevnummer – å, ä, ö"}'.repeat(5)) },
  { name: 'color.png', data: read('color.png') },
  { name: 'noise.bin', data: noise(512) },
];

/** Bytes that do not compress (a hash chain), so the writer must store them. */
function noise(length: number): Buffer {
  const blocks: Buffer[] = [];
  let block = Buffer.from('seed');
  while (blocks.length * 64 < length) blocks.push((block = createHash('sha512').update(block).digest()));
  return Buffer.concat(blocks).subarray(0, length);
}

interface CentralRecord {
  name: string;
  method: number;
  crc: number;
  dosTime: number;
  dosDate: number;
}

/** The central directory, read by hand so the test checks fflate's output independently of fflate. */
function centralDirectory(zip: Buffer): CentralRecord[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let cursor = zip.readUInt32LE(end + 16);
  const records: CentralRecord[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(cursor), 0x02014b50);
    const nameLength = zip.readUInt16LE(cursor + 28);
    records.push({
      name: zip.toString('utf8', cursor + 46, cursor + 46 + nameLength),
      method: zip.readUInt16LE(cursor + 10),
      dosTime: zip.readUInt16LE(cursor + 12),
      dosDate: zip.readUInt16LE(cursor + 14),
      crc: zip.readUInt32LE(cursor + 16),
    });
    cursor += 46 + nameLength + zip.readUInt16LE(cursor + 30) + zip.readUInt16LE(cursor + 32);
  }
  return records;
}

function inTimeZone<T>(zone: string, run: () => T): T {
  const previous = process.env.TZ;
  process.env.TZ = zone;
  try {
    return run();
  } finally {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  }
}

describe('app package zip (fflate)', () => {
  it('gives the same bytes in every time zone (fixed entry times)', () => {
    const helsinki = inTimeZone('Europe/Helsinki', () => buildZip(entries));
    for (const zone of ['UTC', 'Pacific/Kiritimati', 'America/Adak']) {
      assert.ok(inTimeZone(zone, () => buildZip(entries)).equals(helsinki), zone);
    }
    for (const record of centralDirectory(helsinki)) {
      assert.equal(record.dosDate, (0 << 9) | (1 << 5) | 1, `${record.name}: 1980-01-01`);
      assert.equal(record.dosTime, 12 << 11, `${record.name}: 12:00:00`);
    }
  });

  it('keeps the order, deflates what compresses, stores what does not, and writes CRCs node:zlib agrees with', () => {
    const zip = buildZip(entries);
    const records = centralDirectory(zip);
    assert.deepEqual(
      records.map((r) => [r.name, r.method]),
      [
        ['manifest.json', 8],
        ['sv.json', 8],
        ['color.png', 8],
        ['noise.bin', 0],
      ],
    );
    records.forEach((record, i) => assert.equal(record.crc, crc32(entries[i]!.data), record.name));
  });

  it('reads back what it wrote, in order', () => {
    const back = readZip(buildZip(entries));
    assert.deepEqual(
      back.map((e) => e.name),
      entries.map((e) => e.name),
    );
    back.forEach((e, i) => assert.ok(e.data.equals(entries[i]!.data), e.name));
  });

  it('refuses unsafe, duplicate and order-breaking names, and unreadable archives', () => {
    const data = Buffer.from('x');
    for (const name of ['', '/abs', 'a\\b', '../evil', 'a//b']) {
      assert.throws(() => buildZip([{ name, data }]), ZipError, JSON.stringify(name));
    }
    assert.throws(
      () =>
        buildZip([
          { name: 'a.json', data },
          { name: 'a.json', data },
        ]),
      /duplicate entry name/,
    );
    assert.throws(
      () =>
        buildZip([
          { name: 'a.json', data },
          { name: '7', data },
        ]),
      /cannot keep their order/,
    );
    assert.throws(() => readZip(Buffer.from('not a zip at all, just text')), ZipError);
  });
});

describe('icon PNGs (pngjs)', () => {
  it('encodes the same pixels to the same bytes, and decodes them back', () => {
    const pixels = new Uint8Array(4 * 4 * 4);
    for (let i = 0; i < pixels.length; i += 4) pixels.set([11, 92, 140, i % 8 ? 255 : 0], i);
    const png = encodeRgbaPng({ width: 4, height: 4, pixels });
    assert.ok(encodeRgbaPng({ width: 4, height: 4, pixels }).equals(png));
    assert.deepEqual(readPngSize(png), { width: 4, height: 4 });
    assert.deepEqual(decodePng(png).pixels, pixels);
    assert.throws(() => encodeRgbaPng({ width: 4, height: 4, pixels: new Uint8Array(3) }), PngError);
  });

  it('regenerating the icons reproduces the committed files byte for byte', async () => {
    const { renderColorIcon, renderOutlineIcon } = await import('../../../scripts/make-icons.js');
    assert.ok(encodeRgbaPng(renderColorIcon()).equals(read('color.png')), 'color.png');
    assert.ok(encodeRgbaPng(renderOutlineIcon()).equals(read('outline.png')), 'outline.png');
  });

  it('decodes other colour types (RGB without alpha, greyscale) to RGBA with opaque alpha', () => {
    const source = new PNG({ width: 2, height: 1 });
    source.data = Buffer.from([0, 0, 0, 255, 255, 255, 255, 255]);
    for (const colorType of [2, 0] as const) {
      const png = PNG.sync.write(source, { colorType, inputColorType: 6, bitDepth: 8 });
      assert.equal(png[25], colorType, 'the file really has that colour type');
      assert.deepEqual([...decodePng(png).pixels], [0, 0, 0, 255, 255, 255, 255, 255], `colour type ${colorType}`);
    }
  });

  it('turns a damaged file into a PngError', () => {
    const png = Buffer.from(read('outline.png'));
    assert.throws(() => decodePng(Buffer.from('GIF89a')), PngError);
    png[png.length - 20] = png[png.length - 20]! ^ 0xff; // inside the image data: the chunk CRC no longer matches
    assert.throws(() => decodePng(png), PngError);
  });
});
