/**
 * The fleet commands through the built binary on both engines: registry import (with quarantine and exit 1),
 * export round trip, JSON Lines ingest with a retry, a detector pass, a case to its evidence bundle, PDF
 * summary and draft report, and exit 2 on bad input; a registered verifier's signed batch file, verified and
 * ingested, and a tampered one refused.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  formatRegistryCsv,
  generateKeyPair,
  SoftwareKeyProvider,
  signCheckInBatch,
  simulateFleet,
} from '@stackport/core';
import { freshTestLocation, type TestLocation, testEngines } from '@stackport/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/stackport.js', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const exec = promisify(execFile);

async function cli(args: string[], env: Record<string, string>) {
  try {
    const r = await exec(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const sim = simulateFleet({ devices: 10, days: 5, diversions: 2, seed: 3, start: '2026-01-05T00:00:00.000Z' });

for (const engine of testEngines()) {
  describe(`stackport fleet (built binary) on ${engine}`, () => {
    let dir: string;
    let loc: TestLocation;
    let env: Record<string, string>;
    const file = (name: string) => join(dir, name);

    beforeAll(async () => {
      if (!existsSync(DIST)) throw new Error('the CLI is not built: run "npm run build"');
      dir = mkdtempSync(join(tmpdir(), 'stackport-fleet-cli-'));
      loc = await freshTestLocation(engine);
      env = {
        STACKPORT_DATA_DIR: join(dir, 'data'),
        STACKPORT_ACTOR: 'cli-test',
        ...(loc.location.databaseUrl ? { STACKPORT_DATABASE_URL: loc.location.databaseUrl } : {}),
      };
      writeFileSync(
        file('fleet.csv'),
        formatRegistryCsv(
          sim.devices.map((d) => ({
            device_id: d.deviceId,
            serial: `SN-${d.deviceId}`,
            model: 'H200',
            eccn: '3A090.a',
            licensee: d.licensee,
            site_lat: d.licensedSite.position.lat,
            site_lon: d.licensedSite.position.lon,
            site_country: d.licensedSite.country,
            registered_at: sim.start,
            public_key: SoftwareKeyProvider.generate().publicKey(),
          })),
        ),
      );
      // JSON Lines, out of order, one line retried.
      const lines = [...sim.checkIns].reverse().map((c) => JSON.stringify(c));
      writeFileSync(file('check-ins.jsonl'), `${[...lines, lines[0]].join('\n')}\n`);
    });
    afterAll(async () => {
      await loc?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it('imports, exports, ingests, detects, and takes a case to its bundle and reports', async () => {
      const imp = await cli(['fleet', 'import', file('fleet.csv'), '--json'], env);
      expect(imp.code, imp.stderr).toBe(0);
      expect(JSON.parse(imp.stdout)).toMatchObject({ accepted: 10, unchanged: 0, rejected: [] });

      const exp = await cli(['fleet', 'export', '--out', file('export.csv')], env);
      expect(exp.code, exp.stderr).toBe(0);
      writeFileSync(file('again.csv'), `${readFileSync(file('export.csv'), 'utf8')}dev-x,only-two-fields\n`);
      const again = await cli(['fleet', 'import', file('again.csv'), '--json'], env);
      expect(again.code).toBe(1);
      expect(JSON.parse(again.stdout)).toMatchObject({ accepted: 0, unchanged: 10, rejected: [{ ref: 'line 12' }] });

      const ing = await cli(['fleet', 'ingest', file('check-ins.jsonl'), '--json'], env);
      expect(ing.code, ing.stderr).toBe(0);
      expect(JSON.parse(ing.stdout)).toMatchObject({ accepted: sim.checkIns.length, unchanged: 1, rejected: [] });

      const det = await cli(['fleet', 'detect', '--at', sim.now, '--json'], env);
      expect(det.code, det.stderr).toBe(0);
      expect(JSON.parse(det.stdout)).toMatchObject({ mode: 'full', devicesExamined: 10 });

      const diverted = sim.truth.find((t) => t.kind === 'relay' || t.kind === 'move') as { deviceId: string };
      const alerts = JSON.parse((await cli(['fleet', 'alerts', '--device', diverted.deviceId, '--json'], env)).stdout);
      expect(alerts.length).toBeGreaterThan(0);
      const opened = await cli(['fleet', 'case', 'open', ...alerts.map((a: { id: string }) => a.id), '--json'], env);
      expect(opened.code, opened.stderr).toBe(0);
      const caseId = JSON.parse(opened.stdout).case.id as string;

      const noReason = await cli(['fleet', 'case', 'status', caseId, 'closed', '--json'], env);
      expect(noReason.code).toBe(2);
      expect(JSON.parse(noReason.stderr).error.code).toBe('SP_CONFLICT');

      const bundle = await cli(
        ['fleet', 'case', 'bundle', caseId, '--out', file('bundle.json'), '--pdf', file('bundle.pdf'), '--json'],
        env,
      );
      expect(bundle.code, bundle.stderr).toBe(0);
      const b = JSON.parse(readFileSync(file('bundle.json'), 'utf8'));
      expect(b).toMatchObject({ format: 'stackport.evidence-bundle/1', sha256: JSON.parse(bundle.stdout).sha256 });
      expect(readFileSync(file('bundle.pdf')).subarray(0, 5).toString()).toBe('%PDF-');

      const report = await cli(['fleet', 'case', 'report', caseId, 'location', '--out', file('draft.pdf')], env);
      expect(report.code, report.stderr).toBe(0);
      expect(readFileSync(file('draft.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
      const bad = await cli(['fleet', 'case', 'report', caseId, 'weather', '--out', file('x.pdf')], env);
      expect(bad.code, bad.stderr).toBe(2);

      const closed = await cli(['fleet', 'case', 'status', caseId, 'closed', '--note', 'false alarm', '--json'], env);
      expect(closed.code, closed.stderr).toBe(0);
      expect(JSON.parse(closed.stdout).case).toMatchObject({ status: 'closed', resolution: 'false alarm' });
      expect((await cli(['fleet', 'ingest', file('nope.jsonl')], env)).code).toBe(2);
    });

    it('registers a verifier, ingests its signed batch file, and refuses a tampered or revoked one (exit 2)', async () => {
      const key = generateKeyPair();
      const add = await cli(
        [
          'fleet',
          'verifiers',
          'add',
          '--id',
          'acme',
          '--name',
          'ACME Verification',
          '--public-key',
          key.publicKey,
          '--valid-from',
          sim.start,
          '--json',
        ],
        env,
      );
      expect(add.code, add.stderr).toBe(0);
      expect(JSON.parse(add.stdout)).toMatchObject({ id: 'acme', publicKey: key.publicKey, createdBy: 'cli-test' });
      const list = await cli(['fleet', 'verifiers', 'list'], env);
      expect(list.stdout).toContain(key.publicKey);

      const checkIns = sim.checkIns.map((c) => ({ ...c, checkInId: `${c.checkInId}-s` }));
      const batch = signCheckInBatch(
        { verifierId: 'acme', batchId: 'cli-1', signedAt: sim.now, checkIns },
        key.privateKey,
      );
      writeFileSync(file('batch.json'), JSON.stringify(batch, null, 2));
      const tampered = JSON.parse(JSON.stringify(batch)) as typeof batch;
      (tampered.checkIns[2] as { at: string }).at = sim.start;
      writeFileSync(file('tampered.json'), JSON.stringify(tampered));

      const bad = await cli(['fleet', 'ingest', file('tampered.json'), '--json'], env);
      expect(bad.code).toBe(2);
      expect(JSON.parse(bad.stderr).error, bad.stderr).toMatchObject({
        code: 'SP_BAD_REQUEST',
        detail: expect.stringMatching(/batch cli-1 refused: the signature does not verify/),
        errors: [{ path: 'signature', message: 'bad-signature' }],
      });
      const ok = await cli(['fleet', 'ingest', file('batch.json'), '--json'], env);
      expect(ok.code, ok.stderr).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({
        accepted: checkIns.length,
        source: 'verifier:acme',
        batch: { verifierId: 'acme', batchId: 'cli-1', signature: batch.signature },
      });
      const text = await cli(['fleet', 'ingest', file('batch.json')], env);
      expect(text.stdout).toMatch(
        /signed batch cli-1 of verifier acme verified: 0 check-ins stored, \d+ already stored/,
      );
      const timeline = await cli(['fleet', 'timeline', checkIns[0]?.deviceId as string], env);
      expect(timeline.stdout).toContain('verifier:acme');

      const revoke = await cli(['fleet', 'verifiers', 'revoke', 'acme', '--reason', 'key rotated'], env);
      expect(revoke.code, revoke.stderr).toBe(0);
      const refused = await cli(['fleet', 'ingest', file('batch.json'), '--json'], env);
      expect(refused.code).toBe(2);
      expect(JSON.parse(refused.stderr).error.detail).toMatch(/verifier acme was revoked/);

      const setting = await cli(['fleet', 'settings', '--unsigned', 'refuse', '--json'], env);
      expect(JSON.parse(setting.stdout)).toEqual({ allowUnsignedCheckIns: false });
      const unsigned = await cli(['fleet', 'ingest', file('check-ins.jsonl'), '--json'], env);
      expect(unsigned.code).toBe(2);
      expect(JSON.parse(unsigned.stderr).error.detail).toMatch(/unsigned check-ins are refused/);
    });
  });
}
