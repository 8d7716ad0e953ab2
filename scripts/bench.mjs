#!/usr/bin/env node
// `npm run bench [name…]`: runs bench/*.ts (all, or those whose file name contains a given name).
// Each prints one JSON object {name, description?, results:[{metric, value, target, anchor?, pass}], notes?}
// on stdout. Results are kept per benchmark in docs/benchmarks.json with the machine and date of the run
// that produced them, and docs/benchmarks.md is rendered from all of them.
// Speed and memory goals are measured here, never by timed unit tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const store = join(root, 'docs', 'benchmarks.json');
const only = process.argv.slice(2);
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('-data.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`;
const results = existsSync(store) ? JSON.parse(readFileSync(store, 'utf8')) : {};
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
    process.stderr.write(`[bench] ${file} exited with status ${r.status}; its previous results are kept\n`);
    continue;
  }
  // One JSON object on stdout, pretty-printed or on one line.
  const text = r.stdout.trim();
  const out = JSON.parse(text.startsWith('{') ? text : text.slice(text.lastIndexOf('\n{') + 1));
  results[file.replace(/\.ts$/, '')] = { ...out, ranAt: new Date().toISOString(), machine };
}
writeFileSync(store, `${JSON.stringify(results, null, 2)}\n`);

const fmt = (v) =>
  typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4).replace(/\.?0+$/, '')) : String(v);
const lines = [
  '# Benchmarks',
  '',
  'Written by `npm run bench` (scripts/bench.mjs) from docs/benchmarks.json. Each figure stands beside its target and, where there is one, its public anchor; each section names the machine and date of its run.',
  '',
];
for (const key of Object.keys(results).sort()) {
  const s = results[key];
  lines.push(`## ${s.name ?? key}`, '', `Run ${s.ranAt} on ${s.machine}.`, '');
  if (s.description) lines.push(s.description, '');
  lines.push('| metric | value | target | anchor | pass |', '|---|---|---|---|---|');
  for (const r of s.results ?? []) {
    lines.push(
      `| ${r.metric} | ${fmt(r.value)} | ${r.target ?? ''} | ${r.anchor ?? ''} | ${r.pass === undefined ? '' : r.pass ? 'yes' : '**no**'} |`,
    );
  }
  if (s.notes?.length) lines.push('', ...s.notes.map((n) => `- ${n}`));
  lines.push('');
}
writeFileSync(join(root, 'docs', 'benchmarks.md'), `${lines.join('\n')}\n`);
process.stderr.write(
  `[bench] wrote docs/benchmarks.md (${Object.keys(results).length} benchmarks; ${failures} failed to run this time)\n`,
);
process.exit(failures > 0 ? 1 : 0);
