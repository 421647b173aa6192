import { deflateSync, inflateSync } from 'node:zlib';
import { crc32 } from './crc32.js';

/**
 * Just enough PNG for the Teams icons: read the size from IHDR, write 8-bit RGBA, and decode the
 * common non-interlaced 8-bit formats so the outline icon's pixels can be checked.
 */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngSize {
  width: number;
  height: number;
}

export interface RgbaImage extends PngSize {
  /** width × height × 4 bytes, row-major, RGBA. */
  pixels: Uint8Array;
}

export class PngError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PngError';
  }
}

interface Chunk {
  type: string;
  data: Buffer;
}

function* chunks(png: Buffer): Generator<Chunk> {
  if (png.length < SIGNATURE.length || !png.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
    throw new PngError('not a PNG file (bad signature)');
  }
  let offset = SIGNATURE.length;
  while (offset + 12 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const end = offset + 8 + length;
    if (end + 4 > png.length) throw new PngError(`truncated ${type} chunk`);
    const data = png.subarray(offset + 8, end);
    const expected = png.readUInt32BE(end);
    if (crc32(png.subarray(offset + 4, end)) !== expected) throw new PngError(`bad CRC in ${type} chunk`);
    yield { type, data };
    if (type === 'IEND') return;
    offset = end + 4;
  }
  throw new PngError('missing IEND chunk');
}

interface Header extends PngSize {
  bitDepth: number;
  colorType: number;
  interlace: number;
}

function readHeader(png: Buffer): Header {
  if (png.length < 33 || !png.subarray(0, 8).equals(SIGNATURE)) throw new PngError('not a PNG file (bad signature)');
  // IHDR must be the first chunk: length 13 at byte 8, type at 12, data at 16.
  if (png.readUInt32BE(8) !== 13 || png.toString('latin1', 12, 16) !== 'IHDR') throw new PngError('first chunk is not IHDR');
  return {
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
    bitDepth: png[24]!,
    colorType: png[25]!,
    interlace: png[28]!,
  };
}

/** Width and height from the IHDR chunk, without decoding the image. */
export function readPngSize(png: Buffer): PngSize {
  const { width, height } = readHeader(png);
  return { width, height };
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes 8-bit RGBA, non-interlaced, filter 0 on every row (deterministic output). */
export function encodeRgbaPng(image: RgbaImage): Buffer {
  const { width, height, pixels } = image;
  if (pixels.length !== width * height * 4) throw new PngError('pixel buffer does not match width × height × 4');
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    Buffer.from(pixels.buffer, pixels.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Decodes 8-bit greyscale, grey+alpha, RGB or RGBA non-interlaced PNGs into RGBA. Palette, 16-bit
 * and interlaced images are refused with a PngError (our icons never use them).
 */
export function decodePng(png: Buffer): RgbaImage {
  const header = readHeader(png);
  const channels = CHANNELS[header.colorType];
  if (header.bitDepth !== 8 || channels === undefined || header.interlace !== 0) {
    throw new PngError(
      `unsupported PNG format (bit depth ${header.bitDepth}, colour type ${header.colorType}, interlace ${header.interlace}); use 8-bit RGBA`,
    );
  }
  const idat: Buffer[] = [];
  for (const c of chunks(png)) if (c.type === 'IDAT') idat.push(c.data);
  const raw = inflateSync(Buffer.concat(idat));
  const { width, height } = header;
  const stride = width * channels;
  if (raw.length < (stride + 1) * height) throw new PngError('image data shorter than the header promises');

  const out = new Uint8Array(width * height * 4);
  let previous = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const current = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? current[i - channels]! : 0;
      const up = previous[i]!;
      const upLeft = i >= channels ? previous[i - channels]! : 0;
      const x = line[i]!;
      let value: number;
      switch (filter) {
        case 0: value = x; break;
        case 1: value = x + left; break;
        case 2: value = x + up; break;
        case 3: value = x + ((left + up) >> 1); break;
        case 4: value = x + paeth(left, up, upLeft); break;
        default: throw new PngError(`unknown filter type ${filter} on row ${y}`);
      }
      current[i] = value & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const src = x * channels;
      const dst = (y * width + x) * 4;
      if (channels === 1 || channels === 2) {
        out[dst] = out[dst + 1] = out[dst + 2] = current[src]!;
        out[dst + 3] = channels === 2 ? current[src + 1]! : 255;
      } else {
        out[dst] = current[src]!;
        out[dst + 1] = current[src + 1]!;
        out[dst + 2] = current[src + 2]!;
        out[dst + 3] = channels === 4 ? current[src + 3]! : 255;
      }
    }
    previous = current;
  }
  return { width, height, pixels: out };
}
