// The logger never lets a token through: known secret keys at any depth, bearer headers,
// JWTs and OAuth query parameters in messages, fields, errors and child bindings.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED } from '../../main/core/log.ts';

// Shaped like real tokens: a JWT (header.payload.signature) and an opaque refresh token.
const JWT =
  'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJvaWQiOiIxMjMifQ.c2lnbmF0dXJlLWJ5dGVz';
const REFRESH = '0.AXoAsecretRefreshTokenValue-with_chars.and.dots';
const AUTH_CODE = '1.AQwAauthCodeValueXYZ';

function capture() {
  const output: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      output.push(String(chunk));
      callback();
    },
  });
  return { output, logger: createLogger({ destination, level: 'trace' }) };
}

describe('createLogger', () => {
  it('redacts secret keys at any depth, in fields and child bindings', () => {
    const { output, logger } = capture();
    const child = logger.child({ accountId: 'acc-1', accessToken: JWT });
    child.info(
      {
        accessToken: JWT,
        refreshToken: REFRESH,
        id_token: JWT,
        code: AUTH_CODE,
        client_info: 'eyJ1aWQiOiIxIn0',
        request: { headers: { Authorization: `Bearer ${JWT}`, 'x-request-id': 'r-1' } },
        nested: [{ deeper: { refresh_token: REFRESH } }],
      },
      'token acquired',
    );
    const text = output.join('');
    expect(text).not.toContain(JWT);
    expect(text).not.toContain(REFRESH);
    expect(text).not.toContain(AUTH_CODE);
    expect(text).not.toContain('eyJ1aWQiOiIxIn0');
    const line = JSON.parse(output[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      accountId: 'acc-1',
      accessToken: REDACTED,
      refreshToken: REDACTED,
      msg: 'token acquired',
      request: { headers: { Authorization: REDACTED, 'x-request-id': 'r-1' } },
    });
  });

  it('scrubs bearer tokens, JWTs and OAuth parameters inside any string', () => {
    const { output, logger } = capture();
    logger.warn(`retrying with header Bearer ${JWT}`);
    logger.info({ url: `http://127.0.0.1:5000/cb?code=${AUTH_CODE}&state=abc` }, 'redirect');
    logger.debug({ body: `grant_type=refresh_token&refresh_token=${REFRESH}&client_id=x` }, 'token request %s', JWT);
    const text = output.join('');
    expect(text).not.toContain(JWT);
    expect(text).not.toContain(REFRESH);
    expect(text).not.toContain(AUTH_CODE);
    expect(text).toContain('state=abc');
    expect(text).toContain('client_id=x');
  });

  it('scrubs errors, their messages, stacks and causes', () => {
    const { output, logger } = capture();
    const cause = new Error(`upstream said: invalid token ${JWT}`);
    const error = Object.assign(new Error(`401 for Bearer ${JWT}`, { cause }), { refreshToken: REFRESH, status: 401 });
    logger.error({ err: error }, 'Graph call failed');
    logger.error(error);
    const text = output.join('');
    expect(text).not.toContain(JWT);
    expect(text).not.toContain(REFRESH);
    expect(text).toContain('401 for Bearer');
    expect(text).toContain('"status":401');
  });

  it('survives circular objects', () => {
    const { output, logger } = capture();
    const loop: Record<string, unknown> = { name: 'loop' };
    loop['self'] = loop;
    logger.info({ loop }, 'circular');
    expect(JSON.parse(output[0]!)).toMatchObject({ loop: { name: 'loop', self: '[Circular]' } });
  });

  it('respects the level', () => {
    const output: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, callback) {
        output.push(String(chunk));
        callback();
      },
    });
    const logger = createLogger({ destination, level: 'warn' });
    logger.info('hidden');
    logger.warn('shown');
    expect(output).toHaveLength(1);
  });
});
