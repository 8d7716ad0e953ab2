#!/usr/bin/env node
// `npm run bench`: runs every bench/*.ts (each prints one JSON object {name, results:[{metric, value,
// target, anchor?, pass}]} on stdout) and writes docs/benchmarks.md with the machine and the date.
// Speed and memory goals are measured here, never by timed unit tests.
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('-data.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const started = new Date();
const sections = [];
let failures = 0;
for (const file of files) {
  process.stderr.write(`[bench] ${file}\n`);
  const r = spawnSync('npx', ['tsx', join('bench', file)], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) {
    failures++;
    sections.push({ name: file, error: `exited with status ${r.status}` });
    continue;
  }
  // One JSON object on stdout, pretty-printed or on one line.
  const text = r.stdout.trim();
  const out = JSON.parse(text.startsWith('{') ? text : text.slice(text.lastIndexOf('\n{') + 1));
  sections.push({ name: out.name ?? file, file, ...out });
}

const cpu = cpus();
const fmt = (v) =>
  typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4).replace(/\.?0+$/, '')) : String(v);
const lines = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (scripts/bench.mjs). Each figure stands beside its target and, where there is one, its public anchor.',
  '',
  `- Date: ${started.toISOString()}`,
  `- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
  `- Node ${process.version}, ${process.platform}-${process.arch}`,
  '',
];
for (const s of sections) {
  lines.push(`## ${s.name}`, '');
  if (s.error) {
    lines.push(`Failed: ${s.error}`, '');
    continue;
  }
  if (s.description) lines.push(s.description, '');
  lines.push('| metric | value | target | anchor | pass |', '|---|---|---|---|---|');
  for (const r of s.results ?? [])
    lines.push(
      `| ${r.metric} | ${fmt(r.value)} | ${r.target ?? ''} | ${r.anchor ?? ''} | ${r.pass === undefined ? '' : r.pass ? 'yes' : '**no**'} |`,
    );
  if (s.notes?.length) lines.push('', ...s.notes.map((n) => `- ${n}`));
  lines.push('');
}
writeFileSync(join(root, 'docs', 'benchmarks.md'), `${lines.join('\n')}\n`);
process.stderr.write(`[bench] wrote docs/benchmarks.md (${sections.length} benchmarks, ${failures} failed to run)\n`);
process.exit(failures > 0 ? 1 : 0);
