// The inbox shortcuts: which key does what, and when keys are left alone.
import { describe, expect, it } from 'vitest';
import { inboxActionForKey, moveSelection, type KeyInput } from '../../renderer/src/lib/keyboard.ts';

const press = (key: string, extra: Partial<KeyInput> = {}): ReturnType<typeof inboxActionForKey> =>
  inboxActionForKey({ key, ctrlKey: false, metaKey: false, altKey: false, inTextField: false, ...extra });

describe('inboxActionForKey', () => {
  it('maps the documented keys', () => {
    expect(press('j')).toBe('next');
    expect(press('k')).toBe('previous');
    expect(press('ArrowDown')).toBe('next');
    expect(press('ArrowUp')).toBe('previous');
    expect(press('Enter')).toBe('open');
    expect(press('e')).toBe('archive');
    expect(press('#')).toBe('delete');
    expect(press('r')).toBe('reply');
    expect(press('u')).toBe('toggleUnread');
    expect(press('s')).toBe('toggleFlag');
  });

  it('ignores other keys, including inherited object keys', () => {
    expect(press('x')).toBeNull();
    expect(press('J')).toBeNull();
    expect(press('toString')).toBeNull();
    expect(press('constructor')).toBeNull();
  });

  it('leaves keys alone while typing or with a modifier (browser and OS shortcuts)', () => {
    expect(press('e', { inTextField: true })).toBeNull();
    expect(press('r', { ctrlKey: true })).toBeNull();
    expect(press('s', { metaKey: true })).toBeNull();
    expect(press('j', { altKey: true })).toBeNull();
  });
});

describe('moveSelection', () => {
  it('starts at the first row going down and the last going up', () => {
    expect(moveSelection(-1, 1, 5)).toBe(0);
    expect(moveSelection(-1, -1, 5)).toBe(4);
  });

  it('moves and clamps to the list', () => {
    expect(moveSelection(2, 1, 5)).toBe(3);
    expect(moveSelection(4, 1, 5)).toBe(4);
    expect(moveSelection(0, -1, 5)).toBe(0);
  });

  it('returns -1 for an empty list', () => {
    expect(moveSelection(-1, 1, 0)).toBe(-1);
  });
});
