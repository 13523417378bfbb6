// `npm run sim -- --port N --demo` as a real process: the exact banner, a seeded demo tenant,
// and a clean exit on Ctrl-C (SIGINT).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../sim/cli-args.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { DEMO_PERSONAL_ACCOUNT, DEMO_WORK_ACCOUNT } from '../../sim/demo-tenant.ts';
import { SimGraphClient } from '../../sim/graph-client.ts';

describe('sim CLI', () => {
  it('parses --port and --demo, and rejects anything else', () => {
    expect(parseCliArgs(['--port', '4010', '--demo'])).toEqual({ port: 4010, demo: true });
    expect(parseCliArgs(['--port=0'])).toEqual({ port: 0, demo: false });
    expect(() => parseCliArgs(['--port', 'abc'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--verbose'])).toThrow(/unknown argument/);
  });

  it('prints the banner, serves the demo tenant, and exits cleanly on SIGINT', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sim/cli.ts', '--port', '0', '--demo'], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const lines = createInterface({ input: child.stdout });
      const [first] = (await once(lines, 'line')) as [string];
      expect(first).toMatch(/^Simulator: http:\/\/127\.0\.0\.1:\d+$/);
      const url = first.slice('Simulator: '.length);
      const admin = new SimAdminClient(url);
      const users = await admin.users();
      expect(users.map((u) => u.upn).sort()).toEqual([DEMO_WORK_ACCOUNT.upn, DEMO_PERSONAL_ACCOUNT.upn].sort());
      const graph = new SimGraphClient(url, (await admin.token(DEMO_WORK_ACCOUNT.upn)).accessToken);
      const inbox = await graph.get("/me/mailFolders('inbox')");
      expect(inbox.body['totalItemCount']).toBe(40);
      const now = Date.now();
      const view = await graph.get(`/me/calendarView?startDateTime=${new Date(now).toISOString()}&endDateTime=${new Date(now + 2 * 86_400_000).toISOString()}`);
      const events = view.body['value'] as { isOnlineMeeting: boolean; onlineMeeting: { joinUrl: string } | null }[];
      expect(events.length).toBeGreaterThanOrEqual(3);
      expect(events.some((e) => e.isOnlineMeeting && e.onlineMeeting?.joinUrl.startsWith('https://teams.microsoft.com/'))).toBe(true);
      child.kill('SIGINT');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
