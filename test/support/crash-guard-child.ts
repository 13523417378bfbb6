// A host process in miniature for crash-guard.test.ts: the real logger and crash guard, then an
// unhandled rejection and an uncaught exception whose errors carry secrets, as a failed token
// request's error might (a bearer header, a JWT, a refresh_token form field).
import { installCrashGuard } from '../../main/core/crash-guard.ts';
import { createLogger } from '../../main/core/log.ts';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlc2VjcmV0';
installCrashGuard({ logger: createLogger({ level: 'info' }) });

const rejected = Object.assign(new Error(`token refresh failed: Authorization: Bearer ${JWT}`), { request: { headers: { authorization: `Bearer ${JWT}` }, body: 'grant_type=refresh_token&refresh_token=0.AAAArefreshsecret' } });
void Promise.reject(rejected);
setTimeout(() => {
  console.log('still running after the rejection');
  setTimeout(() => {
    throw new Error(`Graph call failed with refresh_token=0.AAAArefreshsecret and ${JWT}`);
  }, 10);
}, 50);
