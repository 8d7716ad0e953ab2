/**
 * Cloud-compute customer due diligence from the command line: `kyc open`, `kyc accounts|show|decide|resolve`,
 * `kyc resellers add|list|attest`, `kyc usage ingest`, `kyc training-runs`, `kyc report`, `kyc rules`. Same
 * operations and error codes as /api/v1/kyc; bad input exits 2 and stores nothing.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { AppError, type KycAccountView, KycService, type Stackport } from '@stackport/app';
import { isCsvProblem, readCsv } from '@stackport/core';
import type { Command } from 'commander';
import { actor, envOption, globals, run, withApp } from '../context.js';
import { readJsonFile, readText } from '../input-files.js';
import { EXIT, printData, say, table } from '../output.js';

const svc = (app: Stackport) => new KycService(app);

/** A number option, or the raw text so that validation names it. */
const num = (v: string | undefined): number | string | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) ? n : v;
};

/** Usage rows from JSON (an array or {records}) or CSV (header accountId,day,acceleratorModel,count,hours,utilisation). */
function usageInput(file: string): unknown {
  if (file.endsWith('.csv')) {
    const text = readText(file, 'file');
    let header: string[] | undefined;
    const records: unknown[] = [];
    for (const rec of readCsv(text)) {
      // A malformed CSV record stays a row, so that it is quarantined with its line instead of silently dropped.
      if (isCsvProblem(rec)) records.push({ csvLine: rec.line, csvProblem: rec.message });
      else if (!header) header = rec.fields.map((h) => h.trim());
      else {
        const o: Record<string, unknown> = {};
        header.forEach((h, i) => {
          const v = rec.fields[i] ?? '';
          o[h] = ['count', 'hours', 'utilisation'].includes(h) ? num(v) : v;
        });
        records.push(o);
      }
    }
    if (!header) throw new AppError('SP_BAD_REQUEST', `${file} is empty`, [{ path: 'file', message: 'empty' }]);
    return { records, source: file };
  }
  const v = readJsonFile(file, 'file');
  return Array.isArray(v) ? { records: v, source: file } : v;
}

function accountText(a: KycAccountView): string {
  const o = a.outcome as {
    foreignPerson?: { status: string };
    reasons?: { weight: string; text: string; legalStatus?: string }[];
    restsOnProposedRules?: boolean;
  };
  const lines = [
    `account ${a.id} (${a.type}) ${a.name}: ${a.status}; assessment ${a.recommendation}; ${o.foreignPerson?.status ?? ''}`,
    `  opened ${a.openedAt} by ${a.openedBy}; assessed on ${a.assessedOn}${o.restsOnProposedRules ? '; rests on proposed rules only' : ''}`,
  ];
  for (const r of o.reasons ?? []) lines.push(`  [${r.weight}] ${r.text}${r.legalStatus ? ` (${r.legalStatus})` : ''}`);
  if (a.findings.length) {
    lines.push(
      table([
        ['FINDING', 'KIND', 'SEVERITY', 'STATUS', 'SUMMARY'],
        ...a.findings.map((f) => [f.id, f.kind, f.severity, f.status, f.summary.slice(0, 100)]),
      ]),
    );
  }
  if (a.blockingFindings) lines.push(`${a.blockingFindings} open high-severity finding(s): approval needs --override`);
  for (const d of a.decisions)
    lines.push(
      `  ${d.at} ${d.actor}: ${d.decision} ${d.statusFrom} → ${d.statusTo}: ${d.reason}${d.override ? ` (override: ${d.override})` : ''}`,
    );
  return lines.join('\n');
}

