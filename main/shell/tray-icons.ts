// TrayState → NativeImage. The pixels come from tray-icon-raster.ts (pure, unit-tested); this file
// only turns them into Electron images: @1x from the raw bitmap, @2x added as a PNG
// representation, and on macOS a template image so the menu bar tints it for light and dark.
// https://www.electronjs.org/docs/latest/api/native-image#template-image-macos
import type { NativeImage } from 'electron';
import type { TrayState } from '../core/app/tray-state.ts';
import { encodePng } from './png-encoder.ts';
import { renderTrayIcon, toBgra, type IconStyle } from './tray-icon-raster.ts';

/** The slice of Electron's `nativeImage` module this adapter uses (a fake in unit tests). */
export interface NativeImageFactory {
  createFromBitmap(buffer: Buffer, options: { width: number; height: number; scaleFactor?: number }): NativeImage;
}

/** The icon depends on the state's kind and count only (not on the tooltip or the menu's words). */
export interface TrayIconFactory {
  (state: Pick<TrayState, 'kind' | 'unreadTotal' | 'tooltip'>): NativeImage;
}

/** Icon styles per OS: macOS wants template images; Windows and Linux get colour. */
export function iconStyleFor(platform: NodeJS.Platform | string): IconStyle {
  return platform === 'darwin' ? 'template' : 'color';
}

/** Tray icons are 16 pt: 16 px at @1x, 32 px at @2x (HiDPI Windows, Retina). */
export const TRAY_ICON_POINTS = 16;

export function createTrayIconFactory(nativeImage: NativeImageFactory, platform: NodeJS.Platform | string): TrayIconFactory {
  const style = iconStyleFor(platform);
  const cache = new Map<string, NativeImage>();
  return (state) => {
    // Counts above 99 draw the same "9+", so they share one image.
    const count = state.kind === 'unread' ? Math.min(Math.max(0, Math.floor(state.unreadTotal)), 100) : 0;
    const key = `${state.kind}:${count}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const base = renderTrayIcon({ kind: state.kind, unreadTotal: count, size: TRAY_ICON_POINTS, style });
    const image = nativeImage.createFromBitmap(toBgra(base), { width: base.width, height: base.height, scaleFactor: 1 });
    const doubled = renderTrayIcon({ kind: state.kind, unreadTotal: count, size: TRAY_ICON_POINTS * 2, style });
    image.addRepresentation({ scaleFactor: 2, width: doubled.width, height: doubled.height, buffer: encodePng(doubled) });
    if (style === 'template') image.setTemplateImage(true);
    cache.set(key, image);
    return image;
  };
}
