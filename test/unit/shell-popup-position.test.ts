import { describe, expect, it } from 'vitest';
import { isEmptyRect, popupPosition, taskbarEdge, type DisplayArea } from '../../main/shell/popup-position.ts';

const popup = { width: 380, height: 560 };
const bounds = { x: 0, y: 0, width: 1920, height: 1080 };

const display = (workArea: DisplayArea['workArea'], b = bounds): DisplayArea => ({ bounds: b, workArea });

function inside(p: { x: number; y: number }, area: DisplayArea['workArea']): boolean {
  return p.x >= area.x && p.y >= area.y && p.x + popup.width <= area.x + area.width && p.y + popup.height <= area.y + area.height;
}

describe('taskbarEdge', () => {
  it('reads the edge from where the work area is short of the bounds', () => {
    expect(taskbarEdge(display({ x: 0, y: 0, width: 1920, height: 1040 }), null)).toBe('bottom');
    expect(taskbarEdge(display({ x: 0, y: 25, width: 1920, height: 1055 }), null)).toBe('top');
    expect(taskbarEdge(display({ x: 60, y: 0, width: 1860, height: 1080 }), null)).toBe('left');
    expect(taskbarEdge(display({ x: 0, y: 0, width: 1860, height: 1080 }), null)).toBe('right');
  });

  it('with an auto-hidden taskbar, takes the display edge nearest the tray', () => {
    const full = display(bounds);
    expect(taskbarEdge(full, { x: 1800, y: 1060, width: 20, height: 20 })).toBe('bottom');
    expect(taskbarEdge(full, { x: 1800, y: 2, width: 20, height: 20 })).toBe('top');
    expect(taskbarEdge(full, { x: 2, y: 500, width: 20, height: 20 })).toBe('left');
    expect(taskbarEdge(full, { x: 1900, y: 500, width: 20, height: 20 })).toBe('right');
    expect(taskbarEdge(full, null)).toBe('bottom');
  });
});

describe('popupPosition', () => {
  it('Windows, taskbar at the bottom: above the icon, centred on it', () => {
    const area = { x: 0, y: 0, width: 1920, height: 1040 };
    const p = popupPosition({ popup, trayBounds: { x: 1700, y: 1045, width: 24, height: 30 }, display: display(area) });
    expect(p).toEqual({ x: 1712 - 190, y: 1040 - 560 - 8 });
    expect(inside(p, area)).toBe(true);
  });

  it('macOS menu bar (top): below the icon', () => {
    const area = { x: 0, y: 25, width: 1440, height: 875 };
    const p = popupPosition({
      popup,
      trayBounds: { x: 1000, y: 0, width: 22, height: 24 },
      display: display(area, { x: 0, y: 0, width: 1440, height: 900 }),
    });
    expect(p).toEqual({ x: 1011 - 190, y: 25 + 8 });
  });

  it('taskbar on the left: right of the taskbar, centred vertically on the icon', () => {
    const area = { x: 60, y: 0, width: 1860, height: 1080 };
    const p = popupPosition({ popup, trayBounds: { x: 10, y: 700, width: 40, height: 40 }, display: display(area) });
    expect(p).toEqual({ x: 68, y: 720 - 280 });
  });

  it('taskbar on the right: left of the taskbar', () => {
    const area = { x: 0, y: 0, width: 1860, height: 1080 };
    const p = popupPosition({ popup, trayBounds: { x: 1870, y: 300, width: 40, height: 40 }, display: display(area) });
    expect(p).toEqual({ x: 1860 - 380 - 8, y: 320 - 280 });
  });

  it('clamps an icon in the corner so the popup stays inside the work area', () => {
    const area = { x: 0, y: 0, width: 1920, height: 1040 };
    const corner = popupPosition({ popup, trayBounds: { x: 1900, y: 1045, width: 20, height: 30 }, display: display(area) });
    expect(corner.x).toBe(1920 - 380 - 8);
    expect(inside(corner, area)).toBe(true);
    const left = { x: 0, y: 0, width: 1860, height: 1080 };
    const top = popupPosition({ popup, trayBounds: { x: 1870, y: 0, width: 40, height: 40 }, display: display(left) });
    expect(top.y).toBe(8);
  });

  it('works on a second display with negative coordinates', () => {
    const b = { x: -1280, y: -200, width: 1280, height: 1024 };
    const area = { x: -1280, y: -200, width: 1280, height: 984 };
    const p = popupPosition({ popup, trayBounds: { x: -100, y: 790, width: 24, height: 30 }, display: display(area, b) });
    expect(inside(p, area)).toBe(true);
    expect(p.y).toBe(-200 + 984 - 560 - 8);
  });

  it('Linux without tray bounds: bottom-right of the display the cursor is on', () => {
    const area = { x: 1920, y: 32, width: 2560, height: 1408 };
    const p = popupPosition({ popup, trayBounds: { x: 0, y: 0, width: 0, height: 0 }, display: display(area, { x: 1920, y: 0, width: 2560, height: 1440 }) });
    expect(p).toEqual({ x: 1920 + 2560 - 380 - 8, y: 32 + 1408 - 560 - 8 });
    expect(popupPosition({ popup, trayBounds: null, display: display(area) })).toEqual(p);
  });

  it('a popup taller than the work area pins to its top instead of leaving the screen', () => {
    const area = { x: 0, y: 0, width: 800, height: 500 };
    const p = popupPosition({ popup, trayBounds: { x: 700, y: 505, width: 20, height: 20 }, display: display(area, { x: 0, y: 0, width: 800, height: 530 }) });
    expect(p.y).toBe(8);
  });

  it('isEmptyRect', () => {
    expect(isEmptyRect(null)).toBe(true);
    expect(isEmptyRect({ x: 5, y: 5, width: 0, height: 10 })).toBe(true);
    expect(isEmptyRect({ x: 5, y: 5, width: 1, height: 1 })).toBe(false);
  });
});
