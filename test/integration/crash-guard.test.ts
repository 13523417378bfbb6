// Crash output goes through the scrubbing logger (main/core/crash-guard.ts): a real child process
// with an unhandled rejection and an uncaught exception whose errors carry a JWT, a bearer header
// and a refresh token. Nothing of them reaches stdout or stderr; the rejection does not end the
// process, the exception does, with exit code 1. The same errors without the guard would print
// the secrets (checked, so the test cannot pass by printing nothing).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECRETS = ['eyJhbGciOiJIUzI1NiJ9', 'c2lnbmF0dXJlc2VjcmV0', '0.AAAArefreshsecret'];

function run(script: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not exit within 60 s:\n${output}`));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('crash guard', () => {
  it('logs an unhandled rejection scrubbed and keeps running; an uncaught exception scrubbed, then exit 1', async () => {
    const { code, output } = await run("await import('./test/support/crash-guard-child.ts');");
    expect(output).toContain('unhandled promise rejection (the app keeps running)');
    expect(output).toContain('still running after the rejection');
    expect(output).toContain('uncaught exception: exiting');
    expect(output).toContain('[REDACTED]');
    for (const secret of SECRETS) expect(output, `leaked ${secret}`).not.toContain(secret);
    expect(code).toBe(1);
  }, 90_000);

  it("without the guard, Node's own crash output would have printed the secrets", async () => {
    const script = "const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlc2VjcmV0'; throw new Error('refresh_token=0.AAAArefreshsecret ' + JWT);";
    const { code, output } = await run(script);
    expect(code).not.toBe(0);
    for (const secret of SECRETS) expect(output).toContain(secret);
  }, 90_000);
});
