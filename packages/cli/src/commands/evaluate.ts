/**
 * Model evaluation from the command line (issue 7, evaluation part), as subcommands of `models`:
 * `models eval run --endpoint URL --model NAME [--suite …] [--api-key-env VAR] [--concurrency N] [--timeout-ms N]
 * [--resume RUN]` runs item suites against an OpenAI-compatible endpoint, storing every answer as it arrives (Ctrl-C
 * interrupts; `--resume RUN` continues); `models eval report RUN --html F --pdf F` writes the report;
 * `models eval items [--import promptfoo|deccp|ccp-bench FILE --out F]` lists the bank or imports a public set;
 * `models eval runs` lists runs; `models eval calibrate` shows grader agreement with the human-labelled set.
 * Method and caveats: docs/evaluation.md. Exit codes: 0 done, 1 interrupted or runtime failure, 2 bad input.
 * @module
 */
import { writeFileSync } from 'node:fs';
import {
  AppError,
  bundledCalibration,
  EvaluationService,
  importEvalFile,
  loadBundledEvalItems,
  renderHtml,
  renderPdfWithHash,
} from '@stackport/app';
import { type EvalItem, IMPORT_FORMATS, type ScoreRow, summariseItems } from '@stackport/core';
import { type Command, Option } from 'commander';
import { envOption, globals, run, withApp } from '../context.js';
import { EXIT, printData, progress, say, table } from '../output.js';

interface RunOptions {
  endpoint?: string;
  model?: string;
  suite?: string[];
  language?: string[];
  items?: string[];
  bundled: boolean;
  apiKeyEnv?: string;
  concurrency?: string;
  timeoutMs?: string;
  retries?: string;
  maxTokens?: string;
  judgeEndpoint?: string;
  judgeModel?: string;
  judgeApiKeyEnv?: string;
  resume?: string;
  modelId?: string;
}

const list = (v: string[] | undefined) =>
  (v ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw usage(`--${name} must be an integer`);
  return n;
}

const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;

export function scoresTable(rows: readonly ScoreRow[]): string {
  return table([
    ['suite', 'kind', 'metric', 'lang', 'n', 'estimate ± SE', '95% CI'],
    ...rows.map((r) => [
      r.suite,
      r.kind,
      r.metric,
      r.language,
      r.k !== undefined ? `${r.k}/${r.n}` : r.n,
      `${pct(r.mean)} ± ${pct(r.se)}`,
      `${pct(r.ci.low)}–${pct(r.ci.high)}`,
    ]),
  ]);
}

function itemsTable(items: readonly EvalItem[]): string {
  return table([
    ['suite', 'language', 'kind', 'items'],
    ...summariseItems(items).map((s) => [s.suite, s.language, s.kind, s.n]),
  ]);
}

