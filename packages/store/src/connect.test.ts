import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { connect, describeLocation } from './connect.js';
import { freshTestLocation, testEngines } from './test-engines.js';

describe('describeLocation', () => {
  it('hides a PostgreSQL password and defaults SQLite to the data directory', () => {
    expect(describeLocation({ dataDir: '/d', databaseUrl: 'postgres://app:s3cret@db:5432/sp' })).toEqual({
      engine: 'postgres',
      where: 'postgres://app:***@db:5432/sp',
    });
    expect(describeLocation({ dataDir: '/d' })).toEqual({ engine: 'sqlite', where: '/d/stackport.db' });
  });
});

for (const engine of testEngines()) {
  describe(`connect on ${engine}`, () => {
    it('migrates once: a second connection to the same store applies nothing and sees the same tables', async () => {
      const loc = await freshTestLocation(engine);
      try {
        const first = await connect(loc.location);
        const migrations = await sql<{ c: number }>`select count(*) as c from kysely_migration`.execute(first.db);
        await first.close();
        const second = await connect(loc.location);
        const again = await sql<{ c: number }>`select count(*) as c from kysely_migration`.execute(second.db);
        expect(Number(again.rows[0]?.c)).toBe(Number(migrations.rows[0]?.c));
        expect(Number(again.rows[0]?.c)).toBeGreaterThanOrEqual(10);
        await second.close();
      } finally {
        await loc.dispose();
      }
    });
  });
}

if (testEngines().includes('postgres')) {
  describe('connect on postgres: a dropped idle connection', () => {
    it('is a warning, not a crash, and the next query opens a new connection', async () => {
      const loc = await freshTestLocation('postgres');
      const conn = await connect(loc.location);
      try {
        const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(conn.db)).rows[0]?.pid;
        expect(pid).toBeGreaterThan(0);
        const warned = new Promise<Error>((resolve) => {
          const onWarning = (w: Error) => {
            if (w.name !== 'StackportStore') return;
            process.off('warning', onWarning);
            resolve(w);
          };
          process.on('warning', onWarning);
        });
        // The server ends the pool's idle connection, as a restart or an operator would.
        const admin = new pg.Client({ connectionString: process.env.STACKPORT_TEST_POSTGRES_URL });
        await admin.connect();
        await admin.query('select pg_terminate_backend($1)', [pid]);
        await admin.end();
        const warning = await warned;
        expect(warning.message).toMatch(/idle connection lost/);
        const next = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(conn.db)).rows[0]?.pid;
        expect(next).toBeGreaterThan(0);
        expect(next).not.toBe(pid);
      } finally {
        await conn.close();
        await loc.dispose();
      }
    });
  });
}
