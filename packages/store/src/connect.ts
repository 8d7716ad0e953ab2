/**
 * Opens the store on SQLite (the embedded default: a file in the data directory) or PostgreSQL
 * (when the URL is postgres://…), and migrates it to the latest schema.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

export interface StoreLocation {
  /** `postgres://…` for PostgreSQL; a file path or `sqlite:PATH` for SQLite; unset → `<dataDir>/stackport.db`. */
  readonly databaseUrl?: string | undefined;
  readonly dataDir: string;
}

export interface Connection {
  readonly db: Kysely<Database>;
  readonly engine: Engine;
  /** Where the data is, with any password removed, for logs and `/readyz`. */
  readonly where: string;
  close(): Promise<void>;
}

export function describeLocation(loc: StoreLocation): { engine: Engine; where: string } {
  const url = loc.databaseUrl?.trim();
  if (url && /^postgres(ql)?:\/\//.test(url))
    return { engine: 'postgres', where: url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') };
  const path = url ? url.replace(/^sqlite:(\/\/)?/, '') : join(loc.dataDir, 'stackport.db');
  return { engine: 'sqlite', where: path };
}

export async function connect(loc: StoreLocation): Promise<Connection> {
  const { engine, where } = describeLocation(loc);
  let db: Kysely<Database>;
  if (engine === 'postgres') {
    const pool = new pg.Pool({ connectionString: loc.databaseUrl, max: 10 });
    // An idle pooled connection that the server drops (a restart, an admin's pg_terminate_backend) is emitted as
    // 'error' on the pool; unheard, that event would end the process. The pool discards that client and the next
    // query opens a new connection, so a warning is all it needs.
    pool.on('error', (err) => process.emitWarning(`PostgreSQL idle connection lost: ${err.message}`, 'StackportStore'));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    if (where !== ':memory:') mkdirSync(join(where, '..'), { recursive: true });
    const sqlite = new SqliteDatabase(where);
    // WAL lets readers run beside the single writer; busy_timeout waits for a lock instead of failing.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  }
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw new Error(`database migration failed on ${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { db, engine, where, close: () => db.destroy() };
}
