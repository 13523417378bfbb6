// Where the popup goes: next to the tray icon, on the side of the taskbar it lives in, kept inside
// the display's work area. Pure, so every OS and taskbar edge is unit-tested.
//
// The taskbar edge is inferred from where the work area (display minus taskbars/docks/panels) ends
// short of the display bounds: on Windows it may be at any edge; macOS's menu bar is the top;
// Linux panels vary. Where the tray reports empty bounds (Linux StatusNotifierItem / AppIndicator
// give none: https://www.electronjs.org/docs/latest/api/tray#traygetbounds-macos-windows) the popup
// goes to the bottom-right of the display the cursor is on.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface DisplayArea {
  bounds: Rect;
  workArea: Rect;
}

export type TaskbarEdge = 'top' | 'bottom' | 'left' | 'right';

export interface PopupPlacementInput {
  popup: { width: number; height: number };
  /** `tray.getBounds()`; zero-sized or absent where the platform does not report it. */
  trayBounds: Rect | null;
  /** The display nearest the tray (or the cursor when the tray has no bounds). */
  display: DisplayArea;
  /** Space between the popup and the taskbar / screen edge. */
  margin?: number;
}

export function isEmptyRect(rect: Rect | null | undefined): boolean {
  return !rect || rect.width <= 0 || rect.height <= 0;
}

/**
 * Which edge the taskbar is on: the side where the work area is shortest of the bounds.
 * With no reserved space (auto-hide taskbar), falls back to the tray's position on the display.
 */
export function taskbarEdge(display: DisplayArea, trayBounds: Rect | null): TaskbarEdge {
  const { bounds, workArea } = display;
  const gaps: Record<TaskbarEdge, number> = {
    top: workArea.y - bounds.y,
    bottom: bounds.y + bounds.height - (workArea.y + workArea.height),
    left: workArea.x - bounds.x,
    right: bounds.x + bounds.width - (workArea.x + workArea.width),
  };
  let best: TaskbarEdge | null = null;
  for (const edge of ['bottom', 'top', 'left', 'right'] as const) {
    if (gaps[edge] > 0 && (best === null || gaps[edge] > gaps[best])) best = edge;
  }
  if (best) return best;
  if (!isEmptyRect(trayBounds) && trayBounds) {
    // Auto-hidden taskbar: the nearest display edge to the tray icon.
    const cx = trayBounds.x + trayBounds.width / 2 - bounds.x;
    const cy = trayBounds.y + trayBounds.height / 2 - bounds.y;
    const distances: [TaskbarEdge, number][] = [
      ['top', cy],
      ['bottom', bounds.height - cy],
      ['left', cx],
      ['right', bounds.width - cx],
    ];
    distances.sort((a, b) => a[1] - b[1]);
    return distances[0]?.[0] ?? 'bottom';
  }
  return 'bottom';
}

function clamp(value: number, min: number, max: number): number {
  // A popup larger than the work area pins to its start rather than going off-screen left/top.
  return Math.max(min, Math.min(value, max));
}

/** The popup's top-left corner, in whole pixels, inside the work area. */
export function popupPosition(input: PopupPlacementInput): Point {
  const margin = input.margin ?? 8;
  const { popup, display } = input;
  const area = display.workArea;
  const minX = area.x + margin;
  const minY = area.y + margin;
  const maxX = area.x + area.width - popup.width - margin;
  const maxY = area.y + area.height - popup.height - margin;

  if (isEmptyRect(input.trayBounds) || !input.trayBounds) {
    return { x: Math.round(Math.max(minX, maxX)), y: Math.round(Math.max(minY, maxY)) };
  }
  const tray = input.trayBounds;
  const trayCenterX = tray.x + tray.width / 2;
  const trayCenterY = tray.y + tray.height / 2;
  let x: number;
  let y: number;
  switch (taskbarEdge(display, tray)) {
    case 'top':
      x = trayCenterX - popup.width / 2;
      y = area.y + margin;
      break;
    case 'bottom':
      x = trayCenterX - popup.width / 2;
      y = area.y + area.height - popup.height - margin;
      break;
    case 'left':
      x = area.x + margin;
      y = trayCenterY - popup.height / 2;
      break;
    case 'right':
      x = area.x + area.width - popup.width - margin;
      y = trayCenterY - popup.height / 2;
      break;
  }
  return { x: Math.round(clamp(x, minX, Math.max(minX, maxX))), y: Math.round(clamp(y, minY, Math.max(minY, maxY))) };
}
