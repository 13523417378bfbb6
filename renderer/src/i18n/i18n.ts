// Locale choice and message lookup. The locale comes from the settings override, else the host
// (`app.info().locale`), else the browser; every date and time goes through Intl in it.
import { en, type Dictionary, type MessageKey } from './en.ts';
import { ru } from './ru.ts';

export type { MessageKey, Dictionary };
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const dictionaries: Record<string, Dictionary> = { en, ru };

/** The first usable BCP 47 tag of the candidates (null/empty/invalid ones skipped). */
export function resolveLocale(...candidates: (string | null | undefined)[]): string {
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      const [canonical] = Intl.getCanonicalLocales(candidate);
      if (canonical) return canonical;
    } catch {
      // Not a BCP 47 tag: try the next candidate.
    }
  }
  return 'en-US';
}

/** The dictionary for a locale: its language if translated, else English. */
export function dictionaryFor(locale: string): Dictionary {
  const language = locale.toLowerCase().split('-')[0] ?? 'en';
  return dictionaries[language] ?? en;
}

export function interpolate(template: string, values?: Record<string, string | number>): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function createTranslate(locale: string): Translate {
  const dictionary = dictionaryFor(locale);
  return (key, values) => interpolate(dictionary[key], values);
}

export const SUPPORTED_LANGUAGES = ['en', 'ru'] as const;
