/** Worker thread for batch screening: builds its own index once, then screens chunks of queries. */
import { parentPort, workerData } from 'node:worker_threads';
import { buildIndex, type ListEntry, REVIEW_THRESHOLD, type ScreeningQuery, screen } from '@stackport/core';

export interface ChunkRequest {
  readonly chunk: number;
  readonly queries: readonly ScreeningQuery[];
}

export interface BestHit {
  readonly id: string;
  readonly source: string;
  readonly name: string;
  readonly matchedName: string;
  readonly score: number;
  readonly band: string;
}

export interface ChunkResult {
  readonly chunk: number;
  readonly best: readonly (BestHit | null)[];
  readonly hitCounts: readonly number[];
}

const index = buildIndex((workerData as { entries: ListEntry[] }).entries);
parentPort?.postMessage({ ready: true });
parentPort?.on('message', (req: ChunkRequest) => {
  const best: (BestHit | null)[] = [];
  const hitCounts: number[] = [];
  for (const q of req.queries) {
    const hits = screen(index, q, { limit: 100, minScore: REVIEW_THRESHOLD });
    const top = hits[0];
    best.push(
      top
        ? {
            id: top.entryKey,
            source: top.source,
            name: top.name,
            matchedName: top.matchedName,
            score: top.score,
            band: top.band,
          }
        : null,
    );
    hitCounts.push(hits.length);
  }
  parentPort?.postMessage({ chunk: req.chunk, best, hitCounts } satisfies ChunkResult);
});
