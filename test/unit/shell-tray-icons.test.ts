import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { NativeImage } from 'electron';
import type { TrayStateKind } from '../../main/core/app/tray-state.ts';
import { badgeText, textCells } from '../../main/shell/pixel-font.ts';
import { crc32, encodePng } from '../../main/shell/png-encoder.ts';
import { BADGE, renderAppIcon, renderTrayIcon, toBgra, type RgbaBitmap } from '../../main/shell/tray-icon-raster.ts';
import { createTrayIconFactory, iconStyleFor, type NativeImageFactory } from '../../main/shell/tray-icons.ts';
import { iconFiles } from '../../main/shell/generate-icons.ts';

const KINDS: TrayStateKind[] = ['signedOut', 'allRead', 'unread', 'offline', 'problem', 'paused'];

function alphaAt(b: RgbaBitmap, x: number, y: number): number {
  return b.data[(y * b.width + x) * 4 + 3] ?? 0;
}

/** Pixels (x, y) inside the badge circle at this size. */
function badgePixels(size: number): [number, number][] {
  const unit = size / 16;
  const out: [number, number][] = [];
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      if (Math.hypot(x + 0.5 - BADGE.cx * unit, y + 0.5 - BADGE.cy * unit) <= (BADGE.r - 0.6) * unit) out.push([x, y]);
    }
  }
  return out;
}

function regionBytes(b: RgbaBitmap, pixels: [number, number][]): string {
  return pixels.map(([x, y]) => Array.from(b.data.subarray((y * b.width + x) * 4, (y * b.width + x) * 4 + 4)).join(',')).join(';');
}

describe('badge text and font', () => {
  it('counts 1–99 as digits, more as 9+, nothing for 0 or junk', () => {
    expect(badgeText(3)).toBe('3');
    expect(badgeText(12)).toBe('12');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('9+');
    expect(badgeText(0)).toBe('');
    expect(badgeText(-4)).toBe('');
    expect(badgeText(Number.NaN)).toBe('');
  });

  it('lays glyphs out 3 px wide with a 1 px gap', () => {
    expect(textCells('12').width).toBe(7);
    expect(textCells('').width).toBe(0);
    expect(textCells('1').cells.length).toBeGreaterThan(0);
  });
});

describe('renderTrayIcon', () => {
  for (const size of [16, 32]) {
    it(`draws every state at ${size} px, each different`, () => {
      const images = KINDS.map((kind) => renderTrayIcon({ kind, unreadTotal: 3, size, style: 'color' }));
      for (const image of images) {
        expect(image.width).toBe(size);
        expect(image.data.length).toBe(size * size * 4);
        expect(image.data.some((byte, i) => i % 4 === 3 && byte > 0)).toBe(true);
      }
      const distinct = new Set(images.map((image) => Buffer.from(image.data).toString('base64')));
      expect(distinct.size).toBe(KINDS.length);
    });
  }

  it('unread has ink in the badge region; all read has none there', () => {
    const pixels = badgePixels(16);
    const unread = renderTrayIcon({ kind: 'unread', unreadTotal: 3, size: 16, style: 'color' });
    const allRead = renderTrayIcon({ kind: 'allRead', unreadTotal: 0, size: 16, style: 'color' });
    const red = pixels.filter(([x, y]) => {
      const i = (y * 16 + x) * 4;
      return (unread.data[i] ?? 0) > 180 && (unread.data[i + 1] ?? 0) < 90 && alphaAt(unread, x, y) > 200;
    });
    expect(red.length).toBeGreaterThan(10);
    const allReadRed = pixels.filter(([x, y]) => {
      const i = (y * 16 + x) * 4;
      return (allRead.data[i] ?? 0) > 180 && (allRead.data[i + 1] ?? 0) < 90;
    });
    expect(allReadRed).toHaveLength(0);
  });

  it('draws the count: 3 and 12 differ in the badge, 12 and 12 do not', () => {
    for (const size of [16, 32]) {
      const pixels = badgePixels(size);
      const three = renderTrayIcon({ kind: 'unread', unreadTotal: 3, size, style: 'color' });
      const twelve = renderTrayIcon({ kind: 'unread', unreadTotal: 12, size, style: 'color' });
      const twelveAgain = renderTrayIcon({ kind: 'unread', unreadTotal: 12, size, style: 'color' });
      expect(regionBytes(three, pixels)).not.toBe(regionBytes(twelve, pixels));
      expect(regionBytes(twelve, pixels)).toBe(regionBytes(twelveAgain, pixels));
      // White digit pixels exist inside the badge.
      const white = pixels.filter(([x, y]) => (twelve.data[(y * size + x) * 4 + 1] ?? 0) === 255);
      expect(white.length).toBeGreaterThan(4);
    }
  });

  it('template images are monochrome black with alpha; the digits are cut out', () => {
    for (const kind of KINDS) {
      const image = renderTrayIcon({ kind, unreadTotal: 7, size: 32, style: 'template' });
      for (let i = 0; i < image.data.length; i += 4) {
        if ((image.data[i + 3] ?? 0) > 0) expect([image.data[i], image.data[i + 1], image.data[i + 2]]).toEqual([0, 0, 0]);
      }
    }
    const unread = renderTrayIcon({ kind: 'unread', unreadTotal: 8, size: 16, style: 'template' });
    const holes = badgePixels(16).filter(([x, y]) => alphaAt(unread, x, y) === 0);
    expect(holes.length).toBeGreaterThan(3);
  });

  it('toBgra swaps red and blue only', () => {
    const bitmap = { width: 1, height: 1, data: new Uint8Array([10, 20, 30, 40]) };
    expect([...toBgra(bitmap)]).toEqual([30, 20, 10, 40]);
  });
});

