// A 3×5 pixel font for the tray badge: digits, '+', '!'. At 16 px a badge has room for two glyphs
// of 3 px with a 1 px gap, so the count stays legible without a font engine. Rows top to bottom,
// '#' = ink.

const GLYPHS: Record<string, readonly string[]> = {
  '0': ['###', '#.#', '#.#', '#.#', '###'],
  '1': ['.#.', '##.', '.#.', '.#.', '###'],
  '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '.##', '..#', '###'],
  '4': ['#.#', '#.#', '###', '..#', '..#'],
  '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'],
  '7': ['###', '..#', '.#.', '.#.', '.#.'],
  '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'],
  '+': ['...', '.#.', '###', '.#.', '...'],
  '!': ['.#.', '.#.', '.#.', '...', '.#.'],
};

export const GLYPH_WIDTH = 3;
export const GLYPH_HEIGHT = 5;
export const GLYPH_GAP = 1;

/** The badge text for an unread count: 1–99 as digits, more as "9+" (two glyphs fit at 16 px). */
export function badgeText(count: number): string {
  if (!Number.isFinite(count) || count <= 0) return '';
  const whole = Math.floor(count);
  return whole > 99 ? '9+' : String(whole);
}

/** Ink cells of `text` in font pixels, origin top-left; unknown characters draw nothing. */
export function textCells(text: string): { width: number; height: number; cells: [number, number][] } {
  const cells: [number, number][] = [];
  [...text].forEach((char, index) => {
    const rows = GLYPHS[char];
    if (!rows) return;
    const left = index * (GLYPH_WIDTH + GLYPH_GAP);
    rows.forEach((row, y) => {
      [...row].forEach((cell, x) => {
        if (cell === '#') cells.push([left + x, y]);
      });
    });
  });
  const width = text.length === 0 ? 0 : text.length * GLYPH_WIDTH + (text.length - 1) * GLYPH_GAP;
  return { width, height: GLYPH_HEIGHT, cells };
}
