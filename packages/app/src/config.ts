/**
 * Configuration from the environment, validated once at start-up. Every CLI option has one of
 * these as its environment twin.
 * @module
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from './errors.js';

const ConfigSchema = z.object({
  dataDir: z.string().min(1),
  databaseUrl: z.string().optional(),
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
});
export type Config = z.infer<typeof ConfigSchema>;

export const ENV = {
  dataDir: 'STACKPORT_DATA_DIR',
  databaseUrl: 'STACKPORT_DATABASE_URL',
  host: 'STACKPORT_HOST',
  port: 'STACKPORT_PORT',
  logLevel: 'STACKPORT_LOG_LEVEL',
} as const;

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Record<keyof Config, string | number | undefined>> = {},
): Config {
  const pick = (k: keyof typeof ENV) => overrides[k] ?? env[ENV[k]];
  const r = ConfigSchema.safeParse({
    dataDir: resolve(String(pick('dataDir') ?? '.stackport')),
    databaseUrl: pick('databaseUrl') || undefined,
    host: pick('host') ?? '127.0.0.1',
    port: pick('port') ?? 8080,
    logLevel: pick('logLevel') ?? 'info',
  });
  if (!r.success) {
    const details = r.error.issues.map((i) => ({
      path: ENV[i.path[0] as keyof typeof ENV] ?? String(i.path[0]),
      message: i.message,
    }));
    throw new AppError(
      'SP_BAD_REQUEST',
      `invalid configuration: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
      details,
    );
  }
  return r.data;
}
