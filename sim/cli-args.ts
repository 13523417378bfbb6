// Arguments of `npm run sim -- --port N [--demo]` (kept apart from cli.ts so tests can import it).

export interface CliOptions {
  port: number;
  demo: boolean;
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let port = 0;
  let demo = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--demo') demo = true;
    else if (arg === '--port' || arg?.startsWith('--port=')) {
      const raw = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port needs a number from 0 to 65535, got '${raw ?? ''}'`);
      port = n;
    } else throw new Error(`unknown argument '${arg ?? ''}' (usage: npm run sim -- --port N [--demo])`);
  }
  return { port, demo };
}
