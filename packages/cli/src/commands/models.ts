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
import {
  AppError,
  type ModelDetail,
  ModelRegistryService,
  type PolicyAddResult,
  type RegisterResult,
  scanModelPath,
} from '@stackport/app';
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
import { actor, envOption, globals, run, withApp } from '../context.js';
import { readJsonFile } from '../input-files.js';
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
  registryCommands(models);
}

// ------------------------------------------------------------------ the model registry (store)

function modelText(m: ModelDetail): string {
  const fp = m.fingerprint;
  const lines = [
    `${m.id}  ${m.name}`,
    `status: ${m.status.toUpperCase()}; scans: ${m.scanCount}; first seen ${m.firstSeen}; last scanned ${m.lastScanned}`,
    `origin: ${fp.family ? `${fp.family.name} — ${fp.family.organization} (${fp.family.country})` : 'unknown'}; confidence ${fp.confidence} (${fp.level}, from ${fp.basis})`,
    ...(fp.architectureFamily
      ? [
          `architecture: ${fp.architectureFamily.name} (${fp.architectureFamily.organization}, ${fp.architectureFamily.country})`,
        ]
      : []),
    `weights sha256: ${m.weightsSha256}`,
    '',
    (m.flags as { code: string; severity: string; message: string }[]).length
      ? table([
          ['severity', 'flag', 'message'],
          ...(m.flags as { code: string; severity: string; message: string }[]).map((f) => [
            f.severity,
            f.code,
            f.message,
          ]),
        ])
      : 'no flags',
  ];
  if (m.decisions.length)
    lines.push(
      '',
      table([
        ['at', 'policy', 'as of', 'outcome', 'trigger'],
        ...m.decisions.map((d) => [
          d.at,
          d.policy ? `${d.policy.policyId} ${d.policy.version}` : d.policyVersionId,
          d.asOf,
          d.outcome,
          d.trigger,
        ]),
      ]),
    );
  if (m.policy)
    lines.push(
      '',
      ...(m.policy.findings.length ? m.policy.findings.map((f) => `  · ${f.decision}: ${f.message}`) : []),
    );
  if (m.evalRuns.length)
    lines.push(
      '',
      table([
        ['eval run', 'status', 'model', 'endpoint', 'started'],
        ...m.evalRuns.map((r) => [r.id, r.status, r.model, r.endpointUrl, r.startedAt]),
      ]),
    );
  lines.push(
    '',
    table([
      ['file', 'kind', 'bytes', 'sha256'],
      ...m.files.map((f) => [f.path, f.kind, f.size, f.sha256?.slice(0, 16) ?? '-']),
    ]),
  );
  return lines.join('\n');
}

function registerText(r: RegisterResult): string {
  const c = r.changes;
  const changes = c.first
    ? []
    : [
        `re-scan of known weights (${r.model.scanCount} scans):`,
        ...(c.files.added.length ? [`  files added: ${c.files.added.join(', ')}`] : []),
        ...(c.files.removed.length ? [`  files removed: ${c.files.removed.join(', ')}`] : []),
        ...(c.files.changed.length ? [`  files changed: ${c.files.changed.join(', ')}`] : []),
        ...c.fields.map((f) => `  ${f.field}: ${JSON.stringify(f.from)} → ${JSON.stringify(f.to)}`),
        ...(c.flags.added.length ? [`  flags added: ${c.flags.added.join(', ')}`] : []),
        ...(c.flags.removed.length ? [`  flags removed: ${c.flags.removed.join(', ')}`] : []),
      ];
  return [...(changes.length ? [...changes, ''] : []), modelText(r.model)].join('\n');
}

interface PolicyAddOptions {
  id?: string;
  policyVersion?: string;
  title?: string;
  source?: string;
  effectiveFrom?: string;
  effectiveTo?: string;
  countries?: string;
  action?: string;
}

