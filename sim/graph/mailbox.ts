// One user's mailbox: the five well-known folders, their messages sorted by receivedDateTime,
// per-folder counters, and a change log (one sequence number per change) that the delta query
// reads. Ids are immutable: a move never changes a message id (Prefer: IdType="ImmutableId").
import { createHash } from 'node:crypto';
import { insertSorted, mergeSorted, removeSorted } from './sorted-index.ts';

export const WELL_KNOWN_FOLDERS = ['inbox', 'archive', 'deleteditems', 'sentitems', 'drafts'] as const;
export type WellKnownFolder = (typeof WELL_KNOWN_FOLDERS)[number];

const FOLDER_DISPLAY_NAMES: Record<WellKnownFolder, string> = {
  inbox: 'Inbox',
  archive: 'Archive',
  deleteditems: 'Deleted Items',
  sentitems: 'Sent Items',
  drafts: 'Drafts',
};

export interface EmailAddress {
  name: string;
  address: string;
}

export type FlagStatus = 'notFlagged' | 'flagged' | 'complete';
export type Importance = 'low' | 'normal' | 'high';
export type InferenceClassification = 'focused' | 'other';

export interface SimMessage {
  readonly id: string;
  /** Also createdDateTime; sentDateTime is two seconds earlier (no extra fields: 100,000 of these). */
  readonly receivedMs: number;
  /** Set once the message changes after delivery. */
  modifiedMs?: number;
  subject: string;
  from: EmailAddress;
  to: EmailAddress[];
  /** Absent for bulk-seeded messages: generated on read to keep 100,000 messages lean. */
  bodyHtml?: string;
  importance: Importance;
  inferenceClassification: InferenceClassification;
  isRead: boolean;
  isDraft: boolean;
  flagStatus: FlagStatus;
  hasAttachments: boolean;
  categories: string[];
  folderId: string;
  /** Sequence number of the last change (creation included). */
  changeSeq: number;
  /** Bumped on every change; feeds changeKey and @odata.etag. */
  version: number;
}

export interface SimMailFolder {
  readonly id: string;
  readonly wellKnownName: WellKnownFolder;
  readonly displayName: string;
  /** Sorted ascending by (receivedMs, id). */
  messages: SimMessage[];
  unread: number;
}

/** One change: the message is in `folderId` afterwards (null when gone) and was in `prevFolderId` before. */
export interface ChangeEntry {
  readonly seq: number;
  readonly id: string;
  readonly folderId: string | null;
  readonly prevFolderId: string | null;
}

export interface NewMessage {
  subject: string;
  from: EmailAddress;
  to?: EmailAddress[];
  bodyHtml?: string;
  importance?: Importance;
  inferenceClassification?: InferenceClassification;
  receivedMs: number;
  isRead?: boolean;
  isDraft?: boolean;
  hasAttachments?: boolean;
  flagStatus?: FlagStatus;
  categories?: string[];
}

export interface MessageChange {
  isRead?: boolean;
  flagStatus?: FlagStatus;
  categories?: string[];
  importance?: Importance;
  inferenceClassification?: InferenceClassification;
}

/** Shared empty list; updates replace the array, never push into it. */
const NO_CATEGORIES: string[] = [];

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

export class Mailbox {
  readonly folders = new Map<string, SimMailFolder>();
  readonly messages = new Map<string, SimMessage>();
  readonly changes: ChangeEntry[] = [];
  seq = 0;
  /** Bumped by the admin "expire delta tokens": tokens from an older epoch answer 410. */
  tokenEpoch = 0;
  private nextLocalId = 1;
  private readonly tag: string;
  /** Shared by every message addressed to the owner alone (most of them): keeps bulk seeding lean. */
  private readonly toOwner: EmailAddress[];

  constructor(
    readonly userId: string,
    readonly owner: EmailAddress,
    /** The simulator's data clock (lastModifiedDateTime). */
    private readonly now: () => number,
  ) {
    this.tag = createHash('sha256').update(userId).digest('base64url').slice(0, 10);
    this.toOwner = [owner];
    for (const name of WELL_KNOWN_FOLDERS) {
      const id = `AQMkAD${base64url(`${this.tag}/folder/${name}`)}AAAA`;
      this.folders.set(id, { id, wellKnownName: name, displayName: FOLDER_DISPLAY_NAMES[name], messages: [], unread: 0 });
    }
  }

  /** A folder by well-known name (case-insensitive, as Graph) or by id. */
  folder(idOrName: string): SimMailFolder | undefined {
    const byId = this.folders.get(idOrName);
    if (byId) return byId;
    const name = idOrName.toLowerCase();
    for (const f of this.folders.values()) if (f.wellKnownName === name) return f;
    return undefined;
  }

