// What an inbox delta round tells the rest of the engine, item by item.
import type { MailItem } from './mail-item.ts';

export type MailChange =
  | { kind: 'added'; item: MailItem; previous?: undefined }
  | { kind: 'updated'; item: MailItem; previous: MailItem }
  | { kind: 'removed'; id: string; previous?: MailItem };
