/** `stackport screen`: one name, or a CSV of names on every core. */
import { readFileSync, writeFileSync } from 'node:fs';
import { AppError } from '@stackport/app';
import { activeEntries } from '@stackport/store';
import type { Command } from 'commander';
import { BATCH_COLUMNS, batchRowToCsv, readBatchCsv, screenBatch } from '../batch.js';
import { actor, envOption, globals, run, withApp } from '../context.js';
import { printData, progress, say, table } from '../output.js';

export function screenCommand(program: Command): void {
  program
    .command('screen')
    .description('screen a name (or a CSV of names with --input) against the active lists')
    .argument('[name]', 'the name to screen')
    .addOption(envOption('--country <code>', 'ISO 3166-1 alpha-2 country of the party'))
    .addOption(envOption('--type <type>', 'person | organization | vessel | aircraft'))
    .addOption(envOption('--limit <n>', 'most hits to show').argParser((v) => Number.parseInt(v, 10)))
    .addOption(envOption('--input <file>', 'CSV with a header and columns name[,country][,type]'))
    .addOption(envOption('--output <file>', 'where to write the batch results (default: stdout)'))
    .addOption(
      envOption('--workers <n>', 'worker threads for --input (default: all cores)').argParser((v) =>
        Number.parseInt(v, 10),
      ),
    )
    .action(
      run(
        async (
          name: string | undefined,
          o: { country?: string; type?: string; limit?: number; input?: string; output?: string; workers?: number },
          cmd: Command,
        ) => {
          const g = globals(cmd);
          if (o.input) return batch(g, o as { input: string; output?: string; workers?: number });
          if (!name)
            throw new AppError('SP_BAD_REQUEST', 'give a NAME to screen, or --input FILE', [
              { path: 'name', message: 'missing' },
            ]);
          const result = await withApp(g, (app) =>
            app.screen(
              {
                name,
                ...(o.country ? { country: o.country } : {}),
                ...(o.type ? { type: o.type } : {}),
                ...(o.limit ? { limit: o.limit } : {}),
              },
              actor(g),
            ),
          );
          printData(g.json === true, result, () =>
            result.hits.length === 0
              ? `no hit at or above the review threshold for "${result.query.name}"`
              : table([
                  ['SCORE', 'BAND', 'SOURCE', 'NAME', 'MATCHED', 'ID'],
                  ...result.hits.map((h) => [h.score.toFixed(1), h.band, h.source, h.name, h.matchedName, h.id]),
                ]),
          );
          return 0;
        },
      ),
    );
}

async function batch(
  g: ReturnType<typeof globals>,
  o: { input: string; output?: string; workers?: number },
): Promise<number> {
  let text: string;
  try {
    text = readFileSync(o.input, 'utf8');
  } catch (e) {
    throw new AppError('SP_BAD_REQUEST', `cannot read ${o.input}: ${(e as Error).message}`);
  }
  let inputs: ReturnType<typeof readBatchCsv>;
  try {
    inputs = readBatchCsv(text);
  } catch (e) {
    throw new AppError('SP_BAD_REQUEST', `${o.input}: ${(e as Error).message}`);
  }
  const started = Date.now();
  const { rows, listVersions } = await withApp(g, async (app) => {
    const stored = await activeEntries(app.connection.db);
    const bar = progress(inputs.filter((i) => i.query).length, 'screening');
    const rows = await screenBatch(
      stored.map((s) => s.entry),
      inputs,
      { ...(o.workers ? { workers: o.workers } : {}), onProgress: (n) => bar.update(n) },
    );
    bar.done();
    const versions = [...new Set(stored.map((s) => s.versionId))].sort();
    await app.audit(actor(g), 'screen.batch', `file:${o.input}`, {
      rows: rows.length,
      errors: rows.filter((r) => r.error).length,
      withHits: rows.filter((r) => r.best).length,
      listVersions: versions,
    });
    return { rows, listVersions: versions };
  });
  const lines = g.json ? rows.map((r) => JSON.stringify(r)) : [BATCH_COLUMNS.join(','), ...rows.map(batchRowToCsv)];
  const out = `${lines.join('\n')}\n`;
  if (o.output) writeFileSync(o.output, out);
  else process.stdout.write(out);
  const seconds = (Date.now() - started) / 1000;
  say(
    `screened ${rows.length} rows in ${seconds.toFixed(1)} s: ${rows.filter((r) => r.best).length} with hits, ${rows.filter((r) => r.error).length} rejected (list versions ${listVersions.join(', ')})`,
  );
  return 0;
}