/** Adds `eval` under the existing `models` command (created if absent). */
export function evaluateCommands(program: Command): void {
  const models =
    program.commands.find((c) => c.name() === 'models') ??
    program.command('models').description('foreign AI model provenance and evaluation');
  const ev = models
    .command('eval')
    .description('evaluate a model endpoint: censorship, CCP-narrative echo, agent security');

  ev.command('run')
    .description('run item suites against an OpenAI-compatible chat endpoint (resumable)')
    .option('--endpoint <url>', 'base URL, e.g. http://127.0.0.1:8000 (vLLM), http://127.0.0.1:11434 (Ollama)')
    .option('--model <name>', 'model name sent in each request')
    .option('--suite <ids...>', 'suites to run (default: all of the bundled bank and the item files)')
    .option('--language <codes...>', 'languages: en, zh-Hans, zh-Hant (default: all)')
    .option('--items <files...>', 'extra item files (JSON from `models eval items --import … --out`)')
    .option('--no-bundled', 'leave out the bundled item bank')
    .addOption(envOption('--api-key-env <var>', 'name of the environment variable holding the API key'))
    .addOption(envOption('--concurrency <n>', 'requests in flight (default 4)'))
    .addOption(envOption('--timeout-ms <n>', 'timeout per request attempt (default 120000)'))
    .addOption(
      new Option('--retries <n>', 'retries after a timeout, network error, 429/5xx or malformed body (default 2)'),
    )
    .addOption(new Option('--max-tokens <n>', 'max_tokens per answer (default 1024)'))
    .option('--judge-endpoint <url>', 'optional judge model endpoint')
    .option('--judge-model <name>', 'judge model name')
    .option('--judge-api-key-env <var>', 'environment variable holding the judge API key')
    .option('--resume <run>', 'continue an interrupted run (its stored configuration and items are used)')
    .option('--model-id <id>', 'registered model (MDL-…, from `models register`) this run evaluates')
    .action(
      run(async (o: RunOptions, cmd: Command) => {
        const g = globals(cmd);
        const json = g.json === true;
        if (!o.resume && (!o.endpoint || !o.model))
          throw usage('--endpoint and --model are required (or --resume RUN)');
        return withApp(g, async (app) => {
          const evals = new EvaluationService(app);
          const abort = new AbortController();
          const onSigint = () => {
            say('interrupting: in-flight requests are abandoned; answered items are kept');
            abort.abort();
          };
          process.once('SIGINT', onSigint);
          let bar: ReturnType<typeof progress> | undefined;
          try {
            const config = {
              endpoint: {
                url: o.endpoint ?? '',
                model: o.model ?? '',
                ...(o.apiKeyEnv ? { apiKeyEnv: o.apiKeyEnv } : {}),
              },
              suites: list(o.suite),
              languages: list(o.language) as ('en' | 'zh-Hans' | 'zh-Hant')[],
              itemFiles: list(o.items),
              noBundled: !o.bundled,
              ...(int('concurrency', o.concurrency) !== undefined
                ? { concurrency: int('concurrency', o.concurrency) }
                : {}),
              ...(int('timeout-ms', o.timeoutMs) !== undefined ? { timeoutMs: int('timeout-ms', o.timeoutMs) } : {}),
              ...(int('retries', o.retries) !== undefined ? { retries: int('retries', o.retries) } : {}),
              ...(int('max-tokens', o.maxTokens) !== undefined ? { maxTokens: int('max-tokens', o.maxTokens) } : {}),
              ...(o.judgeEndpoint
                ? {
                    judge: {
                      url: o.judgeEndpoint,
                      model: o.judgeModel ?? '',
                      ...(o.judgeApiKeyEnv ? { apiKeyEnv: o.judgeApiKeyEnv } : {}),
                    },
                  }
                : {}),
              actor: g.actor ?? 'cli',
              ...(o.modelId ? { modelId: o.modelId } : {}),
            };
            const summary = await evals.run(config, {
              signal: abort.signal,
              ...(o.resume ? { resume: o.resume } : {}),
              onStart: (r, todo) => {
                say(`run ${r.id}: ${r.itemCount} items, ${todo} to ask (${r.model} at ${r.endpointUrl})`);
                bar = progress(todo, 'evaluating');
              },
              onProgress: (p) => bar?.update(p.done),
            });
            bar?.done();
            if (summary.status === 'interrupted')
              say(`interrupted: ${summary.answered}/${summary.total} answered; resume with --resume ${summary.runId}`);
            printData(json, summary, () =>
              [
                `run ${summary.runId}: ${summary.status}; ${summary.answered}/${summary.total} answered, ${summary.errors} failed, ${summary.skipped} skipped (answered earlier)`,
                '',
                summary.scores.length ? scoresTable(summary.scores) : '(no scores)',
              ].join('\n'),
            );
            return summary.status === 'interrupted' ? EXIT.failure : EXIT.ok;
          } finally {
            process.removeListener('SIGINT', onSigint);
          }
        });
      }),
    );

  ev.command('report')
    .description('write the report of a run as HTML and/or PDF (scores ± SE, examples, caveats)')
    .argument('<run>', 'run id')
    .option('--html <file>', 'write the HTML report here')
    .option('--pdf <file>', 'write the PDF report here')
    .action(
      run(async (runId: string, o: { html?: string; pdf?: string }, cmd: Command) => {
        const g = globals(cmd);
        return withApp(g, async (app) => {
          const evals = new EvaluationService(app);
          const doc = await evals.report(runId);
          const written: Record<string, string> = {};
          if (o.html) {
            writeFileSync(o.html, renderHtml(doc));
            written.html = o.html;
            say(`wrote ${o.html}`);
          }
          if (o.pdf) {
            const { bytes, sha256 } = await renderPdfWithHash(doc);
            writeFileSync(o.pdf, bytes);
            written.pdf = o.pdf;
            written.pdfSha256 = sha256;
            say(`wrote ${o.pdf} (sha256 ${sha256})`);
          }
          const s = await evals.scores(runId);
          printData(g.json === true, { run: { ...s.run, config: undefined }, scores: s.rows, written }, () =>
            [
              `run ${s.run.id}: ${s.run.status}, ${s.answers.length} answered, ${s.errors.length} failed`,
              '',
              scoresTable(s.rows),
            ].join('\n'),
          );
          return EXIT.ok;
        });
      }),
    );

  ev.command('items')
    .description('list the bundled item bank, or import a public set given as a file')
    .addOption(new Option('--import <format>', 'import format').choices([...IMPORT_FORMATS]))
    .argument('[file]', 'the file to import (promptfoo tests.csv, deccp censored.txt/uncensored.txt, a CCP Bench YAML)')
    .option('--out <file>', 'write the imported items as JSON (use with `models eval run --items`)')
    .action(
      run(async (file: string | undefined, o: { import?: string; out?: string }, cmd: Command) => {
        const g = globals(cmd);
        const json = g.json === true;
        if (!o.import) {
          const items = loadBundledEvalItems();
          printData(json, { items: items.length, summary: summariseItems(items) }, () =>
            [`bundled bank: ${items.length} items`, '', itemsTable(items)].join('\n'),
          );
          return EXIT.ok;
        }
        if (!file) throw usage('give the FILE to import');
        const r = importEvalFile(o.import, file);
        for (const p of r.problems.slice(0, 20)) say(`  ${p.itemId}: ${p.message}`);
        if (o.out) {
          writeFileSync(
            o.out,
            `${JSON.stringify({ importedFrom: { format: o.import, file }, items: r.items }, null, 2)}\n`,
          );
          say(`wrote ${r.items.length} items to ${o.out}`);
        }
        printData(json, { imported: r.items.length, problems: r.problems, summary: summariseItems(r.items) }, () =>
          [
            `imported ${r.items.length} items (${r.problems.length} problems) from ${file}`,
            '',
            itemsTable(r.items),
          ].join('\n'),
        );
        return r.items.length ? EXIT.ok : EXIT.usage;
      }),
    );

  ev.command('runs')
    .description('list evaluation runs')
    .action(
      run(async (_o: unknown, cmd: Command) => {
        const g = globals(cmd);
        return withApp(g, async (app) => {
          const runs = await new EvaluationService(app).listRuns();
          printData(g.json === true, runs, () =>
            table([
              ['run', 'status', 'model', 'endpoint', 'items', 'started'],
              ...runs.map((r) => [r.id, r.status, r.model, r.endpointUrl, r.itemCount, r.startedAt]),
            ]),
          );
          return EXIT.ok;
        });
      }),
    );

  ev.command('calibrate')
    .description("agreement of the deterministic grader with the human-labelled calibration set (Cohen's kappa)")
    .action(
      run(async (_o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const report = bundledCalibration();
        printData(g.json === true, report, () =>
          [
            `${report.cases} labelled answers`,
            table([
              ['label', 'n', 'accuracy', 'kappa', 'tp/fp/fn/tn'],
              ...Object.entries(report.labels).map(([l, a]) => [
                l,
                a.n,
                pct(a.accuracy),
                a.kappa === null ? '-' : a.kappa.toFixed(2),
                `${a.confusion.tp}/${a.confusion.fp}/${a.confusion.fn}/${a.confusion.tn}`,
              ]),
            ]),
            ...report.disagreements.map(
              (d) => `  disagreement ${d.caseId} ${d.label}: human ${d.human}, grader ${d.grader}`,
            ),
          ].join('\n'),
        );
        return EXIT.ok;
      }),
    );
}

function usage(message: string): AppError {
  return new AppError('SP_BAD_REQUEST', message);
}
