// Graph's /subscriptions (https://learn.microsoft.com/graph/api/resources/subscription):
// POST (validates the body and the notification endpoint, 409 on a duplicate changeType +
// resource), GET list / item, PATCH expirationDateTime (renew), DELETE, POST {id}/reauthorize.
// Async, unlike the other routes, because a create waits for the validation POST.
import { z } from 'zod';
import { GraphError, errorResult, noContent, ok, type GraphCall, type GraphResult } from './graph-call.ts';
import { authenticate, type GraphEnv } from './router.ts';
import { requireScope } from './scopes.ts';
import type { SimSubscriptions } from '../push/sim-subscriptions.ts';
import {
  MAX_EXPIRATION_MINUTES,
  isAcceptableNotificationUrl,
  parseChangeTypes,
  parseResource,
  subscriptionJson,
  type SimSubscription,
} from '../push/sim-subscription.ts';

const createSchema = z.object({
  changeType: z.string().min(1),
  notificationUrl: z.string().min(1),
  resource: z.string().min(1),
  expirationDateTime: z.string().min(1),
  clientState: z.string().max(255).nullable().optional(),
  latestSupportedTlsVersion: z.enum(['v1_0', 'v1_1', 'v1_2', 'v1_3']).optional(),
  lifecycleNotificationUrl: z.string().min(1).nullable().optional(),
  includeResourceData: z.boolean().optional(),
});

const patchSchema = z.object({ expirationDateTime: z.string().min(1) });

function bad(message: string, code = 'InvalidRequest'): GraphError {
  return new GraphError(400, code, message);
}

function notFound(): GraphError {
  return new GraphError(404, 'ResourceNotFound', 'The object was not found.');
}

/** Parses and checks an expiration against now and the 10,080-minute maximum. */
function expiration(raw: string, now: number): number {
  const at = Date.parse(raw);
  if (Number.isNaN(at)) throw bad(`expirationDateTime: '${raw}' is not a valid date-time.`);
  if (at <= now) throw bad('Subscription expiration must be in the future.');
  if (at > now + MAX_EXPIRATION_MINUTES * 60_000) throw bad(`Subscription expiration can only be ${MAX_EXPIRATION_MINUTES} minutes in the future.`);
  return at;
}

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw bad(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`, 'BadRequest');
  }
  return parsed.data;
}

/** True when the call is for /subscriptions (…); the caller then awaits handleSubscriptionCall. */
export function isSubscriptionCall(call: GraphCall): boolean {
  return call.segments[0]?.toLowerCase() === 'subscriptions';
}

export async function handleSubscriptionCall(env: GraphEnv, subs: SimSubscriptions, call: GraphCall): Promise<GraphResult> {
  const clientRequestId = call.headers['client-request-id'];
  try {
    return await route(env, subs, call);
  } catch (err) {
    const e = err instanceof GraphError ? err : new GraphError(500, 'InternalServerError', 'The simulator failed to answer.');
    if (!(err instanceof GraphError)) console.error('[sim] subscription route failed', err);
    return errorResult(e.status, e.code, e.message, 'subscriptions', clientRequestId, env.ctx.clock.now(), e.headers);
  }
}

async function route(env: GraphEnv, subs: SimSubscriptions, call: GraphCall): Promise<GraphResult> {
  const caller = authenticate(env, call);
  const applicationId = call.token?.clientId ?? 'unknown';
  const method = call.method.toUpperCase();
  const [, id, action, ...extra] = call.segments;
  const base = env.ctx.baseUrl;
  const now = env.ctx.clock.now();
  if (extra.length > 0) throw bad(`Resource not found for the segment '${extra[0]}'.`, 'BadRequest');

  if (id === undefined) {
    if (method === 'GET') return ok({ '@odata.context': `${base}/${call.version}/$metadata#subscriptions`, value: subs.listFor(caller.id, applicationId).map((s) => subscriptionJson(s, call.version, base)) });
    if (method !== 'POST') throw new GraphError(405, 'Request_BadRequest', 'The HTTP method is not allowed on this resource.');
    const body = parseBody(createSchema, call.body);
    const target = parseResource(body.resource);
    if (!target) throw bad(`Resource '${body.resource}' is not supported for change notifications by the simulator.`);
    if (target.userRef !== 'me' && env.ctx.users.resolve(target.userRef)?.id !== caller.id) {
      throw new GraphError(403, 'ExtensionError', 'Operation: Create; Exception: [Status Code: Forbidden; Reason: Access is denied.]');
    }
    requireScope(call, target.kind === 'events' ? 'calendarRead' : 'mailRead');
    const changeTypes = parseChangeTypes(body.changeType);
    if (!changeTypes) throw bad(`changeType '${body.changeType}' is not valid: use created, updated and/or deleted.`);
    if (body.includeResourceData) throw bad('includeResourceData requires an encryptionCertificate, which the simulator does not model.');
    if (!isAcceptableNotificationUrl(body.notificationUrl)) throw bad('The Notification Url must be HTTPS.');
    if (body.lifecycleNotificationUrl !== null && body.lifecycleNotificationUrl !== undefined && !isAcceptableNotificationUrl(body.lifecycleNotificationUrl)) throw bad('The Lifecycle Notification Url must be HTTPS.');
    const input = {
      user: caller,
      applicationId,
      resource: body.resource,
      kind: target.kind,
      changeTypes,
      changeType: body.changeType,
      notificationUrl: body.notificationUrl,
      lifecycleNotificationUrl: body.lifecycleNotificationUrl ?? null,
      clientState: body.clientState ?? null,
      // Graph defaults it to v1_2 when absent (https://learn.microsoft.com/graph/api/resources/subscription);
      // what the client really sent is kept beside it for the admin view.
      latestSupportedTlsVersion: body.latestSupportedTlsVersion ?? 'v1_2',
      latestSupportedTlsVersionSent: body.latestSupportedTlsVersion ?? null,
      expiresAt: expiration(body.expirationDateTime, now),
    };
    const conflict = (existing: SimSubscription) =>
      new GraphError(409, 'Conflict', `Subscription Id ${existing.id} already exists for the requested combination`);
    const before = subs.duplicateOf(input);
    if (before) throw conflict(before);
    const validation = await subs.validate(input);
    if (!validation.ok) throw bad(validation.message, validation.code);
    // Checked again: another create may have finished while this one was validating.
    const after = subs.duplicateOf(input);
    if (after) throw conflict(after);
    return ok(subscriptionJson(subs.add(input), call.version, base), 201);
  }

  const sub = subs.find(id);
  if (!sub || sub.userId !== caller.id) throw notFound();
  if (action !== undefined) {
    if (action.toLowerCase() !== 'reauthorize') throw bad(`Resource not found for the segment '${action}'.`, 'BadRequest');
    if (method !== 'POST') throw new GraphError(405, 'Request_BadRequest', 'The HTTP method is not allowed on this resource.');
    return noContent();
  }
  if (method === 'GET') return ok(subscriptionJson(sub, call.version, base));
  if (method === 'PATCH') {
    sub.expiresAt = expiration(parseBody(patchSchema, call.body).expirationDateTime, now);
    return ok(subscriptionJson(sub, call.version, base));
  }
  if (method === 'DELETE') {
    subs.delete(sub.id);
    return noContent();
  }
  throw new GraphError(405, 'Request_BadRequest', 'The HTTP method is not allowed on this resource.');
}
