/**
 * Evaluation runs and their answers (migration 0007). One row per (run, item): an answer is stored the moment it
 * arrives, so an interrupted run resumes by skipping the items that already have one. A failed attempt (timeout,
 * malformed body) is stored too and overwritten when a resume retries it.
 * @module
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, EvalResponseTable, EvalRunTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface StoredEvalRun {
  readonly id: string;
  readonly endpointUrl: string;
  readonly model: string;
  readonly suites: readonly string[];
  readonly itemBankSha256: string;
  readonly itemCount: number;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
  readonly status: string;
  readonly actor: string;
  readonly config: Record<string, unknown>;
  /** The registered model evaluated (migration 0009), when linked. */
  readonly modelId?: string | null;
}

export interface StoredEvalResponse {
  readonly runId: string;
  readonly itemId: string;
  readonly attempt: number;
  readonly request: unknown;
  readonly responseText: string | null;
  readonly raw: string | null;
  readonly latencyMs: number | null;
  readonly error: string | null;
  readonly graded: unknown;
  readonly at: string;
}

/** A run without its configuration (the item snapshot can be large): what lists show. */
export type EvalRunSummary = Omit<StoredEvalRun, 'config'>;

/** The columns of a run summary: every column but `config`. */
export const EVAL_RUN_SUMMARY_COLUMNS = [
  'id',
  'endpoint_url',
  'model',
  'suites',
  'item_bank_sha256',
  'item_count',
  'started_at',
  'updated_at',
  'finished_at',
  'status',
  'actor',
  'model_id',
] as const;

export function toEvalRunSummary(r: Omit<EvalRunTable, 'config'>): EvalRunSummary {
  return {
    id: r.id,
    endpointUrl: r.endpoint_url,
    model: r.model,
    suites: JSON.parse(r.suites) as string[],
    itemBankSha256: r.item_bank_sha256,
    itemCount: Number(r.item_count),
    startedAt: r.started_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
    status: r.status,
    actor: r.actor,
    modelId: r.model_id ?? null,
  };
}

function toRun(r: EvalRunTable): StoredEvalRun {
  return { ...toEvalRunSummary(r), config: JSON.parse(r.config) as Record<string, unknown> };
}

function toResponse(r: EvalResponseTable): StoredEvalResponse {
  return {
    runId: r.run_id,
    itemId: r.item_id,
    attempt: Number(r.attempt),
    request: JSON.parse(r.request),
    responseText: r.response_text,
    raw: r.raw,
    latencyMs: r.latency_ms === null ? null : Number(r.latency_ms),
    error: r.error,
    graded: r.graded === null ? null : JSON.parse(r.graded),
    at: r.at,
  };
}

export async function insertEvalRun(db: Db, run: StoredEvalRun): Promise<void> {
  await db
    .insertInto('eval_runs')
    .values({
      id: run.id,
      endpoint_url: run.endpointUrl,
      model: run.model,
      suites: JSON.stringify(run.suites),
      item_bank_sha256: run.itemBankSha256,
      item_count: run.itemCount,
      started_at: run.startedAt,
      updated_at: run.updatedAt,
      finished_at: run.finishedAt,
      status: run.status,
      actor: run.actor,
      config: JSON.stringify(run.config),
      model_id: run.modelId ?? null,
    })
    .execute();
}

export async function getEvalRun(db: Db, id: string): Promise<StoredEvalRun | undefined> {
  const r = await db.selectFrom('eval_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toRun(r) : undefined;
}

/** Runs, newest first, without their config (which holds the item snapshot). */
export async function listEvalRuns(db: Db, limit = 100): Promise<EvalRunSummary[]> {
  const rows = await db
    .selectFrom('eval_runs')
    .select(EVAL_RUN_SUMMARY_COLUMNS)
    .orderBy('started_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toEvalRunSummary);
}

export async function setEvalRunStatus(
  db: Db,
  id: string,
  status: string,
  at: string,
  finishedAt: string | null,
): Promise<void> {
  await db
    .updateTable('eval_runs')
    .set({ status, updated_at: at, finished_at: finishedAt })
    .where('id', '=', id)
    .execute();
}

/** Stores an answer (or a failed attempt); a retry of the same item overwrites its row. */
export async function upsertEvalResponse(db: Db, r: StoredEvalResponse): Promise<void> {
  const row = {
    run_id: r.runId,
    item_id: r.itemId,
    attempt: r.attempt,
    request: JSON.stringify(r.request),
    response_text: r.responseText,
    raw: r.raw,
    latency_ms: r.latencyMs,
    error: r.error,
    graded: r.graded === null || r.graded === undefined ? null : JSON.stringify(r.graded),
    at: r.at,
  };
  const { run_id: _run, item_id: _item, ...update } = row;
  await db
    .insertInto('eval_responses')
    .values(row)
    .onConflict((oc) => oc.columns(['run_id', 'item_id']).doUpdateSet(update))
    .execute();
}

/** Rewrites the graded JSON of stored answers (a re-grade, or the judge's verdict added later). */
export async function setEvalGraded(db: Db, runId: string, itemId: string, graded: unknown): Promise<void> {
  await db
    .updateTable('eval_responses')
    .set({ graded: JSON.stringify(graded) })
    .where('run_id', '=', runId)
    .where('item_id', '=', itemId)
    .execute();
}

/** Item ids with a stored answer (`error` null), and the attempts used so far by every stored item. */
export async function evalProgress(
  db: Db,
  runId: string,
): Promise<{ answered: Set<string>; attempts: Map<string, number> }> {
  const rows = await db
    .selectFrom('eval_responses')
    .select(['item_id', 'attempt', 'error'])
    .where('run_id', '=', runId)
    .execute();
  const answered = new Set<string>();
  const attempts = new Map<string, number>();
  for (const r of rows) {
    attempts.set(r.item_id, Number(r.attempt));
    if (r.error === null) answered.add(r.item_id);
  }
  return { answered, attempts };
}

export async function listEvalResponses(db: Db, runId: string): Promise<StoredEvalResponse[]> {
  const rows = await db
    .selectFrom('eval_responses')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('item_id')
    .execute();
  return rows.map(toResponse);
}