  wellKnown(name: WellKnownFolder): SimMailFolder {
    const f = this.folder(name);
    if (!f) throw new Error(`missing folder ${name}`);
    return f;
  }

  newMessageId(): string {
    const n = (this.nextLocalId++).toString(36).padStart(7, '0');
    return `AAMkAG${base64url(`${this.tag}/m/${n}`)}`;
  }

  add(input: NewMessage, folder: SimMailFolder = this.wellKnown('inbox')): SimMessage {
    const message = this.build(input, folder, this.newMessageId());
    this.messages.set(message.id, message);
    insertSorted(folder.messages, message);
    if (!message.isRead) folder.unread += 1;
    this.log(message, folder.id, null);
    return message;
  }

  /** Adds many messages at once; `inputs` must be sorted ascending by receivedMs. O(n + folder). */
  addSortedBatch(inputs: readonly NewMessage[], folder: SimMailFolder = this.wellKnown('inbox')): number {
    const built: SimMessage[] = new Array<SimMessage>(inputs.length);
    for (let i = 0; i < inputs.length; i++) {
      const message = this.build(inputs[i] as NewMessage, folder, this.newMessageId());
      built[i] = message;
      this.messages.set(message.id, message);
      if (!message.isRead) folder.unread += 1;
      this.log(message, folder.id, null);
    }
    // Ids grow with the counter, so equal timestamps still come out in id order only by luck:
    // sort the batch by the full key before merging.
    built.sort((a, b) => a.receivedMs - b.receivedMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    folder.messages = mergeSorted(folder.messages, built);
    return built.length;
  }

  update(message: SimMessage, change: MessageChange): SimMessage {
    const folder = this.folders.get(message.folderId);
    if (change.isRead !== undefined && change.isRead !== message.isRead && folder) {
      folder.unread += change.isRead ? -1 : 1;
    }
    if (change.isRead !== undefined) message.isRead = change.isRead;
    if (change.flagStatus !== undefined) message.flagStatus = change.flagStatus;
    if (change.categories !== undefined) message.categories = [...change.categories];
    if (change.importance !== undefined) message.importance = change.importance;
    if (change.inferenceClassification !== undefined) message.inferenceClassification = change.inferenceClassification;
    this.log(message, message.folderId, message.folderId);
    return message;
  }

  move(message: SimMessage, destination: SimMailFolder): SimMessage {
    const source = this.folders.get(message.folderId);
    if (source === destination) return message;
    if (source) {
      removeSorted(source.messages, message);
      if (!message.isRead) source.unread -= 1;
    }
    insertSorted(destination.messages, message);
    if (!message.isRead) destination.unread += 1;
    const prev = message.folderId;
    message.folderId = destination.id;
    this.log(message, destination.id, prev);
    return message;
  }

  /** Graph's DELETE: to Deleted Items, or gone for good when already there. */
  delete(message: SimMessage): void {
    const deleted = this.wellKnown('deleteditems');
    if (message.folderId !== deleted.id) {
      this.move(message, deleted);
      return;
    }
    this.purge(message);
  }

  purge(message: SimMessage): void {
    const folder = this.folders.get(message.folderId);
    if (folder) {
      removeSorted(folder.messages, message);
      if (!message.isRead) folder.unread -= 1;
    }
    this.messages.delete(message.id);
    this.seq += 1;
    this.changes.push({ seq: this.seq, id: message.id, folderId: null, prevFolderId: message.folderId });
  }

  private build(input: NewMessage, folder: SimMailFolder, id: string): SimMessage {
    return {
      id,
      receivedMs: input.receivedMs,
      subject: input.subject,
      from: input.from,
      to: input.to ?? this.toOwner,
      ...(input.bodyHtml !== undefined ? { bodyHtml: input.bodyHtml } : {}),
      importance: input.importance ?? 'normal',
      inferenceClassification: input.inferenceClassification ?? 'focused',
      isRead: input.isRead ?? false,
      isDraft: input.isDraft ?? false,
      flagStatus: input.flagStatus ?? 'notFlagged',
      hasAttachments: input.hasAttachments ?? false,
      categories: input.categories ?? NO_CATEGORIES,
      folderId: folder.id,
      changeSeq: 0,
      version: 0,
    };
  }

  private log(message: SimMessage, folderId: string | null, prevFolderId: string | null): void {
    this.seq += 1;
    message.changeSeq = this.seq;
    message.version += 1;
    if (message.version > 1) message.modifiedMs = Math.max(this.now(), message.receivedMs);
    this.changes.push({ seq: this.seq, id: message.id, folderId, prevFolderId });
  }
}

/** First index in `changes` whose seq is > `seq` (binary search: the log is ordered). */
export function changesAfter(changes: readonly { readonly seq: number }[], seq: number): number {
  let lo = 0;
  let hi = changes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((changes[mid] as { seq: number }).seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
