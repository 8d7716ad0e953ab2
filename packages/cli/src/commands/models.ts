/**
 * Foreign AI model provenance from the command line (issue 7):
 * `models scan PATH [--aibom cyclonedx|spdx] [--out FILE] [--policy FILE | --forbid-countries CN,RU] [--as-of DATE]
 * [--no-hash]` inspects a local model directory or file without loading weights, fingerprints its family and
 * origin, flags contradictions between declared and observed metadata, optionally checks an origin policy, and
 * prints the scan report or writes an AI bill of materials. Model and formats: docs/models.md.
 * Exit codes: 0 scanned (even with flags or a policy finding; the decision is in the output), 2 bad input
 * (missing path, unreadable or invalid policy, no policy version in force on the date).
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { AppError, scanModelPath } from '@stackport/app';
import {
  buildCycloneDxAibom,
  buildSpdxAibom,
  checkModelPolicy,
  type ModelOriginPolicy,
  ModelOriginPolicyListSchema,
  ModelOriginPolicySchema,
  type ModelScanReport,
  type PolicyResult,
  policyInForce,
} from '@stackport/core';
import type { Command } from 'commander';
import { envOption, globals, run } from '../context.js';
import { EXIT, printData, say, table } from '../output.js';

const TOOL_VERSION = '0.1.0';

interface ScanOptions {
  aibom?: string;
  out?: string;
  policy?: string;
  forbidCountries?: string;
  asOf?: string;
  hash: boolean;
}

const bad = (path: string, message: string) =>
  new AppError('SP_BAD_REQUEST', `${path}: ${message}`, [{ path, message }]);

function loadPolicies(o: ScanOptions, asOf: string): ModelOriginPolicy | undefined {
  if (o.policy && o.forbidCountries) throw bad('policy', 'give --policy or --forbid-countries, not both');
  if (o.forbidCountries) {
    const countries = o.forbidCountries.split(',').map((c) => c.trim().toUpperCase());
    const parsed = ModelOriginPolicySchema.safeParse({
      id: 'cli',
      version: asOf,
      title: 'Countries of concern given on the command line',
      effectiveFrom: asOf,
      countriesOfConcern: countries,
      action: 'forbid',
    });
    if (!parsed.success) throw bad('forbid-countries', 'a comma-separated list of ISO 3166 alpha-2 codes');
    return parsed.data;
  }
  if (!o.policy) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(o.policy, 'utf8'));
  } catch (err) {
    throw bad('policy', `cannot read ${o.policy} as JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = ModelOriginPolicyListSchema.safeParse(raw);
  if (!parsed.success)
    throw new AppError(
      'SP_BAD_REQUEST',
      `policy: ${o.policy} is not a model origin policy`,
      parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  const list = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  const p = policyInForce(list, asOf);
  if (!p) throw bad('as-of', `no version of the policy in ${o.policy} is in force on ${asOf}`);
  return p;
}

function text(report: ModelScanReport, policy: PolicyResult | undefined): string {
  const { summary: s, fingerprint: fp, flags } = report.analysis;
  const origin = fp.family ? `${fp.family.name} — ${fp.family.organization} (${fp.family.country})` : 'unknown';
  const lines = [
    `model: ${s.name}  (${s.fileCount} files, ${s.totalBytes} bytes${s.parameterCount ? `, ${s.parameterCount} parameters` : ''}${s.formats.length ? `, ${s.formats.join('+')}` : ''})`,
    `origin: ${origin}; confidence ${fp.confidence} (${fp.level}, from ${fp.basis})`,
    ...(fp.architectureFamily
      ? [
          `architecture: ${fp.architectureFamily.name} (${fp.architectureFamily.organization}, ${fp.architectureFamily.country})`,
        ]
      : []),
    ...fp.reasons.map((r) => `  · ${r}`),
    '',
    flags.length
      ? table([['severity', 'flag', 'message'], ...flags.map((f) => [f.severity, f.code, f.message])])
      : 'no flags',
  ];
  if (policy)
    lines.push(
      '',
      `policy ${policy.policy.id} ${policy.policy.version} as of ${policy.asOf}: ${policy.decision.toUpperCase()}`,
      ...policy.findings.map((f) => `  · ${f.decision}: ${f.message}`),
    );
  lines.push(
    '',
    table([
      ['file', 'kind', 'bytes', 'sha256', 'problem'],
      ...report.files.map((f) => [
        f.path,
        f.kind,
        f.size,
        f.sha256?.slice(0, 16) ?? '-',
        f.error ? `${f.error.code}: ${f.error.message}` : '',
      ]),
    ]),
  );
  return lines.join('\n');
}

export function modelsCommands(program: Command): void {
  const models = program
    .command('models')
    .description('foreign AI models: provenance (scan, fingerprint, AI-BOM) and evaluation (eval run|report|items)');
  models
    .command('scan')
    .description('inspect a local model directory or file without loading weights')
    .argument('<path>', 'model directory or file (safetensors, GGUF, …)')
    .addOption(envOption('--aibom <format>', 'write an AI bill of materials: cyclonedx (1.6) or spdx (3.0.1)'))
    .addOption(envOption('--out <file>', 'write the AI-BOM (or, without --aibom, the JSON report) to this file'))
    .addOption(envOption('--policy <file>', 'origin policy JSON (one policy or a dated list of versions)'))
    .addOption(envOption('--forbid-countries <codes>', 'ad hoc policy: forbid models from these ISO2 countries'))
    .addOption(envOption('--as-of <date>', 'date the policy is applied for (YYYY-MM-DD, default today)'))
    .option('--no-hash', 'skip SHA-256 of the files (fast fingerprint only)')
    .action(
      run(async (path: string, o: ScanOptions, cmd: Command) => {
        const json = globals(cmd).json === true;
        if (o.aibom !== undefined && o.aibom !== 'cyclonedx' && o.aibom !== 'spdx')
          throw bad('aibom', `"${o.aibom}" is not cyclonedx or spdx`);
        const asOf = o.asOf ?? new Date().toISOString().slice(0, 10);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf)))
          throw bad('as-of', `"${asOf}" is not a date YYYY-MM-DD`);
        const policyDef = loadPolicies(o, asOf);
        const report = await scanModelPath(path, { hash: o.hash });
        const policy = policyDef ? checkModelPolicy(report.analysis, policyDef, asOf) : undefined;
        if (o.aibom) {
          const opts = { toolVersion: TOOL_VERSION, ...(policy ? { policy } : {}) };
          const bom = o.aibom === 'spdx' ? buildSpdxAibom(report, opts) : buildCycloneDxAibom(report, opts);
          const body = `${JSON.stringify(bom, null, 2)}\n`;
          if (o.out) {
            writeFileSync(o.out, body);
            say(`wrote ${o.aibom === 'spdx' ? 'SPDX 3.0.1' : 'CycloneDX 1.6'} AI-BOM to ${o.out}`);
            printData(json, { report, policy, aibom: { format: o.aibom, file: o.out } }, () => text(report, policy));
          } else process.stdout.write(body);
          return EXIT.ok;
        }
        if (o.out) {
          writeFileSync(o.out, `${JSON.stringify({ report, policy }, null, 2)}\n`);
          say(`wrote the scan report to ${o.out}`);
        }
        printData(json, { report, ...(policy ? { policy } : {}) }, () => text(report, policy));
        return EXIT.ok;
      }),
    );
}
