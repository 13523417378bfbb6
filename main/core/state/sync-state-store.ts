// Per-account sync state on disk: one JSON file per account (`sync-<hash>.json`) in the
// profile directory, holding whatever the engine hands over (delta links, watermark, reminder
// state, the notification ledger) inside a small versioned envelope. Writes are atomic
// (atomic-write.ts) and serialized per account, and a save that arrives while another is
// waiting replaces it (last state wins, one rename). A file that cannot be read back is moved
// aside and a fresh state flagged `recovered` is returned, so the engine can take the next
// sync as a baseline and notify nothing old: never a crash, never a flood of old mail.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { systemClock, type Clock } from '../clock.ts';
import { silentLogger, type Logger } from '../log.ts';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-write.ts';
import { quarantineFile } from './quarantine.ts';

/** Version of the envelope format (not of the payload, which the caller's schema owns). */
export const SYNC_STATE_ENVELOPE_VERSION = 1;

export const syncStateEnvelopeSchema = z.object({
  version: z.literal(SYNC_STATE_ENVELOPE_VERSION),
  accountId: z.string().min(1),
  savedAt: z.number().int().nonnegative(),
  payload: z.unknown(),
});
export type SyncStateEnvelope = z.infer<typeof syncStateEnvelopeSchema>;

export interface LoadedSyncState<T> {
  state: T;
  /** True when nothing was on disk (first run for this account). */
  fresh: boolean;
  /**
   * True when a file existed but could not be used (unparseable, wrong shape, another
   * account's). The engine must treat the next sync as a baseline: record, notify nothing.
   */
  recovered: boolean;
  /** Where the unusable file was moved, when `recovered`. */
  backupPath?: string;
}

export class SyncStateError extends Error {
  override readonly name = 'SyncStateError';
  constructor(
    message: string,
    readonly accountId: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface SyncStateStoreOptions {
  /** The profile directory; created on first save. */
  directory: string;
  clock?: Clock;
  log?: Logger;
}

interface QueuedWrite {
  data: string;
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface AccountQueue {
  /** Settles when the last queued operation for the account has finished (never rejects). */
  tail: Promise<void>;
  /** A write queued behind the running one; later saves overwrite its data. */
  waiting?: QueuedWrite;
}

export class SyncStateStore {
  private readonly directory: string;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly queues = new Map<string, AccountQueue>();
  private writeCount = 0;
  private writtenBytes = 0;

  constructor(options: SyncStateStoreOptions) {
    this.directory = options.directory;
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? silentLogger;
  }

  /** Files written so far (coalesced saves count once): for diagnostics and benchmarks. */
  get writes(): number {
    return this.writeCount;
  }

  /** Bytes of the files written so far: for benchmarks (what a busy inbox costs the disk). */
  get bytesWritten(): number {
    return this.writtenBytes;
  }

  /** The file for an account. Hashed so any account id makes a safe, fixed-length name. */
  fileFor(accountId: string): string {
    const digest = createHash('sha256').update(accountId, 'utf8').digest('hex').slice(0, 24);
    return path.join(this.directory, `sync-${digest}.json`);
  }

  /**
   * Loads an account's state, validated by the caller's schema. Missing → `fresh()`.
   * Unusable → file moved to `*.corrupt-<ts>`, warning logged, `fresh()` with `recovered`.
   */
  load<T>(accountId: string, schema: z.ZodType<T>, fresh: () => T): Promise<LoadedSyncState<T>> {
    return this.enqueue(accountId, () => this.loadNow(accountId, schema, fresh));
  }

  /** Persists `payload` atomically. Resolves once it (or a newer save) is durable on disk. */
  save(accountId: string, payload: unknown): Promise<void> {
    const envelope: SyncStateEnvelope = {
      version: SYNC_STATE_ENVELOPE_VERSION,
      accountId,
      savedAt: this.clock.now(),
      payload,
    };
    let data: string;
    try {
      // Serialized now, so the caller may keep mutating its objects after save() returns.
      data = JSON.stringify(envelope);
    } catch (error) {
      return Promise.reject(new SyncStateError('Sync state is not serializable as JSON', accountId, { cause: error }));
    }
    const queue = this.queueFor(accountId);
    if (queue.waiting) {
      queue.waiting.data = data;
      return queue.waiting.promise;
    }
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const write: QueuedWrite = { data, promise, resolve, reject };
    queue.waiting = write;
    queue.tail = queue.tail.then(async () => {
      queue.waiting = undefined;
      try {
        this.writeCount += 1;
        this.writtenBytes += Buffer.byteLength(write.data, 'utf8');
        await writeFileAtomic(this.fileFor(accountId), write.data);
        write.resolve();
      } catch (error) {
        write.reject(new SyncStateError('Could not write sync state', accountId, { cause: error }));
      }
    });
    return promise;
  }

  /** Deletes an account's state (sign-out). */
  remove(accountId: string): Promise<void> {
    return this.enqueue(accountId, () => fs.rm(this.fileFor(accountId), { force: true }));
  }

  /** Waits for every queued write (shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.tail));
  }

  private async loadNow<T>(accountId: string, schema: z.ZodType<T>, fresh: () => T): Promise<LoadedSyncState<T>> {
    const file = this.fileFor(accountId);
    // Only debris from a crash: no write for this account is running while we are queued.
    const stale = await removeStaleTempFiles(file);
    if (stale.length > 0) this.log.warn({ accountId, stale }, 'Removed temp files left by an interrupted write');

    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if (isMissing(error)) return { state: fresh(), fresh: true, recovered: false };
      return this.recover(accountId, file, fresh, `unreadable (${errorCode(error)})`);
    }

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.recover(accountId, file, fresh, 'not valid JSON (truncated or corrupted)');
    }
    const envelope = syncStateEnvelopeSchema.safeParse(json);
    if (!envelope.success) return this.recover(accountId, file, fresh, `bad envelope: ${summarize(envelope.error)}`);
    if (envelope.data.accountId !== accountId) return this.recover(accountId, file, fresh, 'belongs to another account');
    const payload = schema.safeParse(envelope.data.payload);
    if (!payload.success) return this.recover(accountId, file, fresh, `bad payload: ${summarize(payload.error)}`);
    return { state: payload.data, fresh: false, recovered: false };
  }

  private async recover<T>(accountId: string, file: string, fresh: () => T, reason: string): Promise<LoadedSyncState<T>> {
    let backupPath: string | undefined;
    try {
      backupPath = await quarantineFile(file, this.clock.now());
    } catch (error) {
      // Could not move it aside (read-only disk?): the next save will overwrite it anyway.
      this.log.error({ accountId, file, reason: errorCode(error) }, 'Could not back up unusable sync state');
    }
    this.log.warn({ accountId, file, backupPath, reason }, 'Sync state was unusable; starting fresh (next sync is a baseline)');
    return backupPath === undefined
      ? { state: fresh(), fresh: false, recovered: true }
      : { state: fresh(), fresh: false, recovered: true, backupPath };
  }

  private queueFor(accountId: string): AccountQueue {
    let queue = this.queues.get(accountId);
    if (!queue) {
      queue = { tail: Promise.resolve() };
      this.queues.set(accountId, queue);
    }
    return queue;
  }

  private enqueue<R>(accountId: string, operation: () => Promise<R>): Promise<R> {
    const queue = this.queueFor(accountId);
    const result = queue.tail.then(operation);
    queue.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

function isMissing(error: unknown): boolean {
  return errorCode(error) === 'ENOENT';
}

function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.name : 'unknown';
}

function summarize(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
