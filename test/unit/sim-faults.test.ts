// FaultPlan matching rules, counts and seeded probability; the Graph error each kind maps to.
import { describe, expect, it } from 'vitest';
import { FaultPlan, faultError, faultSpecSchema } from '../../sim/faults.ts';

const target = (path: string, extra: Partial<{ method: string; upn: string; inner: boolean }> = {}) => ({
  method: extra.method ?? 'GET',
  path,
  pathAndQuery: path,
  inner: extra.inner ?? false,
  ...(extra.upn ? { upn: extra.upn } : {}),
});

describe('FaultPlan', () => {
  it('matches a path prefix with or without the version prefix', () => {
    const plan = new FaultPlan();
    plan.add({ kind: '429', path: '/me/mailFolders' });
    expect(plan.take(target('/v1.0/me/mailFolders/inbox'))).toBeDefined();
    expect(plan.take(target('/beta/me/mailFolders'))).toBeDefined();
    expect(plan.take(target('/v1.0/me/events'))).toBeUndefined();
  });

  it('honours method, user, scope and times', () => {
    const plan = new FaultPlan();
    plan.add({ kind: '503', method: 'post', user: 'A@x.example', scope: 'inner', times: 2 });
    expect(plan.take(target('/v1.0/me', { method: 'POST', upn: 'a@x.example' }))).toBeUndefined();
    expect(plan.take(target('/v1.0/me', { method: 'GET', upn: 'a@x.example', inner: true }))).toBeUndefined();
    expect(plan.take(target('/v1.0/me', { method: 'POST', upn: 'b@x.example', inner: true }))).toBeUndefined();
    expect(plan.take(target('/v1.0/me', { method: 'POST', upn: 'a@x.example', inner: true }))).toMatchObject({ hits: 1, remaining: 1 });
    expect(plan.take(target('/v1.0/me', { method: 'POST', upn: 'a@x.example', inner: true }))).toMatchObject({ hits: 2, remaining: 0 });
    expect(plan.take(target('/v1.0/me', { method: 'POST', upn: 'a@x.example', inner: true }))).toBeUndefined();
  });

  it('draws a seeded probability the same way every time', () => {
    const draw = () => {
      const plan = new FaultPlan();
      plan.add({ kind: '429', probability: 0.3, seed: 99 });
      return Array.from({ length: 50 }, () => plan.take(target('/v1.0/me')) !== undefined);
    };
    const first = draw();
    expect(first).toEqual(draw());
    expect(first.filter(Boolean).length).toBeGreaterThan(5);
    expect(first.filter(Boolean).length).toBeLessThan(30);
  });

  it('validates specs', () => {
    expect(faultSpecSchema.safeParse({ kind: '429', retryAfterSeconds: 2 }).success).toBe(true);
    expect(faultSpecSchema.safeParse({ kind: 'boom' }).success).toBe(false);
    expect(faultSpecSchema.safeParse({ kind: '429', probability: 2 }).success).toBe(false);
    expect(faultSpecSchema.safeParse({ kind: '429', pathRegex: '[' }).success).toBe(false);
    expect(faultSpecSchema.safeParse({ kind: '429', extra: 1 }).success).toBe(false);
  });

  it('maps kinds to Graph errors', () => {
    expect(faultError({ kind: '429', retryAfterSeconds: 5 })).toMatchObject({ status: 429, headers: { 'Retry-After': '5' } });
    expect(faultError({ kind: 'mailboxNotEnabled' })).toMatchObject({ status: 404, code: 'MailboxNotEnabledForRESTAPI' });
    expect(faultError({ kind: 'latency' })).toBeUndefined();
  });
});
