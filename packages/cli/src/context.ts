/** Shared CLI plumbing: global options, opening Stackport, running an action with the exit-code contract. */
import { userInfo } from 'node:os';
import { loadConfig, openStackport, type Stackport } from '@stackport/app';
import { type Command, Option } from 'commander';
import { EXIT, reportError } from './output.js';

export interface GlobalOptions {
  json?: boolean;
  dataDir?: string;
  databaseUrl?: string;
  actor?: string;
}

/** Every option has an environment twin: STACKPORT_ + the option name in upper snake case. */
export function envOption(flags: string, description: string): Option {
  const long = /--([a-z0-9-]+)/.exec(flags)?.[1] ?? '';
  return new Option(flags, description).env(`STACKPORT_${long.replace(/-/g, '_').toUpperCase()}`);
}

export function addGlobalOptions(program: Command): void {
  program
    .addOption(envOption('--json', 'print machine-readable JSON on stdout'))
    .addOption(envOption('--data-dir <dir>', 'data directory (SQLite file, admin token)').default('.stackport'))
    .addOption(envOption('--database-url <url>', 'postgres://… to use PostgreSQL instead of the embedded SQLite'))
    .addOption(envOption('--actor <name>', 'who is acting, recorded in the audit log (default cli:<user>)'));
}

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

export function actor(g: GlobalOptions): string {
  return g.actor ?? `cli:${userInfo().username}`;
}

export async function withApp<T>(g: GlobalOptions, fn: (app: Stackport) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env, { dataDir: g.dataDir, databaseUrl: g.databaseUrl });
  const app = await openStackport(config);
  try {
    return await fn(app);
  } finally {
    await app.connection.close();
  }
}

/** Wraps a command action: any error becomes its documented exit code and message. */
export function run<A extends unknown[]>(fn: (...args: A) => Promise<number | undefined>) {
  return async (...args: A) => {
    const cmd = args.at(-1) as Command;
    try {
      process.exitCode = (await fn(...args)) ?? EXIT.ok;
    } catch (err) {
      process.exitCode = reportError(err, globals(cmd).json === true);
    }
  };
}
