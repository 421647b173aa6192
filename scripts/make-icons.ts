/**
 * Generates manifest/color.png (192×192) and manifest/outline.png (32×32) from a small vector
 * description: a speech bubble with two lines of text, the app's "ask the service" mark.
 * Run: npx tsx scripts/make-icons.ts  — the output is deterministic, so re-running changes nothing.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeRgbaPng, type RgbaImage } from './png-image.js';

/** Accent colour, kept equal to manifest accentColor (#0B5C8C). */
const ACCENT: readonly [number, number, number] = [0x0b, 0x5c, 0x8c];
const WHITE: readonly [number, number, number] = [255, 255, 255];

type Shape = (x: number, y: number) => boolean;

// Shapes are drawn in a 32×32 design space and scaled per icon.
function roundedRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
}

function triangle(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): Shape {
  const side = (px: number, py: number, qx: number, qy: number, x: number, y: number) => (qx - px) * (y - py) - (qy - py) * (x - px);
  return (x, y) => {
    const d1 = side(ax, ay, bx, by, x, y);
    const d2 = side(bx, by, cx, cy, x, y);
    const d3 = side(cx, cy, ax, ay, x, y);
    return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
  };
}

const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y));
const minus =
  (a: Shape, b: Shape): Shape =>
  (x, y) =>
    a(x, y) && !b(x, y);

const bubble = union(roundedRect(4, 6, 28, 22, 4), triangle(8, 21, 14, 21, 7, 27));
const bubbleInside = union(roundedRect(6, 8, 26, 20, 2.5), triangle(9.5, 19.5, 12.5, 19.5, 8.6, 23.5));
const textLines = union(roundedRect(10, 11.5, 22, 13.5, 1), roundedRect(10, 15, 19, 17, 1));

/** Fraction of `shape` covering pixel (px, py), from a 4×4 grid of samples (anti-aliasing). */
function coverage(shape: Shape, px: number, py: number, scale: number): number {
  let hits = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      if (shape((px + (sx + 0.5) / 4) / scale, (py + (sy + 0.5) / 4) / scale)) hits++;
    }
  }
  return hits / 16;
}

/** Colour icon: white bubble on the accent background, text lines in the accent colour. */
export function renderColorIcon(size = 192): RgbaImage {
  const scale = size / 32;
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const white = coverage(minus(bubble, textLines), x, y, scale);
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) pixels[i + c] = Math.round(ACCENT[c]! * (1 - white) + WHITE[c]! * white);
      pixels[i + 3] = 255;
    }
  }
  return { width: size, height: size, pixels };
}

/** Outline icon: white bubble outline and text lines on a transparent background, nothing else. */
export function renderOutlineIcon(size = 32): RgbaImage {
  const scale = size / 32;
  const mark = union(minus(bubble, bubbleInside), textLines);
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const alpha = Math.round(coverage(mark, x, y, scale) * 255);
      const i = (y * size + x) * 4;
      // Fully transparent pixels stay 0,0,0,0; every visible pixel is pure white.
      if (alpha > 0) pixels.set([255, 255, 255, alpha], i);
    }
  }
  return { width: size, height: size, pixels };
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const manifestDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'manifest');
  writeFileSync(path.join(manifestDir, 'color.png'), encodeRgbaPng(renderColorIcon()));
  writeFileSync(path.join(manifestDir, 'outline.png'), encodeRgbaPng(renderOutlineIcon()));
  console.log(`wrote ${path.join(manifestDir, 'color.png')} and outline.png`);
}