function registryCommands(models: Command): void {
  models
    .command('register')
    .description('scan a local model (or read a scan report) and register it in the store, with a policy check')
    .argument('<path>', 'model directory or file; with --from-report, a scan report JSON (`models scan --json --out`)')
    .option('--from-report', 'PATH is a scan report JSON made elsewhere, not a model')
    .addOption(envOption('--as-of <date>', 'date the stored policies are applied for (YYYY-MM-DD, default today)'))
    .action(
      run(async (path: string, o: { fromReport?: boolean; asOf?: string }, cmd: Command) => {
        const g = globals(cmd);
        let report: unknown;
        if (o.fromReport) {
          const raw = readJsonFile(path, 'PATH') as { report?: unknown } | null;
          report = raw && typeof raw === 'object' && 'report' in raw ? raw.report : raw;
        } else {
          say(`scanning ${path} (hashing every file)`);
          // The same JSON the HTTP API receives.
          report = JSON.parse(JSON.stringify(await scanModelPath(path, { hash: true })));
        }
        return withApp(g, async (app) => {
          const r = await new ModelRegistryService(app).register(
            { report, ...(o.asOf ? { asOf: o.asOf } : {}) },
            actor(g),
          );
          say(`${r.created ? 'registered' : 'updated'} ${r.model.id}: ${r.model.status}`);
          printData(g.json === true, r, () => registerText(r));
          return EXIT.ok;
        });
      }),
    );

  models
    .command('list')
    .description('registered models, most recently scanned first')
    .option('--flagged', 'only models flagged or forbidden by a policy in force')
    .option('--country <code>', 'origin country (ISO 3166-1 alpha-2)')
    .option('--family <id>', 'family id: deepseek, qwen, llama, …')
    .action(
      run(async (o: { flagged?: boolean; country?: string; family?: string }, cmd: Command) => {
        const g = globals(cmd);
        return withApp(g, async (app) => {
          const list = await new ModelRegistryService(app).models({
            ...(o.flagged ? { flagged: true } : {}),
            ...(o.country ? { country: o.country } : {}),
            ...(o.family ? { family: o.family } : {}),
          });
          printData(g.json === true, list, () =>
            list.length
              ? table([
                  ['id', 'name', 'family', 'country', 'confidence', 'status', 'flags', 'last scanned'],
                  ...list.map((m) => [
                    m.id,
                    m.name,
                    m.familyId ?? '-',
                    m.originCountry ?? '-',
                    m.confidence,
                    m.status,
                    (m.flags as { code: string }[]).map((f) => f.code).join(',') || '-',
                    m.lastScanned,
                  ]),
                ])
              : '(no models)',
          );
          return EXIT.ok;
        });
      }),
    );

  models
    .command('show')
    .description('a registered model: fingerprint, flags, policy decisions, eval runs, files')
    .argument('<id>', 'model id (MDL-…)')
    .addOption(
      envOption('--aibom <format>', 'print the AI-BOM of the latest scan instead: cyclonedx (1.6) or spdx (3.0.1)'),
    )
    .action(
      run(async (id: string, o: { aibom?: string }, cmd: Command) => {
        const g = globals(cmd);
        if (o.aibom !== undefined && o.aibom !== 'cyclonedx' && o.aibom !== 'spdx')
          throw bad('aibom', `"${o.aibom}" is not cyclonedx or spdx`);
        return withApp(g, async (app) => {
          const registry = new ModelRegistryService(app);
          if (o.aibom) {
            process.stdout.write(
              `${JSON.stringify(await registry.aibom(id, o.aibom as 'cyclonedx' | 'spdx'), null, 2)}\n`,
            );
            return EXIT.ok;
          }
          const m = await registry.model(id);
          printData(g.json === true, m, () => modelText(m));
          return EXIT.ok;
        });
      }),
    );

  const policy = models.command('policy').description('dated model origin policies in the store');
  policy
    .command('add')
    .description('add a policy version (from a JSON file, or from options) and check every registered model')
    .argument('[file]', 'policy JSON: one version or a list of versions (each needs a source)')
    .option('--id <id>', 'policy id')
    .option('--policy-version <version>', 'version label')
    .option('--title <title>', 'title')
    .option('--source <source>', 'where the policy comes from (URL or document reference)')
    .option('--effective-from <date>', 'YYYY-MM-DD')
    .option('--effective-to <date>', 'YYYY-MM-DD (exclusive)')
    .option('--countries <codes>', 'countries of concern, ISO2, comma-separated')
    .option('--action <action>', 'forbid (default) or review')
    .action(
      run(async (file: string | undefined, o: PolicyAddOptions, cmd: Command) => {
        const g = globals(cmd);
        let versions: unknown[];
        if (file) {
          const raw = readJsonFile(file, 'file');
          versions = Array.isArray(raw) ? raw : [raw];
        } else {
          if (!o.id || !o.policyVersion || !o.source || !o.effectiveFrom || !o.countries)
            throw bad('policy', 'give a FILE, or --id, --policy-version, --source, --effective-from and --countries');
          versions = [
            {
              id: o.id,
              version: o.policyVersion,
              title: o.title ?? `${o.id} ${o.policyVersion}`,
              source: o.source,
              effectiveFrom: o.effectiveFrom,
              ...(o.effectiveTo ? { effectiveTo: o.effectiveTo } : {}),
              countriesOfConcern: o.countries.split(',').map((c) => c.trim()),
              ...(o.action ? { action: o.action } : {}),
            },
          ];
        }
        return withApp(g, async (app) => {
          const registry = new ModelRegistryService(app);
          const results: PolicyAddResult[] = [];
          for (const v of versions) {
            const r = await registry.addPolicy(v, actor(g));
            say(
              `added ${r.policy.policyId} ${r.policy.version} (${r.inForce ? 'in force' : `not in force today; checked as of ${r.asOf}`}): ${r.reevaluated} model(s) checked`,
            );
            results.push(r);
          }
          printData(g.json === true, results.length === 1 ? results[0] : results, () =>
            results
              .map((r) =>
                [
                  `${r.policy.id}  ${r.policy.policyId} ${r.policy.version}: ${r.policy.countries.join(',')} → ${r.policy.action}`,
                  `  source: ${r.policy.source}`,
                  `  outcomes: allowed ${r.outcomes.allowed}, flagged ${r.outcomes.flagged}, forbidden ${r.outcomes.forbidden}`,
                  ...r.changed.map((c) => `  ${c.modelId} ${c.name}: ${c.from} → ${c.to}`),
                ].join('\n'),
              )
              .join('\n'),
          );
          return EXIT.ok;
        });
      }),
    );
  policy
    .command('list')
    .description('policy versions, latest start first')
    .action(
      run(async (_o: unknown, cmd: Command) => {
        const g = globals(cmd);
        return withApp(g, async (app) => {
          const list = await new ModelRegistryService(app).policies();
          printData(g.json === true, list, () =>
            list.length
              ? table([
                  ['id', 'policy', 'version', 'from', 'to', 'countries', 'action', 'in force', 'source'],
                  ...list.map((p) => [
                    p.id,
                    p.policyId,
                    p.version,
                    p.effectiveFrom,
                    p.effectiveTo ?? '-',
                    p.countries.join(','),
                    p.action,
                    p.inForce ? 'yes' : '',
                    p.source,
                  ]),
                ])
              : '(no policies)',
          );
          return EXIT.ok;
        });
      }),
    );
}
