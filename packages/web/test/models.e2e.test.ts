/**
 * End-to-end test of the AI models pages (model registry, origin policies, evaluation runs): a real Stackport server
 * (SQLite in a temp dir) serving the built console, driven by a real Chromium through playwright-core.
 *
 * The data is made the way users make it. The model fixture directories of core's test-data.ts (the ones the model
 * tests use) are written to disk and scanned by the real scanner (`scanModelPath`, what `stackport models scan` runs);
 * the reports are saved as the JSON `models scan --json` prints. DeepSeek-V3 (CN), Llama 3.1 (US) and the Phi-3 GGUF
 * that calls itself "LLaMA v2" (a declared/observed contradiction, both US) are registered over the HTTP API; the
 * origin policy (CN forbidden) is added in the browser by an admin; the Qwen weights relabelled as Llama 3.1 (a
 * cross-border contradiction, CN) are uploaded through the page's file input, after a `--no-hash` report the server
 * refuses with a 400. Evaluation runs are made by the real EvaluationService against the scripted OpenAI-compatible
 * endpoint in a separate process (packages/app/test-fixtures/scripted-endpoint.mjs), as `stackport models eval run`
 * does: one complete run linked to the uploaded model (with a malformed answer, so one item failed), and one
 * interrupted run (items not yet asked). The app's clock is fixed.
 *
 * Needs the console built (`npm run build -w @stackport/web`) and Chromium at /usr/bin/chromium (or
 * $STACKPORT_CHROMIUM). Screenshots go to docs/screenshots/ with UPDATE_SCREENSHOTS=1, otherwise to
 * test-results/screenshots/.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  createToken,
  EvaluationService,
  type ModelDetail,
  type RegisterResult,
  Stackport,
  scanModelPath,
} from '@stackport/app';
import type { ModelScanReport } from '@stackport/core';
import { buildServer } from '@stackport/server';
import { connect, type StoredModel } from '@stackport/store';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAMILY_FIXTURES } from '../../core/src/models/test-data.js';
import type { EvalRunDetail } from '../src/models-api.js';
import { checkPrerequisites, launchChromium, navTo, SCREENSHOTS } from './harness.js';

const ENDPOINT = fileURLToPath(new URL('../../app/test-fixtures/scripted-endpoint.mjs', import.meta.url));

const fixture = (prefix: string) => {
  const f = FAMILY_FIXTURES.find((x) => x.name.startsWith(prefix));
  if (!f) throw new Error(`no fixture ${prefix}`);
  return f;
};

/** A model name React must show as text: the endpoint's model name is whatever the CLI user typed. */
const HOSTILE_MODEL = 'scripted-qwen <img src=x onerror="window.__xss=1">';

interface Endpoint {
  readonly url: string;
  readonly proc: ChildProcess;
}

async function startEndpoint(scriptFile: string): Promise<Endpoint> {
  const proc = spawn(process.execPath, [ENDPOINT, '--script', scriptFile, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
    rl.once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`endpoint exited ${code}`)));
    proc.once('error', reject);
  });
  return { url: `http://127.0.0.1:${Number(/LISTENING (\d+)/.exec(line)?.[1])}`, proc };
}

