#!/usr/bin/env node
// `npm test`: everything the tests need, then the tests.
// 1. Debian's chromium (browser tests) and PostgreSQL (the second store engine), installed with apt
//    when missing and we are root; 2. a throwaway PostgreSQL server on a free loopback port;
// 3. the build (the CLI tests run the built binary, the browser tests the built console);
// 4. vitest; 5. the closing line "N passed, N failed, N skipped".
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const isRoot = process.getuid?.() === 0;
const log = (m) => process.stderr.write(`[test] ${m}\n`);

function pgBin() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : undefined;
}

function ensureSystemPackages() {
  const missing = [];
  if (!process.env.STACKPORT_CHROMIUM && !existsSync('/usr/bin/chromium'))
    missing.push('chromium', 'fonts-dejavu-core');
  if (!process.env.STACKPORT_TEST_POSTGRES_URL && !pgBin()) missing.push('postgresql');
  if (missing.length === 0) return;
  if (!isRoot) {
    log(
      `missing Debian packages: ${missing.join(' ')}; install them (apt-get install ${missing.join(' ')}) or run as root`,
    );
    return;
  }
  log(`installing ${missing.join(' ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startPostgres() {
  const bin = pgBin();
  if (!bin) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'stackport-pg-'));
  // initdb refuses to run as root: run the server as the postgres user Debian creates.
  const asUser = isRoot ? ['runuser', '-u', 'postgres', '--'] : [];
  if (isRoot)
    chownSync(
      dir,
      Number(execFileSync('id', ['-u', 'postgres']).toString()),
      Number(execFileSync('id', ['-g', 'postgres']).toString()),
    );
  const port = await freePort();
  const run = (cmd, args) =>
    execFileSync(asUser[0] ?? cmd, asUser.length ? [...asUser.slice(1), cmd, ...args] : args, {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  run(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
  run(join(bin, 'pg_ctl'), [
    '-D',
    join(dir, 'data'),
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  log(`PostgreSQL ${bin.split('/').at(-2)} on 127.0.0.1:${port}`);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

ensureSystemPackages();
log('building');
const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  log('build failed');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

// Static checks count as tests: formatting and lint (Biome) and the console's type check.
const checks = [
  ['biome check', 'npx', ['biome', 'check', '.']],
  ['console typecheck', 'npx', ['tsc', '-p', 'packages/web/tsconfig.json']],
];
let checksPassed = 0;
let checksFailed = 0;
for (const [label, cmd, args] of checks) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status === 0) checksPassed++;
  else {
    checksFailed++;
    log(`${label} failed`);
  }
}

const pg = process.env.STACKPORT_TEST_POSTGRES_URL ? undefined : await startPostgres();
const env = { ...process.env };
if (pg) env.STACKPORT_TEST_POSTGRES_URL = pg.url;
if (!env.STACKPORT_TEST_POSTGRES_URL) log('no PostgreSQL: the PostgreSQL half of the store suites is skipped');

mkdirSync(join(root, 'test-results'), { recursive: true });
const report = join(root, 'test-results', 'vitest.json');
const unhandledReport = join(root, 'test-results', 'unhandled-errors.json');
rmSync(report, { force: true });
rmSync(unhandledReport, { force: true });
let status = 1;
try {
  const r = spawnSync(
    'npx',
    [
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      `--reporter=${join(root, 'scripts', 'unhandled-errors-reporter.mjs')}`,
      ...process.argv.slice(2),
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env,
    },
  );
  status = r.status ?? 1;
} finally {
  pg?.stop();
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const j = JSON.parse(readFileSync(report, 'utf8'));
  passed = j.numPassedTests;
  // A suite that fails before any test runs (an import error) counts as one failure.
  const suiteErrors = (j.testResults ?? []).filter(
    (s) => s.status === 'failed' && !s.assertionResults?.some((a) => a.status === 'failed'),
  ).length;
  failed = j.numFailedTests + suiteErrors;
  skipped = j.numPendingTests + j.numTodoTests;
}
// Unhandled errors fail the run (vitest exits non-zero); repeat them here so the end of a CI log says what they were.
if (existsSync(unhandledReport)) {
  const errors = JSON.parse(readFileSync(unhandledReport, 'utf8'));
  for (const e of errors) {
    console.log(
      `[test] unhandled error${e.testFile ? ` while ${relative(root, e.testFile)}${e.test ? ` > ${e.test}` : ''} ran` : ''}:`,
    );
    console.log(e.stack || `${e.name}: ${e.message}`);
  }
  failed += errors.length;
}
if (status !== 0 && failed === 0) failed = 1;
passed += checksPassed;
failed += checksFailed;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
