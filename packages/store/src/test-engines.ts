/**
 * The engines the test suites run against. SQLite always; PostgreSQL when
 * STACKPORT_TEST_POSTGRES_URL points at a server the tests may create databases on
 * (`npm test` starts one). In CI a missing PostgreSQL is an error, never a silent skip.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Engine, StoreLocation } from './connect.js';

export function testEngines(): Engine[] {
  const url = process.env.STACKPORT_TEST_POSTGRES_URL;
  if (!url && process.env.CI === 'true')
    throw new Error('CI=true but STACKPORT_TEST_POSTGRES_URL is not set: PostgreSQL tests would be skipped');
  return url ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestLocation {
  readonly location: StoreLocation;
  /** Removes the database (PostgreSQL) or directory (SQLite). */
  dispose(): Promise<void>;
}

/** A fresh, empty database on the given engine. */
export async function freshTestLocation(engine: Engine): Promise<TestLocation> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stackport-test-'));
  if (engine === 'sqlite') {
    return { location: { dataDir }, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env.STACKPORT_TEST_POSTGRES_URL;
  if (!adminUrl) throw new Error('STACKPORT_TEST_POSTGRES_URL is not set');
  const name = `sp_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    location: { dataDir, databaseUrl: url.toString() },
    dispose: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
