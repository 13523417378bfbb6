// Tray icons drawn by code: an envelope glyph plus a state mark (count badge, slash, '!', pause),
// rasterized into RGBA bitmaps. Pure TypeScript, no native image library, so the pixels are
// unit-tested under plain Node and the same code writes the PNGs in resources/.
//
// Shapes are designed on a 16-unit grid and scaled; edges are anti-aliased by 4×4 supersampling.
// The badge digits are snapped to whole pixels (a 3×5 pixel font) so they stay crisp at 16 px.
import type { TrayStateKind } from '../core/app/tray-state.ts';
import { badgeText, textCells } from './pixel-font.ts';

export interface RgbaBitmap {
  width: number;
  height: number;
  /** width × height × 4 bytes, RGBA, not premultiplied. */
  data: Uint8Array;
}

/** 'color' for Windows and Linux trays; 'template' = black + alpha for macOS (`setTemplateImage`). */
export type IconStyle = 'color' | 'template';

export interface TrayIconSpec {
  kind: TrayStateKind;
  unreadTotal: number;
  size: number;
  style: IconStyle;
}

type Rgba = readonly [number, number, number, number];
type Shape = (x: number, y: number) => boolean;

const INK: Rgba = [40, 40, 40, 255];
const PAPER: Rgba = [250, 250, 250, 255];
const BADGE_RED: Rgba = [217, 48, 37, 255];
const PROBLEM_AMBER: Rgba = [230, 140, 0, 255];
const PAUSED_SLATE: Rgba = [96, 110, 130, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const BLACK: Rgba = [0, 0, 0, 255];
const SUPERSAMPLE = 4;

/** Where the badge sits, in 16-grid units (also used by tests to look at the badge region). */
export const BADGE = { cx: 11.5, cy: 11.5, r: 4.5, ring: 5.6 } as const;

class Canvas {
  readonly data: Uint8Array;
  constructor(readonly size: number) {
    this.data = new Uint8Array(size * size * 4);
  }

  /** Composites `color` over the canvas where `shape` (in 16-grid units) covers. */
  fill(shape: Shape, color: Rgba, opacity = 1): void {
    this.forCoverage(shape, (index, coverage) => {
      const a = (color[3] / 255) * coverage * opacity;
      const d = this.data;
      const da = (d[index + 3] ?? 0) / 255;
      const outA = a + da * (1 - a);
      if (outA <= 0) return;
      for (let c = 0; c < 3; c += 1) {
        const blended = (color[c]! * a + (d[index + c] ?? 0) * da * (1 - a)) / outA;
        d[index + c] = Math.round(blended);
      }
      d[index + 3] = Math.round(outA * 255);
    });
  }

  /** Erases where `shape` covers (a transparent gap around the badge, template cut-outs). */
  clear(shape: Shape): void {
    this.forCoverage(shape, (index, coverage) => {
      this.data[index + 3] = Math.round((this.data[index + 3] ?? 0) * (1 - coverage));
    });
  }

  /** Whole-pixel rectangle (pixel coordinates), for crisp font cells. */
  pixelRect(x: number, y: number, w: number, h: number, color: Rgba | 'clear'): void {
    for (let py = y; py < y + h; py += 1) {
      for (let px = x; px < x + w; px += 1) {
        if (px < 0 || py < 0 || px >= this.size || py >= this.size) continue;
        const i = (py * this.size + px) * 4;
        if (color === 'clear') {
          this.data[i + 3] = 0;
        } else {
          this.data.set(color, i);
        }
      }
    }
  }

  private forCoverage(shape: Shape, apply: (index: number, coverage: number) => void): void {
    const unit = this.size / 16;
    const samples = SUPERSAMPLE * SUPERSAMPLE;
    for (let py = 0; py < this.size; py += 1) {
      for (let px = 0; px < this.size; px += 1) {
        let hits = 0;
        for (let sy = 0; sy < SUPERSAMPLE; sy += 1) {
          for (let sx = 0; sx < SUPERSAMPLE; sx += 1) {
            const x = (px + (sx + 0.5) / SUPERSAMPLE) / unit;
            const y = (py + (sy + 0.5) / SUPERSAMPLE) / unit;
            if (shape(x, y)) hits += 1;
          }
        }
        if (hits > 0) apply((py * this.size + px) * 4, hits / samples);
      }
    }
  }
}

function distanceToSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

const insideRect = (left: number, top: number, right: number, bottom: number): Shape => (x, y) =>
  x >= left && x <= right && y >= top && y <= bottom;
const circle = (cx: number, cy: number, r: number): Shape => (x, y) => Math.hypot(x - cx, y - cy) <= r;
const segment = (ax: number, ay: number, bx: number, by: number, width: number): Shape => (x, y) =>
  distanceToSegment(x, y, ax, ay, bx, by) <= width / 2;

const ENVELOPE = { left: 1, top: 3.5, right: 15, bottom: 12.5, stroke: 1.3 } as const;
const envelopeBody = insideRect(ENVELOPE.left, ENVELOPE.top, ENVELOPE.right, ENVELOPE.bottom);
const envelopeInside = insideRect(
  ENVELOPE.left + ENVELOPE.stroke,
  ENVELOPE.top + ENVELOPE.stroke,
  ENVELOPE.right - ENVELOPE.stroke,
  ENVELOPE.bottom - ENVELOPE.stroke,
);
const envelopeBorder: Shape = (x, y) => envelopeBody(x, y) && !envelopeInside(x, y);
const envelopeFlap: Shape = (x, y) =>
  envelopeBody(x, y) &&
  (distanceToSegment(x, y, ENVELOPE.left, ENVELOPE.top, 8, 8.6) <= ENVELOPE.stroke / 2 ||
    distanceToSegment(x, y, 8, 8.6, ENVELOPE.right, ENVELOPE.top) <= ENVELOPE.stroke / 2);

function drawEnvelope(canvas: Canvas, style: IconStyle, opacity: number, hollow: boolean): void {
  if (style === 'color' && !hollow) canvas.fill(envelopeInside, PAPER, opacity);
  const ink = style === 'template' ? BLACK : INK;
  canvas.fill(envelopeBorder, ink, opacity);
  canvas.fill(envelopeFlap, ink, opacity);
}

function drawBadge(canvas: Canvas, style: IconStyle, color: Rgba): void {
  canvas.clear(circle(BADGE.cx, BADGE.cy, BADGE.ring));
  canvas.fill(circle(BADGE.cx, BADGE.cy, BADGE.r), style === 'template' ? BLACK : color);
}

/** Text centred on the badge in whole pixels: white on colour, cut out of a template badge. */
function drawBadgeText(canvas: Canvas, style: IconStyle, text: string): void {
  const scale = Math.max(1, Math.floor(canvas.size / 16));
  const { width, height, cells } = textCells(text);
  const unit = canvas.size / 16;
  const left = Math.round(BADGE.cx * unit - (width * scale) / 2);
  const top = Math.round(BADGE.cy * unit - (height * scale) / 2);
  for (const [cx, cy] of cells) {
    canvas.pixelRect(left + cx * scale, top + cy * scale, scale, scale, style === 'template' ? 'clear' : WHITE);
  }
}

function drawPauseBars(canvas: Canvas, style: IconStyle): void {
  const bar = style === 'template' ? null : WHITE;
  const shape: Shape = (x, y) =>
    y >= BADGE.cy - 2 && y <= BADGE.cy + 2 && ((x >= BADGE.cx - 2 && x <= BADGE.cx - 0.8) || (x >= BADGE.cx + 0.8 && x <= BADGE.cx + 2));
  if (bar) canvas.fill(shape, bar);
  else canvas.clear(shape);
}

/** Draws the tray icon for one state. */
export function renderTrayIcon(spec: TrayIconSpec): RgbaBitmap {
  const size = Math.max(8, Math.floor(spec.size));
  const canvas = new Canvas(size);
  const { style } = spec;
  switch (spec.kind) {
    case 'signedOut':
      // Hollow and faded: nothing is being watched yet.
      drawEnvelope(canvas, style, 0.55, true);
      break;
    case 'allRead':
      drawEnvelope(canvas, style, 1, false);
      break;
    case 'unread': {
      drawEnvelope(canvas, style, 1, false);
      drawBadge(canvas, style, BADGE_RED);
      drawBadgeText(canvas, style, badgeText(spec.unreadTotal));
      break;
    }
    case 'offline': {
      drawEnvelope(canvas, style, 0.55, false);
      canvas.clear(segment(2, 14.5, 14.5, 2, 3));
      canvas.fill(segment(2, 14.5, 14.5, 2, 1.4), style === 'template' ? BLACK : INK);
      break;
    }
    case 'problem':
      drawEnvelope(canvas, style, 1, false);
      drawBadge(canvas, style, PROBLEM_AMBER);
      drawBadgeText(canvas, style, '!');
      break;
    case 'paused':
      drawEnvelope(canvas, style, 0.55, false);
      drawBadge(canvas, style, PAUSED_SLATE);
      drawPauseBars(canvas, style);
      break;
  }
  return { width: size, height: size, data: canvas.data };
}

/** The 512 px (or any size) app icon: a white envelope on a rounded blue square. */
export function renderAppIcon(size: number): RgbaBitmap {
  const canvas = new Canvas(size);
  const radius = 3;
  const roundedSquare: Shape = (x, y) => {
    const qx = Math.max(Math.abs(x - 8) - (8 - 0.4 - radius), 0);
    const qy = Math.max(Math.abs(y - 8) - (8 - 0.4 - radius), 0);
    return Math.hypot(qx, qy) <= radius;
  };
  canvas.fill(roundedSquare, [0, 103, 192, 255]);
  const inset = (shape: Shape): Shape => (x, y) => shape((x - 8) / 0.7 + 8, (y - 8) / 0.7 + 8);
  canvas.fill(inset(envelopeInside), WHITE);
  canvas.fill(inset(envelopeBorder), WHITE);
  canvas.fill(inset(envelopeFlap), [0, 103, 192, 255]);
  return { width: size, height: size, data: canvas.data };
}

/** RGBA → the BGRA order Chromium's N32 bitmaps use on Windows, macOS and Linux (`nativeImage.createFromBitmap`). */
export function toBgra(bitmap: RgbaBitmap): Buffer {
  const out = Buffer.alloc(bitmap.data.length);
  for (let i = 0; i < bitmap.data.length; i += 4) {
    out[i] = bitmap.data[i + 2] ?? 0;
    out[i + 1] = bitmap.data[i + 1] ?? 0;
    out[i + 2] = bitmap.data[i] ?? 0;
    out[i + 3] = bitmap.data[i + 3] ?? 0;
  }
  return out;
}
