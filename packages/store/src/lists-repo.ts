/** List versions and their entries. */
import type { ListEntry } from '@stackport/core';
import type { Kysely, Transaction } from 'kysely';
import type { Database, ListVersionTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface ListVersion {
  readonly id: string;
  readonly dataset: string;
  readonly format: string;
  readonly title: string;
  readonly fileName: string;
  readonly fileSha256: string;
  readonly publishedAt: string | null;
  readonly importedAt: string;
  readonly importedBy: string;
  readonly status: 'active' | 'superseded';
  readonly entryCount: number;
  readonly sourceCounts: Record<string, number>;
  readonly problems: { row: number; message: string; severity: string }[];
  readonly provenance: Record<string, unknown>;
  readonly delta: { added: number; changed: number; removed: number; unchanged: number } | null;
}

function toVersion(r: ListVersionTable): ListVersion {
  return {
    id: r.id,
    dataset: r.dataset,
    format: r.format,
    title: r.title,
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    publishedAt: r.published_at,
    importedAt: r.imported_at,
    importedBy: r.imported_by,
    status: r.status,
    entryCount: r.entry_count,
    sourceCounts: JSON.parse(r.source_counts) as Record<string, number>,
    problems: JSON.parse(r.problems) as ListVersion['problems'],
    provenance: JSON.parse(r.provenance) as Record<string, unknown>,
    delta: r.delta ? (JSON.parse(r.delta) as ListVersion['delta']) : null,
  };
}

export async function listVersions(db: Db, opts: { activeOnly?: boolean } = {}): Promise<ListVersion[]> {
  let q = db.selectFrom('list_versions').selectAll().orderBy('imported_at', 'desc').orderBy('id');
  if (opts.activeOnly) q = q.where('status', '=', 'active');
  return (await q.execute()).map(toVersion);
}

export async function getListVersion(db: Db, id: string): Promise<ListVersion | undefined> {
  const r = await db.selectFrom('list_versions').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toVersion(r) : undefined;
}

export async function activeVersion(db: Db, dataset: string): Promise<ListVersion | undefined> {
  const r = await db
    .selectFrom('list_versions')
    .selectAll()
    .where('dataset', '=', dataset)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return r ? toVersion(r) : undefined;
}

export async function insertListVersion(db: Db, v: ListVersion): Promise<void> {
  await db
    .insertInto('list_versions')
    .values({
      id: v.id,
      dataset: v.dataset,
      format: v.format,
      title: v.title,
      file_name: v.fileName,
      file_sha256: v.fileSha256,
      published_at: v.publishedAt,
      imported_at: v.importedAt,
      imported_by: v.importedBy,
      status: v.status,
      entry_count: v.entryCount,
      source_counts: JSON.stringify(v.sourceCounts),
      problems: JSON.stringify(v.problems),
      provenance: JSON.stringify(v.provenance),
      delta: v.delta ? JSON.stringify(v.delta) : null,
    })
    .execute();
}

export async function supersedeVersions(db: Db, dataset: string, exceptId: string): Promise<void> {
  await db
    .updateTable('list_versions')
    .set({ status: 'superseded' })
    .where('dataset', '=', dataset)
    .where('id', '!=', exceptId)
    .where('status', '=', 'active')
    .execute();
}

/** Inserts entries in chunks: one statement per chunk keeps both engines well under their parameter limits. */
export async function insertEntries(
  db: Db,
  versionId: string,
  entries: readonly { entry: ListEntry; contentHash: string }[],
): Promise<void> {
  const CHUNK = 500;
  for (let i = 0; i < entries.length; i += CHUNK) {
    await db
      .insertInto('list_entries')
      .values(
        entries.slice(i, i + CHUNK).map(({ entry, contentHash }) => ({
          version_id: versionId,
          entry_key: entry.key,
          source: entry.source,
          content_hash: contentHash,
          entry: JSON.stringify(entry),
        })),
      )
      .execute();
  }
}

export async function entryHashes(db: Db, versionId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('list_entries')
    .select(['entry_key', 'content_hash'])
    .where('version_id', '=', versionId)
    .execute();
  return new Map(rows.map((r) => [r.entry_key, r.content_hash]));
}

export interface StoredEntry {
  readonly versionId: string;
  readonly contentHash: string;
  readonly entry: ListEntry;
}

/** Every entry of every active version: what screening runs against. */
export async function activeEntries(db: Db): Promise<StoredEntry[]> {
  const rows = await db
    .selectFrom('list_entries')
    .innerJoin('list_versions', 'list_versions.id', 'list_entries.version_id')
    .select(['list_entries.version_id', 'list_entries.content_hash', 'list_entries.entry'])
    .where('list_versions.status', '=', 'active')
    .orderBy('list_entries.entry_key')
    .execute();
  return rows.map((r) => ({
    versionId: r.version_id,
    contentHash: r.content_hash,
    entry: JSON.parse(r.entry) as ListEntry,
  }));
}

export async function getEntry(db: Db, versionId: string, key: string): Promise<StoredEntry | undefined> {
  const r = await db
    .selectFrom('list_entries')
    .selectAll()
    .where('version_id', '=', versionId)
    .where('entry_key', '=', key)
    .executeTakeFirst();
  return r
    ? { versionId: r.version_id, contentHash: r.content_hash, entry: JSON.parse(r.entry) as ListEntry }
    : undefined;
}
