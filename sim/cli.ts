// `npm run sim -- --port N [--demo]`: runs the simulator until Ctrl-C.
// Prints exactly "Simulator: http://127.0.0.1:N" on stdout; everything else goes to stderr.
import { startSimulator } from './server.ts';
import { SimAdminClient } from './admin-client.ts';
import { seedDemoTenant, startDemoScheduler, type DemoScheduler } from './demo-tenant.ts';
import { parseCliArgs, type CliOptions } from './cli-args.ts';

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    console.error(String(err instanceof Error ? err.message : err));
    process.exit(2);
  }
  const sim = await startSimulator({ port: options.port });
  let scheduler: DemoScheduler | undefined;
  if (options.demo) {
    const admin = new SimAdminClient(sim.url);
    const tenant = await seedDemoTenant(admin);
    scheduler = startDemoScheduler(admin, tenant);
    console.error(`[sim] demo tenant: ${tenant.work.upn} (work), ${tenant.personal.upn} (personal); new mail every ~30 s`);
  }
  console.log(`Simulator: ${sim.url}`);
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    scheduler?.stop();
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

void main();