describe('encodePng', () => {
  it('writes a valid PNG: signature, IHDR, CRCs, and the pixels back out of IDAT', () => {
    const bitmap = renderTrayIcon({ kind: 'unread', unreadTotal: 5, size: 16, style: 'color' });
    const png = encodePng(bitmap);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    let offset = 8;
    const chunks: { type: string; data: Buffer }[] = [];
    while (offset < png.length) {
      const length = png.readUInt32BE(offset);
      const type = png.toString('ascii', offset + 4, offset + 8);
      const data = png.subarray(offset + 8, offset + 8 + length);
      expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
      chunks.push({ type, data });
      offset += 12 + length;
    }
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const ihdr = chunks[0]!.data;
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8], ihdr[9]]).toEqual([16, 16, 8, 6]);
    const raw = inflateSync(chunks[1]!.data);
    const row3 = raw.subarray(3 * 65 + 1, 4 * 65);
    expect([...row3]).toEqual([...bitmap.data.subarray(3 * 64, 4 * 64)]);
  });

  it('crc32 matches the known value for "IEND"', () => {
    expect(crc32(Buffer.from('IEND'))).toBe(0xae426082);
  });

  it('refuses a bitmap whose size does not match', () => {
    expect(() => encodePng({ width: 2, height: 2, data: new Uint8Array(3) })).toThrow(RangeError);
  });
});

describe('packaging icons', () => {
  it('has the 512 px app icon and @1x/@2x colour and template tray PNGs for every state', () => {
    const files = iconFiles();
    const icon = files.get('icon.png');
    expect(icon?.readUInt32BE(16)).toBe(512);
    for (const kind of KINDS) {
      for (const name of [`tray/${kind}.png`, `tray/${kind}@2x.png`, `tray/${kind}Template.png`, `tray/${kind}Template@2x.png`]) {
        expect(files.has(name), name).toBe(true);
      }
      expect(files.get(`tray/${kind}@2x.png`)?.readUInt32BE(16)).toBe(32);
    }
    const app = renderAppIcon(64);
    expect(alphaAt(app, 32, 32)).toBe(255);
    expect(alphaAt(app, 0, 0)).toBe(0); // rounded corner
  });
});

describe('createTrayIconFactory', () => {
  function fakeNativeImage() {
    const created: { options: { width: number; height: number; scaleFactor?: number }; reps: number[]; template: boolean }[] = [];
    const factory: NativeImageFactory = {
      createFromBitmap(buffer, options) {
        expect(buffer.length).toBe(options.width * options.height * 4);
        const record = { options, reps: [] as number[], template: false };
        created.push(record);
        return {
          addRepresentation: (rep: { scaleFactor: number; buffer?: Buffer }) => {
            expect(rep.buffer?.subarray(1, 4).toString('ascii')).toBe('PNG');
            record.reps.push(rep.scaleFactor);
          },
          setTemplateImage: (on: boolean) => {
            record.template = on;
          },
        } as unknown as NativeImage;
      },
    };
    return { factory, created };
  }

  it('macOS: template images with a @2x representation', () => {
    const { factory, created } = fakeNativeImage();
    createTrayIconFactory(factory, 'darwin')({ kind: 'unread', unreadTotal: 4, tooltip: '' });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ options: { width: 16, height: 16, scaleFactor: 1 }, reps: [2], template: true });
  });

  it('Windows/Linux: colour images, cached per state and count', () => {
    const { factory, created } = fakeNativeImage();
    const iconFor = createTrayIconFactory(factory, 'win32');
    const a = iconFor({ kind: 'unread', unreadTotal: 4, tooltip: 'x' });
    const b = iconFor({ kind: 'unread', unreadTotal: 4, tooltip: 'y' });
    iconFor({ kind: 'unread', unreadTotal: 5, tooltip: '' });
    iconFor({ kind: 'unread', unreadTotal: 500, tooltip: '' });
    iconFor({ kind: 'unread', unreadTotal: 900, tooltip: '' }); // same "9+" image
    expect(a).toBe(b);
    expect(created).toHaveLength(3);
    expect(created.every((c) => !c.template)).toBe(true);
    expect(iconStyleFor('linux')).toBe('color');
  });
});
