/**
 * Batch screening benchmark: 100,000 synthetic names (yente negatives, US + global) through the built
 * CLI (`stackport screen --input … --workers 2`) against the bundled CSL + UN lists, on real worker
 * threads. Wall time includes start-up and each worker's index build; peak RSS is sampled from /proc.
 * Run: npx tsx bench/screening-batch.ts   (needs `npm run build`)
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsv } from './screening-data.js';

const BIN = fileURLToPath(new URL('../packages/cli/bin/stackport.js', import.meta.url));

function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ seconds: number; rss: number; stderr: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let rss = 0;
  child.stderr.on('data', (d) => (stderr += String(d)));
  const timer = setInterval(() => (rss = Math.max(rss, peakRss(child.pid ?? 0))), 100);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`stackport exited ${code}: ${stderr}`);
  return { seconds: (performance.now() - started) / 1000, rss, stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'stackport-batch-'));
try {
  const names = ['opensanctions_yente_negatives_us.csv', 'opensanctions_yente_negatives_global.csv'].flatMap((f) =>
    readCsv(f).map((r) => r.full_name ?? ''),
  );
  const csv = ['name', ...names.map((n) => (/[",\n]/.test(n) ? `"${n.replace(/"/g, '""')}"` : n))].join('\n');
  writeFileSync(join(dir, 'in.csv'), `${csv}\n`);
  const env = { ...process.env, STACKPORT_DATA_DIR: join(dir, 'data') };
  process.stderr.write(`batch: ${names.length} names; loading the bundled lists first\n`);
  await runCli(['lists', 'status'], env);
  const run = await runCli(
    ['screen', '--input', join(dir, 'in.csv'), '--output', join(dir, 'out.csv'), '--workers', '2'],
    env,
  );
  const rows = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n').length - 1;
  console.log(
    JSON.stringify({
      name: 'screening-batch',
      description: `\`stackport screen --input\` on ${rows.toLocaleString('en')} names (yente synthetic negatives) against the bundled CSL + UN snapshots, 2 worker threads, built CLI, wall time from process start.`,
      results: [
        {
          metric: 'batch wall time, 100k names, 2 cores (s)',
          value: Math.round(run.seconds * 10) / 10,
          target: '<= 120',
          pass: run.seconds <= 120,
        },
        {
          metric: 'throughput (names/s)',
          value: Math.round(rows / run.seconds),
          target: '>= 834',
          pass: rows / run.seconds >= 834,
        },
        {
          metric: 'peak RSS of the CLI process incl. workers (MB)',
          value: Math.round(run.rss / 2 ** 20),
          target: '<= 1024',
          pass: run.rss <= 2 ** 30,
        },
      ],
      notes: [run.stderr.trim().split('\n').at(-1) ?? ''],
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