export function kycCommands(program: Command): void {
  const kyc = program
    .command('kyc')
    .description('cloud (IaaS) customer due diligence: accounts, findings, resellers, usage, training runs, rules');

  kyc
    .command('open')
    .description('open an account: validate, screen, assess and store it (bad input: exit 2, nothing stored)')
    .argument('<file>', 'application JSON (docs/kyc.md)')
    .action(
      run(async (file: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const input = readJsonFile(file, 'file');
        const r = await withApp(g, (app) => svc(app).openAccount(input, actor(g)));
        printData(g.json === true, r, () => accountText(r));
        return EXIT.ok;
      }),
    );
  kyc
    .command('accounts')
    .description('accounts, newest first (--status pending-review for the review queue)')
    .addOption(envOption('--status <status>', 'pending-review | approved | rejected | closed'))
    .addOption(envOption('--limit <n>', 'how many').default('100'))
    .action(
      run(async (o: { status?: string; limit: string }, cmd: Command) => {
        const g = globals(cmd);
        const rows = await withApp(g, (app) => svc(app).accounts(o));
        printData(g.json === true, rows, () =>
          table([
            ['ID', 'TYPE', 'NAME', 'COUNTRY', 'STATUS', 'ASSESSMENT', 'OPENED'],
            ...rows.map((a) => [a.id, a.type, a.name, a.declaredCountry, a.status, a.recommendation, a.openedAt]),
          ]),
        );
        return EXIT.ok;
      }),
    );
  kyc
    .command('show')
    .description('an account: assessment reasons with legal status, findings, decisions')
    .argument('<id>')
    .action(
      run(async (id: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, (app) => svc(app).account(id));
        printData(g.json === true, r, () => accountText(r));
        return EXIT.ok;
      }),
    );
  kyc
    .command('decide')
    .description('approve | reject | close an account (approval over open high findings needs --override)')
    .argument('<id>')
    .argument('<decision>', 'approve | reject | close')
    .addOption(envOption('--reason <text>', 'why (kept with the decision and in the audit log)').makeOptionMandatory())
    .addOption(envOption('--override <text>', 'explicit reason to approve over unresolved high-severity findings'))
    .action(
      run(async (id: string, decision: string, o: { reason: string; override?: string }, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, (app) =>
          svc(app).decide(
            id,
            { decision, reason: o.reason, ...(o.override ? { override: o.override } : {}) },
            actor(g),
          ),
        );
        printData(g.json === true, r, () => `account ${r.id}: ${r.status}`);
        return EXIT.ok;
      }),
    );
  kyc
    .command('findings')
    .description('findings, newest first')
    .addOption(envOption('--account <id>', 'only this account'))
    .addOption(envOption('--status <status>', 'open | resolved'))
    .addOption(envOption('--kind <kind>', 'e.g. screening-hit, large-training-run'))
    .action(
      run(async (o: { account?: string; status?: string; kind?: string }, cmd: Command) => {
        const g = globals(cmd);
        const rows = await withApp(g, (app) => svc(app).findings(o));
        printData(g.json === true, rows, () =>
          table([
            ['ID', 'ACCOUNT', 'KIND', 'SEVERITY', 'STATUS', 'LEGAL STATUS', 'SUMMARY'],
            ...rows.map((f) => [
              f.id,
              f.accountId,
              f.kind,
              f.severity,
              f.status,
              f.legalStatus,
              f.summary.slice(0, 80),
            ]),
          ]),
        );
        return EXIT.ok;
      }),
    );
  kyc
    .command('resolve')
    .description('resolve an open finding with a reason')
    .argument('<finding-id>')
    .addOption(envOption('--reason <text>', 'why it is resolved').makeOptionMandatory())
    .action(
      run(async (id: string, o: { reason: string }, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, (app) => svc(app).resolveFinding(id, { reason: o.reason }, actor(g)));
        printData(g.json === true, r, () => `finding ${r.id} (${r.kind}): resolved`);
        return EXIT.ok;
      }),
    );

  const resellers = kyc.command('resellers').description('the foreign-reseller registry (admin)');
  resellers
    .command('add')
    .description('register a reseller from a JSON file, or from --id --name --country')
    .argument('[file]', 'reseller JSON {id, name, country, attestations?, customers?}')
    .addOption(envOption('--id <id>', 'reseller id'))
    .addOption(envOption('--name <name>', 'reseller name'))
    .addOption(envOption('--country <iso2>', 'reseller country'))
    .action(
      run(async (file: string | undefined, o: { id?: string; name?: string; country?: string }, cmd: Command) => {
        const g = globals(cmd);
        const input = file ? readJsonFile(file, 'file') : { id: o.id, name: o.name, country: o.country };
        const r = await withApp(g, (app) => svc(app).registerReseller(input, actor(g)));
        printData(g.json === true, r, () => `registered reseller ${r.id} ${r.name} (${r.country})`);
        return EXIT.ok;
      }),
    );
  resellers
    .command('list')
    .description('registered resellers with their latest attestation')
    .action(
      run(async (_o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const rows = await withApp(g, (app) => svc(app).resellers());
        printData(g.json === true, rows, () =>
          table([
            ['ID', 'NAME', 'COUNTRY', 'LATEST ATTESTATION', 'CUSTOMERS'],
            ...rows.map((r) => {
              const last = [...r.attestations].sort((a, b) => (a.expiresOn < b.expiresOn ? 1 : -1))[0];
              return [
                r.id,
                r.name,
                r.country,
                last ? `${last.program} ${last.attestedOn}…${last.expiresOn}` : 'none',
                r.customers.length,
              ];
            }),
          ]),
        );
        return EXIT.ok;
      }),
    );
  resellers
    .command('attest')
    .description("record a reseller's CIP attestation")
    .argument('<id>')
    .addOption(envOption('--program <text>', 'the program (title, version, document)').makeOptionMandatory())
    .addOption(envOption('--attested-on <day>', 'YYYY-MM-DD').makeOptionMandatory())
    .addOption(envOption('--expires-on <day>', 'YYYY-MM-DD, exclusive').makeOptionMandatory())
    .action(
      run(async (id: string, o: { program: string; attestedOn: string; expiresOn: string }, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, (app) => svc(app).attestReseller(id, o, actor(g)));
        printData(g.json === true, r, () => `reseller ${r.id}: ${r.attestations.length} attestation(s)`);
        return EXIT.ok;
      }),
    );

  const usage = kyc.command('usage').description('daily accelerator usage');
  usage
    .command('ingest')
    .description('ingest usage rows (JSON array or {records}, or CSV); bad rows are quarantined with their reason')
    .argument('<file>', 'JSON or CSV (accountId,day,acceleratorModel,count,hours,utilisation)')
    .action(
      run(async (file: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const input = usageInput(file);
        const r = await withApp(g, (app) => svc(app).ingestUsage(input, actor(g)));
        printData(g.json === true, r, () =>
          [
            `batch ${r.batchId}: ${r.received} row(s): ${r.inserted} new, ${r.replaced} replaced, ${r.unchanged} unchanged, ${r.rejected.length} quarantined`,
            ...r.rejected.slice(0, 50).map((x) => `  row ${x.row}: ${x.reason}`),
            ...(r.unknownModels.length ? [`  no peak figure (needs input): ${r.unknownModels.join(', ')}`] : []),
          ].join('\n'),
        );
        return EXIT.ok;
      }),
    );

  kyc
    .command('training-runs')
    .description('estimate operations per account over a rolling window; crossing runs become findings with a draft')
    .addOption(envOption('--threshold <ops>', 'operations threshold (default 1e26)'))
    .addOption(envOption('--window-days <n>', 'rolling window in days (default 90)'))
    .addOption(envOption('--as-of <day>', 'the window ends on this day (default today)'))
    .action(
      run(async (o: { threshold?: string; windowDays?: string; asOf?: string }, cmd: Command) => {
        const g = globals(cmd);
        const input = {
          ...(o.threshold !== undefined ? { thresholdOps: num(o.threshold) } : {}),
          ...(o.windowDays !== undefined ? { windowDays: num(o.windowDays) } : {}),
          ...(o.asOf ? { asOf: o.asOf } : {}),
        };
        const r = await withApp(g, (app) => svc(app).checkTrainingRuns(input, actor(g)));
        printData(g.json === true, r, () =>
          [
            `as of ${r.asOf}: ${r.windowDays}-day window, threshold ${r.thresholdOps.toExponential(3)}`,
            table([
              ['ACCOUNT', 'WINDOW', 'ESTIMATED OPS', 'FRACTION', 'CROSSES', 'UNKNOWN MODELS'],
              ...r.estimates.map((e) => [
                e.accountId,
                `${e.windowFrom}..${e.windowTo}`,
                e.estimatedOps.toExponential(3),
                e.fractionOfThreshold.toFixed(3),
                e.crossesThreshold ? 'yes' : 'no',
                e.unknownModels.join(' '),
              ]),
            ]),
            ...r.findings.map((f) => `  finding ${f.id} ${f.accountId} ${f.kind}: ${f.summary}`),
          ].join('\n'),
        );
        return EXIT.ok;
      }),
    );
  kyc
    .command('report')
    .description('write the draft training-run report (PDF) of a finding, or of an account’s latest one')
    .argument('<id>', 'large-training-run finding id, or account id')
    .addOption(envOption('--out <file>', 'PDF file to write').makeOptionMandatory())
    .action(
      run(async (id: string, o: { out: string }, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, (app) => svc(app).trainingRunReport(id));
        writeFileSync(o.out, r.bytes);
        const summary = { findingId: r.findingId, accountId: r.accountId, out: o.out, sha256: r.sha256 };
        if (g.json === true) printData(true, summary, () => '');
        else say(`wrote the DRAFT report of finding ${r.findingId} to ${o.out} (sha256 ${r.sha256})`);
        return EXIT.ok;
      }),
    );
  kyc
    .command('rules')
    .description('the KYC rules known on a date, with legal status and effective dates')
    .addOption(envOption('--date <day>', 'YYYY-MM-DD (default today)'))
    .action(
      run(async (o: { date?: string }, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, async (app) => svc(app).rules(o.date ? { date: o.date } : {}));
        printData(g.json === true, r, () =>
          [
            `KYC rules on ${r.date}`,
            table([
              ['ID', 'VERSION', 'STATUS', 'IN FORCE', 'EFFECTIVE', 'TITLE'],
              ...r.rules.map((x) => [
                x.id,
                x.version,
                x.statusLabel,
                x.inForce ? 'yes' : 'no',
                x.effectiveFrom ? `${x.effectiveFrom}…${x.effectiveTo ?? ''}` : '—',
                x.title,
              ]),
            ]),
          ].join('\n'),
        );
        return EXIT.ok;
      }),
    );
}
