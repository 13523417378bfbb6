// One Graph request, in the form it takes inside a JSON $batch (and when sent alone).
// Sync modules produce GraphRequests and consume GraphResponses without doing I/O, so the
// engine can pack the inbox delta, the calendar delta and the unread count into one $batch.

export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface GraphRequest {
  method: GraphMethod;
  /**
   * Relative to the version root, starting with '/': "/me/mailFolders('inbox')/messages/delta?…".
   * Absolute nextLink/deltaLink URLs are accepted too; the client makes them relative.
   */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface GraphResponse<T = unknown> {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: T;
}
