// core_rss_mb: the web host process (HeraldApp + HTTP + WebSocket, no browser) with two accounts
// after 1,000 poll cycles on the simulator, and its growth over the last 500 cycles. The host
// runs in a child process (this file with --child, bundled by esbuild into out/bench/ and run by
// plain Node as a shipped host would be, so the tsx loader's own memory is not counted) so its RSS
// is its own; the fast clock is back-to-back cycles (`checkNow`, no waiting between polls), with
// new mail every 10 cycles.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../main/core/log.ts';
import { startWebHost } from '../../main/webhost/main.ts';
import { SimAdminClient } from '../../sim/admin-client.ts';
import type { Figure } from './results-file.ts';
import { WEB_HOST_NODE_FLAGS } from '../../main/webhost/node-flags.ts';

const CYCLES = 1000;
const USERS = [
  { upn: 'rss.work@contoso.example', displayName: 'Rss Work', kind: 'work' as const },
  { upn: 'rss.personal@outlook.com', displayName: 'Rss Personal', kind: 'personal' as const },
];

interface ChildReport {
  rssAfterFirstSyncMb: number;
  rssAt500Mb: number;
  rssAt1000Mb: number;
  /** V8 heap used after GC at the same points: tells a JS leak from allocator growth. */
  heapAt500Mb: number;
  heapAt1000Mb: number;
  /** Settled RSS every 50 cycles from 500 to 1,000: growth is their least-squares trend. */
  samples: { cycle: number; rssMb: number }[];
}

const mb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

function settledRss(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().rss;
}

async function child(simUrl: string): Promise<void> {
  const admin = new SimAdminClient(simUrl);
  const profileDir = await mkdtemp(path.join(tmpdir(), 'herald-bench-rss-'));
  const host = await startWebHost({ profileDir, simulatorUrl: simUrl, logger: createLogger({ level: 'silent' }), tokenCache: 'memory', notifications: 'page' });
  try {
    for (const user of USERS) {
      await fetch(`${simUrl}/_admin/identity/next-sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ upn: user.upn }) });
      const outcome = await host.app.dispatch('accounts.add', { method: 'interactive' });
      if (!outcome.ok) throw new Error(`sign-in failed: ${outcome.error.message}`);
    }
    await host.app.checkNow();
    const report: ChildReport = { rssAfterFirstSyncMb: mb(settledRss()), rssAt500Mb: 0, rssAt1000Mb: 0, heapAt500Mb: 0, heapAt1000Mb: 0, samples: [] };
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      if (cycle % 10 === 0) {
        const user = USERS[cycle % 20 === 0 ? 0 : 1];
        if (user) {
          await admin.addMessage(user.upn, {
            from: { name: 'Bench Sender', address: 'bench@contoso.example' },
            subject: `Cycle ${cycle}`,
            bodyHtml: `<p>cycle ${cycle}</p>`,
            receivedDateTime: new Date().toISOString(),
            isRead: false,
          });
        }
      }
      await host.app.checkNow();
      if (cycle >= 500 && cycle % 50 === 0) report.samples.push({ cycle, rssMb: mb(settledRss()) });
      if (cycle === 500) {
        report.rssAt500Mb = mb(settledRss());
        report.heapAt500Mb = mb(process.memoryUsage().heapUsed);
      }
    }
    report.rssAt1000Mb = mb(settledRss());
    report.heapAt1000Mb = mb(process.memoryUsage().heapUsed);
    console.log(`RSS ${JSON.stringify(report)}`);
  } finally {
    await host.close();
    await rm(profileDir, { recursive: true, force: true });
  }
}

/** Bundles this file (dependencies stay in node_modules) under out/bench/, next to the repo's node_modules. */
async function bundleChild(): Promise<string> {
  const self = fileURLToPath(import.meta.url);
  const repoRoot = path.resolve(path.dirname(self), '..', '..');
  // Same depth as this file (two levels below the root), so paths built from import.meta.url hold.
  const outfile = path.join(repoRoot, 'out', 'bench', 'webhost-rss-child.mjs');
  const { build } = await import('esbuild');
  await build({ entryPoints: [self], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'warning' });
  return outfile;
}

/** Seeds two accounts on the simulator at `url` and measures the host in a child process. */
export async function coreRssFigures(url: string, admin: SimAdminClient): Promise<Record<string, Figure>> {
  const now = Date.now();
  for (const [i, user] of USERS.entries()) {
    await admin.addUser(user);
    await admin.bulkMessages(user.upn, { count: 300, seed: 11 + i, unreadRatio: 0.2, startDateTime: new Date(now - 7 * 86_400_000).toISOString(), endDateTime: new Date(now).toISOString() });
  }
  const childBundle = await bundleChild();
  const report = await new Promise<ChildReport>((resolve, reject) => {
    const proc = spawn(process.execPath, [...WEB_HOST_NODE_FLAGS, '--expose-gc', childBundle, '--child', url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    proc.once('error', reject);
    proc.once('exit', (code) => {
      const line = /RSS (\{.*\})/.exec(out)?.[1];
      if (code !== 0 || !line) return reject(new Error(`RSS child exited ${code}: ${out.slice(-500)}`));
      resolve(JSON.parse(line) as ChildReport);
    });
  });
  // Two RSS readings differ by several MB from allocator noise alone; a leak is a trend, so the
  // growth is the least-squares slope over 11 settled samples, times 500 cycles.
  const growth = Math.round(trendPer500(report.samples) * 10) / 10;
  return {
    core_rss_mb: { value: report.rssAt1000Mb, unit: 'MB', target: '<= 120', met: report.rssAt1000Mb <= 120, note: `web host process, 2 accounts, after ${CYCLES} back-to-back poll cycles (RSS after GC; ${report.rssAfterFirstSyncMb} MB after the first sync)` },
    core_rss_growth_last500_mb: { value: growth, unit: 'MB', target: '<= 2', met: growth <= 2, note: `least-squares trend of settled RSS over cycles 500–1000 × 500 (samples ${Math.min(...report.samples.map((x) => x.rssMb))}–${Math.max(...report.samples.map((x) => x.rssMb))} MB; ${report.rssAt500Mb} → ${report.rssAt1000Mb} MB; V8 heap used ${report.heapAt500Mb} → ${report.heapAt1000Mb} MB)` },
  };
}

if (process.argv[2] === '--child' && process.argv[3]) {
  child(process.argv[3]).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}

function trendPer500(samples: readonly { cycle: number; rssMb: number }[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const meanX = samples.reduce((sum, p) => sum + p.cycle, 0) / n;
  const meanY = samples.reduce((sum, p) => sum + p.rssMb, 0) / n;
  const sxy = samples.reduce((sum, p) => sum + (p.cycle - meanX) * (p.rssMb - meanY), 0);
  const sxx = samples.reduce((sum, p) => sum + (p.cycle - meanX) ** 2, 0);
  return (sxy / sxx) * 500;
}
