import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freshTestLocation, testEngines } from '@stackport/store';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalDataPath } from '../../core/src/screening/matching/test-data.js';

const BIN = fileURLToPath(new URL('../bin/stackport.js', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const run = promisify(execFile);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], env: Record<string, string> = {}): Promise<Result> {
  try {
    const r = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('stackport CLI (the built binary)', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    if (!existsSync(DIST)) throw new Error('the CLI is not built: run "npm run build" (npm install does it)');
    dir = mkdtempSync(join(tmpdir(), 'stackport-cli-'));
    // The data directory comes from its environment twin, as a deployment would set it.
    env = { STACKPORT_DATA_DIR: join(dir, 'data'), STACKPORT_ACTOR: 'cli-test' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('screen --json prints the documented contract on stdout', async () => {
    const r = await cli(
      ['screen', '--json', 'National University of Defence Technology', '--country', 'CN', '--type', 'organization'],
      env,
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.query).toEqual({
      name: 'National University of Defence Technology',
      country: 'CN',
      type: 'organization',
    });
    expect(out.hits[0]).toMatchObject({
      source: 'EL',
      name: 'National University of Defense Technology (NUDT)',
      matchedName: expect.any(String),
      score: expect.any(Number),
    });
    expect(Object.keys(out.hits[0])).toEqual(
      expect.arrayContaining(['id', 'source', 'name', 'matchedName', 'score', 'explanation']),
    );
    const scores = out.hits.map((h: { score: number }) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('exits 2 with the API error code on bad input and on usage errors', async () => {
    const bad = await cli(['screen', '--json', 'Acme', '--country', 'XX'], env);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(JSON.parse(bad.stderr).error).toMatchObject({ code: 'SP_BAD_REQUEST', errors: [{ path: 'country' }] });
    expect((await cli(['screen', '--no-such-flag'], env)).code).toBe(2);
    expect((await cli(['hits', 'decide', 'x'], env)).code).toBe(2);
    const missingFile = await cli(['lists', 'import', join(dir, 'nope.csv')], env);
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toMatch(/SP_BAD_REQUEST/);
  });

  it('screens a CSV batch on two workers, naming bad rows without stopping', async () => {
    const negatives = readFileSync(evalDataPath('opensanctions_yente_negatives_us.csv'), 'utf8')
      .split('\n')
      .slice(1, 401)
      .map((l) => l.split(',')[0]);
    const rows = [
      'name,country,type',
      ...negatives.map((n) => `${n},,person`),
      '"Abdul Satar Ghoura",AF,person',
      ',US,',
      'Acme,QQ,',
      `"${'A'.repeat(2000)}",,`,
      '"unterminated,US,',
    ];
    writeFileSync(join(dir, 'in.csv'), `${rows.join('\n')}\n`);
    const r = await cli(
      ['screen', '--input', join(dir, 'in.csv'), '--output', join(dir, 'out.csv'), '--workers', '2'],
      env,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/screened 405 rows/);
    const out = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n');
    expect(out[0]).toBe('line,name,country,type,hit_count,best_id,best_source,best_name,matched_name,score,band,error');
    expect(out).toHaveLength(406);
    const ghoura = out.find((l) => l.startsWith('402,'));
    expect(ghoura).toMatch(/,EL,Abdul Satar Ghoura,.*,alert,$/);
    expect(out.find((l) => l.startsWith('403,'))).toMatch(/name is empty/);
    expect(out.find((l) => l.startsWith('404,'))).toMatch(/unknown country code/);
    expect(out.find((l) => l.startsWith('405,'))).toMatch(/longer than 1000/);
    expect(out.at(-1)).toMatch(/^406,.*unterminated quoted field/);
    const json = await cli(['screen', '--json', '--input', join(dir, 'in.csv')], env);
    const lines = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(405);
    expect(lines[400]).toMatchObject({ line: 402, best: { source: 'EL' } });
  });

  it('adjudicates through the CLI and detects a tampered audit log', async () => {
    const party = JSON.parse(
      (await cli(['parties', 'add', '--json', 'Abdul Satar Ghoura', '--country', 'AF', '--type', 'person'], env))
        .stdout,
    );
    expect(party.screening.opened).toBeGreaterThanOrEqual(1);
    const hits = JSON.parse(
      (await cli(['hits', 'list', '--json', '--status', 'open', '--party', party.party.id], env)).stdout,
    );
    const decided = await cli(
      ['hits', 'decide', hits[0].id, '--decision', 'true_match', '--reason', 'Kabul addresses match', '--json'],
      env,
    );
    expect(JSON.parse(decided.stdout)).toMatchObject({ status: 'true_match', decidedBy: 'cli-test' });
    const owned = JSON.parse(
      (await cli(['parties', 'add', '--json', 'Ghoura Family Holdings', '--owner', `${party.party.id}:75`], env))
        .stdout,
    );
    const shown = JSON.parse((await cli(['parties', 'show', '--json', owned.party.id], env)).stdout);
    expect(shown.ownership).toMatchObject({ outcome: 'owned-50-percent', aggregateShare: 75 });

    const ok = await cli(['audit', 'verify', '--json'], env);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true });
    const db = new SqliteDatabase(join(dir, 'data', 'stackport.db'));
    db.prepare("update audit_log set actor = 'someone else' where action = 'hit.decide'").run();
    db.close();
    const broken = await cli(['audit', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/AUDIT LOG BROKEN at record \d+: record \d+ was altered/);
  });

  it('classifies a part as of a date (A800 before and after the 2023 rule)', async () => {
    const before = JSON.parse(
      (await cli(['classify', '--json', 'nvidia-a800-sxm', '--as-of', '2023-06-01'], env)).stdout,
    );
    const after = JSON.parse(
      (await cli(['classify', '--json', 'nvidia-a800-sxm', '--as-of', '2023-12-01'], env)).stdout,
    );
    expect(before.status).toBe('not-listed');
    expect(after).toMatchObject({ status: 'classified', eccn: '3A090.a' });
    const bad = await cli(['classify', 'no-such-part'], env);
    expect(bad.code).toBe(2);
  });

  it('determines a case file, saves it, and replays it under a draft rule pack', async () => {
    const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
    const live = await cli(['determine', '--json', join(examples, 'cases/h100-uae-2024.json')], env);
    expect(live.code).toBe(0);
    expect(JSON.parse(live.stdout).summary).toEqual({ licenseRequired: 'yes', reviewPolicy: 'case-by-case' });
    const text = await cli(['determine', join(examples, 'cases/h100-uae-2024.json')], env);
    expect(text.stdout).toMatch(/LICENSE REQUIRED: YES; review policy: case-by-case/);
    const saved = JSON.parse(
      (
        await cli(
          ['determine', '--json', '--save', '--reference', 'PO-1', join(examples, 'cases/duv-stage-china-2026.json')],
          env,
        )
      ).stdout,
    );
    const whatIf = JSON.parse(
      (await cli(['rules', 'what-if', '--json', join(examples, 'rule-packs/sme-subsystems-d5.json')], env)).stdout,
    );
    expect(whatIf.changed[0]).toMatchObject({ transactionId: saved.transactionId, after: { licenseRequired: 'yes' } });
    const diff = JSON.parse(
      (await cli(['rules', 'diff', '--json', '--from', '2026-07-01', '--to', '2026-07-31'], env)).stdout,
    );
    expect(diff.changes.length).toBeGreaterThan(0);
    writeFileSync(join(dir, 'broken.json'), '{"item":');
    expect((await cli(['determine', join(dir, 'broken.json')], env)).code).toBe(2);
  });

  it('lists status shows per-source counts and dates', async () => {
    const status = JSON.parse((await cli(['lists', 'status', '--json'], env)).stdout);
    const csl = status.lists.find((v: { dataset: string }) => v.dataset === 'csl');
    expect(csl).toMatchObject({ publishedAt: '2023-11-30', sourceCounts: { EL: 919, DPL: 577 } });
  });

  for (const engine of testEngines().filter((e) => e === 'postgres')) {
    it(`runs on ${engine} with --database-url`, async () => {
      const loc = await freshTestLocation(engine);
      try {
        const r = await cli(['--database-url', loc.location.databaseUrl!, 'screen', '--json', 'Abdul Satar Ghora'], {
          STACKPORT_DATA_DIR: join(dir, 'pg'),
        });
        expect(r.code).toBe(0);
        expect(JSON.parse(r.stdout).hits[0].source).toBe('EL');
      } finally {
        await loc.dispose();
      }
    });
  }
});
