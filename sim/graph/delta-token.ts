// Delta state tokens ($skiptoken / $deltatoken). Like Graph's, they carry the whole query
// (folder, $select, $filter, or the calendarView window), so a nextLink or deltaLink replays
// its own query and can never move its window (GRAPH-NOTES "Calendar delta"). They are opaque
// to clients: base64url JSON, checked on the way back in.
import { z } from 'zod';
import { GraphError } from './graph-call.ts';

const mailFilterSchema = z.object({ op: z.enum(['ge', 'gt']), ms: z.number() });

const mailQuerySchema = z.object({
  kind: z.literal('mail'),
  userId: z.string(),
  folderId: z.string(),
  select: z.array(z.string()).optional(),
  filter: mailFilterSchema.optional(),
  /** Graph's custom query option: later rounds report only this kind of change. */
  changeType: z.enum(['created', 'updated', 'deleted']).optional(),
  epoch: z.number().int(),
});

const calendarQuerySchema = z.object({
  kind: z.literal('calendar'),
  userId: z.string(),
  startMs: z.number(),
  endMs: z.number(),
  epoch: z.number().int(),
});

/** Where a round stands: initial (walking the data) or incremental (walking the change log). */
const positionSchema = z.discriminatedUnion('phase', [
  /** Initial round: `baseline` = change seq when the round started; cursor = last item returned. */
  z.object({ phase: z.literal('initial'), baseline: z.number().int(), returned: z.number().int(), cursor: z.object({ ms: z.number(), id: z.string() }).optional() }),
  /** Incremental round over changes in (from, to]; `offset` = distinct items already returned. */
  z.object({ phase: z.literal('incremental'), from: z.number().int(), to: z.number().int(), offset: z.number().int() }),
  /** A deltaLink: the next round covers changes after `since`. */
  z.object({ phase: z.literal('delta'), since: z.number().int() }),
]);

export const deltaStateSchema = z.object({
  query: z.discriminatedUnion('kind', [mailQuerySchema, calendarQuerySchema]),
  position: positionSchema,
});

export type DeltaState = z.infer<typeof deltaStateSchema>;
export type MailDeltaQuery = z.infer<typeof mailQuerySchema>;
export type CalendarDeltaQuery = z.infer<typeof calendarQuerySchema>;
export type DeltaPosition = z.infer<typeof positionSchema>;
export type MailFilter = z.infer<typeof mailFilterSchema>;

export function encodeDeltaState(state: DeltaState): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

export function decodeDeltaState(token: string): DeltaState {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
  } catch {
    throw new GraphError(400, 'BadRequest', 'The delta or skip token is not valid.');
  }
  const parsed = deltaStateSchema.safeParse(raw);
  if (!parsed.success) throw new GraphError(400, 'BadRequest', 'The delta or skip token is not valid.');
  return parsed.data;
}
