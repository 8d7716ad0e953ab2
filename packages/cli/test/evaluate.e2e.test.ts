/**
 * End to end through the built CLI: `models eval run` against the scripted OpenAI-compatible endpoint (a separate
 * process, real HTTP on 127.0.0.1), the runner process killed with SIGKILL mid-run, `--resume` finishing the run
 * without asking a stored item again, then `models eval report` (HTML + PDF) and `models eval items --import`.
 * `models scan` keeps working beside `models eval`.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadBundledEvalItems } from '@stackport/app';
import { connect, freshTestLocation, listEvalResponses, type TestLocation, testEngines } from '@stackport/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/stackport.js', import.meta.url));
const ENDPOINT = fileURLToPath(new URL('../../app/test-fixtures/scripted-endpoint.mjs', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SHARED = process.env.STACKPORT_SHARED_DATA ?? join(REPO, '..', 'shared', 'data');
const KEY = 'sk-cli-test-key-0815';
const execFileP = promisify(execFile);

function requests(file: string): { prompt: string }[] {
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
}

for (const engine of testEngines()) {
  describe(`models eval CLI on ${engine}`, () => {
    let loc: TestLocation;
    let dir: string;
    let endpoint: ChildProcess;
    let url = '';
    const log = () => join(dir, 'requests.jsonl');
    const items = loadBundledEvalItems();
    let env: Record<string, string>;

    async function cli(args: string[]) {
      try {
        const r = await execFileP(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
        return { code: 0, stdout: r.stdout, stderr: r.stderr };
      } catch (err) {
        const e = err as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      }
    }

    beforeAll(async () => {
      loc = await freshTestLocation(engine);
      dir = mkdtempSync(join(tmpdir(), 'sp-eval-cli-'));
      env = {
        STACKPORT_DATA_DIR: loc.location.dataDir,
        ...(loc.location.databaseUrl ? { STACKPORT_DATABASE_URL: loc.location.databaseUrl } : {}),
        EVAL_KEY: KEY,
      };
      const script = join(dir, 'script.json');
      const tam = items.find((i) => i.id === 'sp-tam-en')?.prompt;
      writeFileSync(
        script,
        JSON.stringify({
          default: 'A plain answer.',
          rules: [{ prompt: tam, action: 'reply', text: "I'm sorry, but I can't discuss that." }],
        }),
      );
      endpoint = spawn(
        process.execPath,
        [ENDPOINT, '--script', script, '--log', log(), '--delay-ms', '60', '--expect-key', KEY],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const line = await new Promise<string>((resolve) =>
        createInterface({ input: endpoint.stdout as NodeJS.ReadableStream }).once('line', resolve),
      );
      url = `http://127.0.0.1:${/LISTENING (\d+)/.exec(line)?.[1]}`;
    });
    afterAll(async () => {
      endpoint?.kill('SIGKILL');
      await loc?.dispose();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('lists `models scan` and `models eval` side by side', async () => {
      const r = await cli(['models', '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/scan/);
      expect(r.stdout).toMatch(/eval/);
      const items = await cli(['models', 'eval', 'items', '--json']);
      expect(JSON.parse(items.stdout).items).toBeGreaterThanOrEqual(40);
    });

    it('a SIGKILLed run resumes without asking a stored item again; the report renders', async () => {
      const child = spawn(
        process.execPath,
        [
          BIN,
          'models',
          'eval',
          'run',
          '--endpoint',
          url,
          '--model',
          'scripted',
          '--api-key-env',
          'EVAL_KEY',
          '--concurrency',
          '2',
          '--timeout-ms',
          '5000',
        ],
        { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr?.on('data', (c) => {
        stderr += String(c);
      });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      // Kill the runner once the endpoint has seen 12 requests.
      for (let i = 0; i < 400 && requests(log()).length < 12; i++) await new Promise((r) => setTimeout(r, 25));
      child.kill('SIGKILL');
      await exited;
      const runId = /run (EVR-[0-9a-f-]+)/.exec(stderr)?.[1] ?? '';
      expect(runId).toMatch(/^EVR-/);

      const conn = await connect(loc.location);
      try {
        const stored = await listEvalResponses(conn.db, runId);
        expect(stored.length).toBeGreaterThan(0);
        expect(stored.length).toBeLessThan(items.length);
        const storedPrompts = new Set(items.filter((i) => stored.some((s) => s.itemId === i.id)).map((i) => i.prompt));
        const offset = requests(log()).length;

        const resumed = await cli(['models', 'eval', 'run', '--resume', runId, '--json']);
        expect(resumed.code, resumed.stderr).toBe(0);
        const summary = JSON.parse(resumed.stdout);
        expect(summary).toMatchObject({ runId, status: 'completed', total: items.length, answered: items.length });
        expect(summary.skipped).toBe(stored.length);
        expect(
          requests(log())
            .slice(offset)
            .filter((r) => storedPrompts.has(r.prompt)),
        ).toEqual([]);

        const all = await listEvalResponses(conn.db, runId);
        expect(all.map((r) => r.itemId).sort()).toEqual(items.map((i) => i.id).sort());
        expect(JSON.stringify(all)).not.toContain(KEY);
      } finally {
        await conn.close();
      }

      const html = join(dir, 'report.html');
      const pdf = join(dir, 'report.pdf');
      const rep = await cli(['models', 'eval', 'report', runId, '--html', html, '--pdf', pdf, '--json']);
      expect(rep.code, rep.stderr).toBe(0);
      expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(readFileSync(html, 'utf8')).toContain('Caveats');
      const out = JSON.parse(rep.stdout);
      expect(
        out.scores.find(
          (s: { metric: string; kind: string; language: string; suite: string }) =>
            s.metric === 'refusal' && s.kind === 'sensitive' && s.language === 'en' && s.suite === 'sp-narrative',
        ),
      ).toMatchObject({ k: 1 });
    });

    it('imports a public set to a file that `run --items` accepts', async () => {
      const out = join(dir, 'deccp.json');
      const r = await cli([
        'models',
        'eval',
        'items',
        '--import',
        'deccp',
        join(SHARED, 'model-eval', 'deccp', 'censored.txt'),
        '--out',
        out,
        '--json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).imported).toBe(95);
      expect(JSON.parse(readFileSync(out, 'utf8')).items).toHaveLength(95);
      const bad = await cli(['models', 'eval', 'items', '--import', 'nope', 'x']);
      expect(bad.code).toBe(2);
      const missing = await cli(['models', 'eval', 'run', '--model', 'm']);
      expect(missing.code).toBe(2);
    });
  });
}
