// Translations: the same key set in every language (also enforced by the Dictionary type),
// no empty strings, the same {placeholders}, and the locale fallbacks.
import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en.ts';
import { ru } from '../../renderer/src/i18n/ru.ts';
import { createTranslate, dictionaryFor, interpolate, resolveLocale } from '../../renderer/src/i18n/i18n.ts';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();

describe('dictionaries', () => {
  it('have exactly the same keys in en and ru', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
  });

  it('have no empty strings and the same placeholders per key', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(en[key].trim(), key).not.toBe('');
      expect(ru[key].trim(), key).not.toBe('');
      expect(placeholders(ru[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('name the actions exactly as the tests and screen readers expect in English', () => {
    expect([en['action.markRead'], en['action.markUnread'], en['action.flag'], en['action.archive'], en['action.delete'], en['action.reply'], en['action.openInOutlook']]).toEqual([
      'Mark as read',
      'Mark as unread',
      'Flag',
      'Archive',
      'Delete',
      'Reply',
      'Open in Outlook',
    ]);
    expect(en['message.showImages']).toBe('Show images');
    expect(en['firstRun.signIn']).toBe('Sign in with Microsoft');
  });
});

describe('locale', () => {
  it('takes the first valid candidate (settings override, host, browser)', () => {
    expect(resolveLocale(null, 'ru-RU', 'en-US')).toBe('ru-RU');
    expect(resolveLocale('en-GB', 'ru-RU')).toBe('en-GB');
    expect(resolveLocale('not a locale!', undefined, 'ru')).toBe('ru');
    expect(resolveLocale(null, '', undefined)).toBe('en-US');
  });

  it('picks the dictionary by language and falls back to English', () => {
    expect(dictionaryFor('ru-RU')).toBe(ru);
    expect(dictionaryFor('RU')).toBe(ru);
    expect(dictionaryFor('de-DE')).toBe(en);
  });

  it('interpolates values and leaves unknown placeholders visible', () => {
    expect(interpolate('Updated {ago}', { ago: '2 min ago' })).toBe('Updated 2 min ago');
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(createTranslate('ru-RU')('status.updated', { ago: '2 мин. назад' })).toBe('Обновлено 2 мин. назад');
  });
});