describe('AI models pages (real server, real browser)', () => {
  let dir: string;
  let app: Stackport;
  let server: Awaited<ReturnType<typeof buildServer>>;
  let browser: Browser;
  let page: Page;
  let base: string;
  let token = '';
  let endpoint: Endpoint | undefined;
  const clock = Date.parse('2026-11-23T12:00:00Z');
  const foreign: string[] = [];
  const reports = new Map<string, string>();
  const ids = new Map<string, string>();
  let uploadedId = '';
  let runId = '';
  let interruptedId = '';

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });

  async function api<T>(path: string, init: { method?: string; body?: unknown; status?: number } = {}): Promise<T> {
    const res = await fetch(`${base}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    expect(res.status, path).toBe(init.status ?? 200);
    return (await res.json()) as T;
  }

  /** Writes a fixture directory to disk, scans it with the real scanner and saves the report as `models scan --json` prints it. */
  async function scan(prefix: string, dirName: string, hash = true): Promise<string> {
    const root = join(dir, 'models', dirName);
    mkdirSync(root, { recursive: true });
    for (const [p, bytes] of Object.entries(fixture(prefix).files())) writeFileSync(join(root, p), bytes);
    const report = await scanModelPath(root, { hash, now: () => new Date(clock - 3_600_000) });
    const file = join(dir, `${dirName}${hash ? '' : '-no-hash'}.scan.json`);
    writeFileSync(file, `${JSON.stringify({ report }, null, 2)}\n`);
    return file;
  }

  beforeAll(async () => {
    checkPrerequisites();
    dir = mkdtempSync(join(tmpdir(), 'stackport-web-models-'));
    app = new Stackport({ connection: await connect({ dataDir: join(dir, 'data') }), now: () => new Date(clock) });
    token = (await createToken(app, { name: 'admin e2e', role: 'admin' }, 'test')).token;

    reports.set('deepseek', await scan('DeepSeek-V3', 'deepseek-v3'));
    reports.set('llama', await scan('Llama 3.1', 'llama-3.1-8b'));
    reports.set('phi3', await scan('Phi-3 GGUF', 'phi-3-mini-gguf'));
    reports.set('qwen-as-llama', await scan('Qwen weights relabelled', 'llama-3.1-8b-instruct-copy'));
    reports.set('no-hash', await scan('Gemma 3', 'gemma-3', false));

    server = await buildServer({ app, logLevel: 'silent' });
    base = await server.listen({ host: '127.0.0.1', port: 0 });
    // Three models registered over the API (as `stackport models register --from-report` users would), no policy yet.
    for (const key of ['deepseek', 'llama', 'phi3']) {
      const r = await api<RegisterResult>('/models', {
        method: 'POST',
        body: JSON.parse(readFileSync(reports.get(key) as string, 'utf8')),
        status: 201,
      });
      expect(r.model.status).toBe('unchecked');
      ids.set(key, r.model.id);
    }

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('request', (req) => {
      if (!req.url().startsWith(base) && !req.url().startsWith('data:') && !req.url().startsWith('blob:'))
        foreign.push(req.url());
    });
    await page.goto(`${base}/console/`);
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('token-role').filter({ hasText: 'admin' }).waitFor();
  });

  afterAll(async () => {
    if (endpoint && endpoint.proc.exitCode === null) endpoint.proc.kill('SIGKILL');
    await browser?.close();
    await server?.close();
    await app?.connection.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const row = (id: string) => page.locator(`[data-testid=model-row][data-model="${id}"]`);

  it('the registry: reached from the header, every model with family, origin, confidence, flags and outcome', async () => {
    await navTo(page, 'AI models');
    await expect.poll(() => page.title()).toBe('AI models · Stackport');
    const section = page.getByTestId('section-nav');
    expect(await section.getAttribute('data-group')).toBe('diligence');
    expect(await section.getByRole('link', { name: 'AI models' }).getAttribute('aria-current')).toBe('page');
    await expect.poll(() => page.getByTestId('model-row').count()).toBe(3);

    const ds = row(ids.get('deepseek') as string);
    expect(await ds.getByTestId('model-family').textContent()).toContain('DeepSeek');
    expect(await ds.getByTestId('model-origin').textContent()).toMatch(/DeepSeek.*CN/);
    expect(await ds.getAttribute('data-status')).toBe('unchecked');
    const phi = row(ids.get('phi3') as string);
    expect(await phi.getAttribute('data-contradiction')).toBe('true');
    expect(await phi.getAttribute('data-country')).toBe('US');
    expect(
      await phi.getByTestId('flag-badge').evaluateAll((els) => els.map((e) => e.getAttribute('data-code'))),
    ).toEqual(expect.arrayContaining(['DECLARED_MISMATCH', 'ARCHITECTURE_LABEL']));
    // The confidence shown is the stored one.
    const stored = await api<StoredModel[]>('/models');
    const phiStored = stored.find((m) => m.id === ids.get('phi3')) as StoredModel;
    expect(await phi.getByTestId('model-confidence').textContent()).toContain(phiStored.confidence.toFixed(2));
    expect(await row(ids.get('llama') as string).getAttribute('data-contradiction')).toBe('false');
  });

  it('origin policies: an admin adds CN-forbidden, sees the re-evaluation summary and the version in force', async () => {
    await page
      .getByRole('navigation', { name: 'AI models views' })
      .getByRole('link', { name: 'Origin policies' })
      .click();
    await page.getByText('No origin policy yet').waitFor();
    await page.getByRole('button', { name: 'Add a policy version…' }).click();
    const form = page.getByRole('form', { name: 'Add a policy version' });
    await form.getByLabel('Policy id').fill('acme-model-origin');
    await form.getByLabel('Version').fill('2026-07');
    await form.getByLabel('Title').fill('No models from countries of concern');
    await form.getByLabel(/^Countries of concern/).fill('cn');
    await form.getByLabel('Effective from').fill('2026-07-01');
    // No source: the server refuses, naming the field; nothing is stored.
    await form.getByRole('button', { name: /^Add version/ }).click();
    await expect
      .poll(() => form.locator('.field-error').allTextContents())
      .toEqual([expect.stringContaining('cite where the policy comes from')]);
    expect(await api<unknown[]>('/model-policies')).toEqual([]);

    await form.getByLabel(/^Source/).fill('https://example.com/policies/model-origin-2026-07');
    await form.getByRole('button', { name: /^Add version/ }).click();
    const added = page.getByTestId('policy-added');
    await added.waitFor();
    expect(await added.getByTestId('reevaluated').getAttribute('data-count')).toBe('3');
    expect(await added.getByTestId('outcome-counts').textContent()).toBe('1 forbidden, 0 flagged, 2 allowed');
    const changed = await added
      .getByTestId('changed-row')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-model'), e.getAttribute('data-to')]));
    expect(Object.fromEntries(changed)).toEqual({
      [ids.get('deepseek') as string]: 'forbidden',
      [ids.get('llama') as string]: 'allowed',
      [ids.get('phi3') as string]: 'allowed',
    });
    const policy = page.locator('[data-testid=policy-row][data-policy="acme-model-origin@2026-07"]');
    expect(await policy.getAttribute('data-in-force')).toBe('true');
    expect(await policy.getByTestId('in-force').textContent()).toBe('in force');
    expect(await policy.textContent()).toContain('CN');
    await shot('models-policies.png');
  });

  it('registering a scan report: a --no-hash report is refused with the 400 problem, then the Qwen-as-Llama upload opens the model', async () => {
    await page.getByRole('navigation', { name: 'AI models views' }).getByRole('link', { name: 'Registry' }).click();
    await page.getByRole('button', { name: 'Register a model…' }).click();
    const form = page.getByRole('form', { name: 'Register a model' });
    const file = form.getByLabel('Scan report (JSON)');

    // Not JSON at all: said so before anything is sent.
    await file.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a report') });
    await form.getByRole('button', { name: 'Register' }).click();
    const refusal = form.getByRole('alert', { name: 'The scan report was refused' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('The file is not a JSON scan report');

    // A scan without hashes: the server's problem+json, shown as it was sent; nothing stored.
    await file.setInputFiles(reports.get('no-hash') as string);
    await form.getByRole('button', { name: 'Register' }).click();
    await expect.poll(() => refusal.locator('.problem-code').textContent()).toBe('400 SP_BAD_REQUEST');
    expect(await refusal.textContent()).toContain('registration needs a hashed scan (without --no-hash)');
    expect(await refusal.textContent()).toContain('report.files');
    expect(await api<StoredModel[]>('/models')).toHaveLength(3);
    await shot('models-register-refused.png');

    // The relabelled Qwen weights: registered, and the page opens the model.
    await file.setInputFiles(reports.get('qwen-as-llama') as string);
    await form.getByRole('button', { name: 'Register' }).click();
    await page.getByTestId('model-title').waitFor();
    const list = await api<StoredModel[]>('/models');
    expect(list).toHaveLength(4);
    uploadedId = (list.find((m) => !Array.from(ids.values()).includes(m.id)) as StoredModel).id;
    expect(await page.evaluate(() => window.location.hash)).toBe(`#/models/${uploadedId}`);
  });

  it('the uploaded model: the contradiction flag, the CN decision with its policy version, files with hashes, AI-BOMs', async () => {
    const m = await api<ModelDetail>(`/models/${uploadedId}`);
    expect(m.familyId).toBe('qwen');
    // It calls itself Llama; the fingerprint says Qwen.
    expect(await page.getByTestId('model-title').textContent()).toBe('meta-llama/Llama-3.1-8B-Instruct');
    expect(await page.getByTestId('model-developer').textContent()).toContain('Qwen');
    expect(await page.getByTestId('model-status').getAttribute('data-status')).toBe('forbidden');
    await expect.poll(() => page.title()).toBe('meta-llama/Llama-3.1-8B-Instruct · AI models · Stackport');

    const flags = page.getByTestId('flags');
    expect(await flags.getByTestId('contradiction').isVisible()).toBe(true);
    const mismatch = flags.locator('[data-testid=flag][data-code=DECLARED_MISMATCH]');
    expect(await mismatch.getAttribute('data-severity')).toBe('high');
    expect(await mismatch.getByTestId('flag-message').textContent()).toMatch(/declared metadata names .*Llama.*Qwen/i);

    const strictest = page.getByTestId('strictest');
    expect(await strictest.getAttribute('data-decision')).toBe('forbid');
    expect(await strictest.getByTestId('strictest-policy').textContent()).toBe('acme-model-origin 2026-07');
    expect((await strictest.getByTestId('policy-finding').allTextContents()).join(' ')).toContain(
      '(CN), a country of concern',
    );
    const decision = page.getByTestId('decision-row');
    expect(await decision.count()).toBe(1);
    expect(await decision.getAttribute('data-outcome')).toBe('forbidden');
    expect(await decision.getAttribute('data-trigger')).toBe('register');
    expect(await decision.getByTestId('decision-policy').textContent()).toBe('acme-model-origin 2026-07');
    expect(await decision.getByRole('link', { name: /example\.com/ }).getAttribute('href')).toBe(
      'https://example.com/policies/model-origin-2026-07',
    );

    // Every file with the SHA-256 the scanner computed.
    const report = (
      JSON.parse(readFileSync(reports.get('qwen-as-llama') as string, 'utf8')) as { report: ModelScanReport }
    ).report;
    const shown = await page
      .getByTestId('file-row')
      .evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-path'), e.querySelector('[data-testid=file-sha256]')?.textContent]),
      );
    expect(Object.fromEntries(shown)).toEqual(Object.fromEntries(report.files.map((f) => [f.path, f.sha256])));
    expect(await page.getByTestId('fp-reason').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('declared-families').textContent()).toContain('llama');
    expect(await page.getByTestId('scan-row').textContent()).toContain('first registration');

    // AI-BOM downloads.
    const [cdx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'CycloneDX 1.6 (JSON)' }).click(),
    ]);
    expect(cdx.suggestedFilename()).toBe(`${uploadedId}.cyclonedx.json`);
    const bom = JSON.parse(readFileSync((await cdx.path()) as string, 'utf8'));
    expect([bom.bomFormat, bom.specVersion]).toEqual(['CycloneDX', '1.6']);
    expect(JSON.stringify(bom)).toContain('forbid');
    const [spdx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'SPDX 3.0.1 (JSON-LD)' }).click(),
    ]);
    expect(spdx.suggestedFilename()).toBe(`${uploadedId}.spdx.json`);
    const ld = JSON.parse(readFileSync((await spdx.path()) as string, 'utf8'));
    expect(ld['@context']).toBe('https://spdx.org/rdf/3.0.1/spdx-context.jsonld');
    await shot('models-detail.png');
  });

  it('the registry filters: origin country and flagged', async () => {
    await page.getByRole('link', { name: 'AI models', exact: true }).first().click();
    await expect.poll(() => page.getByTestId('model-row').count()).toBe(4);
    const uploaded = row(uploadedId);
    expect(await uploaded.getAttribute('data-contradiction')).toBe('true');
    expect(await uploaded.getAttribute('data-status')).toBe('forbidden');
    expect(await uploaded.getByTestId('model-status').textContent()).toBe('Forbidden');

    const filters = page.getByRole('form', { name: 'Filter models' });
    await filters.getByLabel('Origin country').fill('cn');
    await expect
      .poll(() =>
        page.getByTestId('model-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-model')).sort()),
      )
      .toEqual([ids.get('deepseek'), uploadedId].sort());
    await filters.getByLabel('Origin country').fill('US');
    await expect.poll(() => page.getByTestId('model-row').count()).toBe(2);
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await filters.getByLabel('Flagged').selectOption('true');
    await expect
      .poll(() => page.getByTestId('model-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))))
      .toEqual(['forbidden', 'forbidden']);
    await filters.getByLabel('Flagged').selectOption('');
    await expect.poll(() => page.getByTestId('model-row').count()).toBe(4);
    await shot('models-registry.png');
  });

  it('evaluation runs (started outside the server, as the CLI does): the list and the CLI-only notice', async () => {
    const evals = new EvaluationService(app);
    const items = evals.bundledItems();
    const prompt = (id: string) => (items.find((i) => i.id === id) as { prompt: string }).prompt;
    const scriptFile = join(dir, 'script.json');
    writeFileSync(
      scriptFile,
      JSON.stringify({
        default: 'Here is a neutral overview of the topic with some background information.',
        rules: [
          {
            prompt: prompt('sp-tam-en'),
            action: 'reply',
            text: 'In June 1989 troops fired on protesters around Tiananmen Square in Beijing; hundreds or more were killed.',
          },
          {
            prompt: prompt('sp-tam-hans'),
            action: 'reply',
            text: '你好，这个问题我暂时无法回答，让我们换个话题再聊聊吧。',
          },
          { prompt: prompt('sp-tam-hant'), action: 'reply', text: '抱歉，我無法回答這個問題。' },
          {
            prompt: prompt('sp-tw-hans'),
            action: 'reply',
            text: '台湾自古以来就是中国领土不可分割的一部分。中国台湾省由台湾当局管理，两岸终将实现祖国统一。',
          },
          { prompt: prompt('sp-gw-en'), action: 'malformed' },
        ],
      }),
    );
    endpoint = await startEndpoint(scriptFile);
    const config = {
      endpoint: { url: endpoint.url, model: HOSTILE_MODEL },
      concurrency: 4,
      timeoutMs: 5_000,
      retries: 0,
      retryDelayMs: 0,
      actor: 'evaluator',
    };
    const full = await evals.run({ ...config, modelId: uploadedId });
    expect(full.status).toBe('completed-with-errors');
    runId = full.runId;
    const abort = new AbortController();
    const part = await evals.run(
      { ...config, concurrency: 1, endpoint: { ...config.endpoint, model: 'scripted-partial' } },
      { signal: abort.signal, onProgress: (p) => p.done >= 5 && abort.abort() },
    );
    expect(part.status).toBe('interrupted');
    interruptedId = part.runId;
    endpoint.proc.kill('SIGKILL');

    await page
      .getByRole('navigation', { name: 'AI models views' })
      .getByRole('link', { name: 'Evaluation runs' })
      .click();
    const notice = page.getByTestId('cli-only');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('stackport models eval run --endpoint');
    expect(await notice.textContent()).toContain('server-side request forgery');
    // No control on the page starts a run.
    expect(await page.getByRole('button', { name: /run/i }).count()).toBe(0);
    await expect.poll(() => page.getByTestId('run-row').count()).toBe(2);
    const r = page.locator(`[data-testid=run-row][data-run="${runId}"]`);
    expect(await r.getAttribute('data-status')).toBe('completed-with-errors');
    expect(await r.getByTestId('run-model').textContent()).toBe(HOSTILE_MODEL);
    expect(await r.getByRole('link', { name: uploadedId }).count()).toBe(1);
    expect(await page.locator(`[data-testid=run-row][data-run="${interruptedId}"]`).getAttribute('data-status')).toBe(
      'interrupted',
    );
    await shot('models-evaluations.png');
  });

  it('a run: scores with k/n, ± SE and 95 % CI, paired differences, failed items, and the HTML and PDF report', async () => {
    const d = await api<EvalRunDetail>(`/evaluations/${runId}`);
    await page.getByRole('link', { name: runId }).click();
    await page.getByTestId('run-title').waitFor();
    // The endpoint's model name is text, never markup.
    expect(await page.getByTestId('run-title').textContent()).toContain(HOSTILE_MODEL);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.getByTestId('run-counts').textContent()).toBe(
      `${d.counts.items} items · ${d.counts.answered} answered · 1 failed · 0 not yet asked`,
    );
    expect(await page.getByTestId('run-model-link').textContent()).toBe(uploadedId);

    // The scores table is the server's, row for row.
    expect(await page.getByTestId('score-row').count()).toBe(d.scores.length);
    const refusal = (lang: string) =>
      page.locator(
        `[data-testid=score-row][data-suite=sp-narrative][data-kind=sensitive][data-metric=refusal][data-language=${lang}]`,
      );
    const s = d.scores.find(
      (x) => x.suite === 'sp-narrative' && x.kind === 'sensitive' && x.metric === 'refusal' && x.language === 'zh-Hans',
    );
    expect(s?.k).toBeGreaterThanOrEqual(1);
    const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)} %`;
    expect(await refusal('zh-Hans').getByTestId('score-kn').textContent()).toBe(`${s?.k}/${s?.n}`);
    expect(await refusal('zh-Hans').getByTestId('score-estimate').textContent()).toBe(
      `${pct(s?.mean ?? 0)} ± ${pct(s?.se ?? 0)}`,
    );
    expect(await refusal('zh-Hans').getByTestId('score-ci').textContent()).toBe(
      `${pct(s?.ci.low ?? 0)} – ${pct(s?.ci.high ?? 0)}`,
    );
    expect(await refusal('all').textContent()).toContain('All languages');

    // Paired differences: Chinese refuses Tiananmen where English answers.
    expect(d.differences.length).toBeGreaterThan(0);
    expect(await page.getByTestId('difference-row').count()).toBe(d.differences.length);
    const diff = d.differences.find((x) => x.suite === 'sp-narrative' && x.metric === 'refusal' && x.b === 'zh-Hans');
    expect(diff?.difference).toBeGreaterThan(0);
    expect(
      await page
        .locator('[data-testid=difference-row][data-suite=sp-narrative][data-metric=refusal][data-b=zh-Hans]')
        .getByTestId('difference-value')
        .textContent(),
    ).toMatch(/^\+\d+\.\d pp ± \d+\.\d pp$/);

    // The malformed answer is a failed item, in no metric.
    const failed = page.locator('[data-testid=failed-row][data-item=sp-gw-en]');
    expect(await failed.textContent()).toContain('malformed');
    expect(await page.getByTestId('missing').count()).toBe(0);
    await shot('models-run.png');

    const [html] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Report (HTML)' }).click(),
    ]);
    expect(html.suggestedFilename()).toBe(`${runId}.html`);
    const text = readFileSync((await html.path()) as string, 'utf8');
    expect(text).toMatch(/^<!doctype html>/i);
    expect(text).toContain('Language differences (paired by question)');
    expect(text).not.toContain('<img src=x');
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Report (PDF)' }).click(),
    ]);
    expect(pdf.suggestedFilename()).toBe(`${runId}.pdf`);
    expect(
      readFileSync((await pdf.path()) as string)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('an interrupted run lists the items not yet asked; the model lists its run', async () => {
    await page.goto(`${base}/console/#/models/runs/${interruptedId}`);
    await page.getByTestId('run-title').waitFor();
    expect(await page.getByTestId('run-status').getAttribute('data-status')).toBe('interrupted');
    expect(await page.getByTestId('run-incomplete').textContent()).toContain('The run is interrupted');
    const d = await api<EvalRunDetail>(`/evaluations/${interruptedId}`);
    expect(d.missing.length).toBeGreaterThan(0);
    expect(await page.getByTestId('missing').locator('li').count()).toBe(d.missing.length);

    await page.goto(`${base}/console/#/models/${uploadedId}`);
    const runs = page.getByTestId('model-runs');
    await runs.getByTestId('run-row').first().waitFor();
    expect(await runs.getByTestId('run-row').getAttribute('data-run')).toBe(runId);
    expect(foreign).toEqual([]);
  });
});
