import { PNG } from 'pngjs';

/**
 * The Teams icons' PNG needs, on `pngjs`: read the size, decode any PNG to 8-bit RGBA (so the outline
 * icon's pixels can be checked), and encode 8-bit RGBA for scripts/make-icons.ts. pngjs checks chunk
 * CRCs and handles every colour type, bit depth and interlacing; its errors become PngError so the
 * package builder can report them as icon problems.
 */

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

function read(png: Buffer): PNG {
  try {
    return PNG.sync.read(png);
  } catch (error) {
    throw new PngError(`not a readable PNG file (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Width and height of the image. */
export function readPngSize(png: Buffer): PngSize {
  const { width, height } = read(png);
  return { width, height };
}

/** Decodes any PNG into 8-bit RGBA (pngjs scales 16-bit, expands palettes and greys, adds opaque alpha). */
export function decodePng(png: Buffer): RgbaImage {
  const image = read(png);
  return { width: image.width, height: image.height, pixels: new Uint8Array(image.data) };
}

/**
 * Encodes 8-bit RGBA, non-interlaced; the same pixels give the same bytes. Filter "None" on every row
 * and zlib's default deflate strategy at level 9 (pngjs defaults to adaptive filters and Z_RLE): for
 * flat-colour icons that is the smallest output, and it reproduces the committed icons byte for byte.
 */
export function encodeRgbaPng(image: RgbaImage): Buffer {
  const { width, height, pixels } = image;
  if (pixels.length !== width * height * 4) throw new PngError('pixel buffer does not match width × height × 4');
  const png = new PNG({ width, height });
  png.data = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.length);
  return PNG.sync.write(png, { colorType: 6, inputColorType: 6, bitDepth: 8, deflateLevel: 9, deflateStrategy: 0, filterType: 0 });
}
