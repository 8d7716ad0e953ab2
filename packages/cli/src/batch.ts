/**
 * Batch screening of a CSV of names on every core: rows are validated one by one (a bad row gets
 * an error in its output row and never stops the batch), then screened in chunks by worker threads.
 * @module
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ScreenRequestSchema, toQuery } from '@stackport/app';
import { isCsvProblem, type ListEntry, readCsv, type ScreeningQuery } from '@stackport/core';
import type { BestHit, ChunkResult } from './batch-worker.js';

export interface BatchRow {
  /** 1-based line in the input file. */
  readonly line: number;
  readonly name: string;
  readonly country: string;
  readonly type: string;
  readonly best: BestHit | null;
  readonly hitCount: number;
  readonly error: string | null;
}

export interface BatchInput {
  readonly line: number;
  readonly raw: { name: string; country: string; type: string };
  readonly query?: ScreeningQuery;
  readonly error?: string;
}

/** Reads the input CSV: a header with `name` and optional `country`, `type`. */
export function readBatchCsv(text: string): BatchInput[] {
  const out: BatchInput[] = [];
  let cols: { name: number; country: number; type: number } | undefined;
  for (const rec of readCsv(text)) {
    if (isCsvProblem(rec)) {
      out.push({ line: rec.line, raw: { name: '', country: '', type: '' }, error: rec.message });
      continue;
    }
    if (!cols) {
      const header = rec.fields.map((f) => f.trim().toLowerCase());
      const name = header.indexOf('name');
      if (name < 0)
        throw new Error('the input CSV needs a header row with a "name" column (and optional "country", "type")');
      cols = { name, country: header.indexOf('country'), type: header.indexOf('type') };
      continue;
    }
    const raw = {
      name: rec.fields[cols.name] ?? '',
      country: cols.country >= 0 ? (rec.fields[cols.country] ?? '') : '',
      type: cols.type >= 0 ? (rec.fields[cols.type] ?? '') : '',
    };
    const parsed = ScreenRequestSchema.safeParse({
      name: raw.name,
      ...(raw.country.trim() ? { country: raw.country } : {}),
      ...(raw.type.trim() ? { type: raw.type.trim().toLowerCase() } : {}),
    });
    if (parsed.success) out.push({ line: rec.line, raw, query: toQuery(parsed.data) });
    else
      out.push({
        line: rec.line,
        raw,
        error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
  }
  if (!cols) throw new Error('the input CSV is empty');
  return out;
}

export async function screenBatch(
  entries: readonly ListEntry[],
  inputs: readonly BatchInput[],
  opts: { workers?: number; chunkSize?: number; onProgress?: (done: number) => void } = {},
): Promise<BatchRow[]> {
  const valid = inputs.filter((i) => i.query);
  const chunkSize = opts.chunkSize ?? 250;
  const chunks: ScreeningQuery[][] = [];
  for (let i = 0; i < valid.length; i += chunkSize)
    chunks.push(valid.slice(i, i + chunkSize).map((v) => v.query as ScreeningQuery));
  const workerCount = Math.max(1, Math.min(opts.workers ?? availableParallelism(), chunks.length || 1));
  const results: ChunkResult[] = new Array(chunks.length);
  let next = 0;
  let done = 0;
  const workers = Array.from(
    { length: workerCount },
    () => new Worker(new URL('./batch-worker.js', import.meta.url), { workerData: { entries } }),
  );
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= chunks.length) return resolve();
              const chunk = next++;
              w.postMessage({ chunk, queries: chunks[chunk] });
            };
            w.on('message', (msg: ChunkResult | { ready: true }) => {
              if ('ready' in msg) return send();
              results[msg.chunk] = msg;
              done += msg.best.length;
              opts.onProgress?.(done);
              send();
            });
            w.on('error', reject);
            w.on('exit', (code) =>
              code === 0 ? resolve() : reject(new Error(`batch worker exited with code ${code}`)),
            );
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const flat = results.flatMap((r) => r.best.map((best, i) => ({ best, hitCount: r.hitCounts[i] ?? 0 })));
  let k = 0;
  return inputs.map((input) => {
    const base = { line: input.line, name: input.raw.name, country: input.raw.country, type: input.raw.type };
    if (!input.query) return { ...base, best: null, hitCount: 0, error: input.error ?? 'invalid row' };
    const r = flat[k++];
    return { ...base, best: r?.best ?? null, hitCount: r?.hitCount ?? 0, error: null };
  });
}

function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const BATCH_COLUMNS = [
  'line',
  'name',
  'country',
  'type',
  'hit_count',
  'best_id',
  'best_source',
  'best_name',
  'matched_name',
  'score',
  'band',
  'error',
] as const;

export function batchRowToCsv(r: BatchRow): string {
  return [
    r.line,
    r.name,
    r.country,
    r.type,
    r.hitCount,
    r.best?.id ?? '',
    r.best?.source ?? '',
    r.best?.name ?? '',
    r.best?.matchedName ?? '',
    r.best?.score ?? '',
    r.best?.band ?? '',
    r.error ?? '',
  ]
    .map(csvField)
    .join(',');
}
