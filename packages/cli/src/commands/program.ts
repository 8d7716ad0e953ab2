/**
 * The American AI Exports Program from the command line: `program create|update|check|show|list|justify|submit`
 * (the consortium side), `program review|nid|decide` (the government reviewers), `program catalog` and
 * `program export`. Same operations and error codes as /api/v1/program; bad input exits 2 and stores nothing.
 * @module
 */
import { writeFileSync } from 'node:fs';
import {
  AppError,
  type ProgramCheckView,
  type ProgramProposalView,
  ProgramService,
  renderPdf,
  type Stackport,
} from '@stackport/app';
import type { Command } from 'commander';
import { actor, envOption, globals, run, withApp } from '../context.js';
import { jsonArg, readJsonFile } from '../input-files.js';
import { EXIT, printData, say, table } from '../output.js';

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);

const svc = (app: Stackport) => new ProgramService(app);

function checkText(c: ProgramCheckView | null): string[] {
  if (!c) return ['  not checked'];
  const s = c.result.summary;
  const lines = [
    `  check of version ${c.version} (sha256 ${c.contentSha256}) as of ${c.context.asOf}: ${s.blocking} blocking, ${s.justified} justified, ${s.advisory} advisory; ${c.canSubmit ? 'can be submitted' : 'cannot be submitted yet'}`,
    `  matcher ${c.context.matcherVersion}; lists ${c.context.listVersions.join(', ')}; rules ${c.context.rulePackVersion}; ${c.context.countryPolicy}`,
    `  US content ${c.result.usContent.sharePct?.toFixed(2) ?? '—'} % (presumption ${String(c.result.usContent.presumptionMet)})`,
  ];
  const findings = c.result.findings.filter((f) => f.severity === 'blocking' || f.justified);
  if (findings.length)
    lines.push(
      table([
        ['FINDING', 'SEVERITY', 'PATH', 'MESSAGE'],
        ...findings.map((f) => [`${f.id}@${f.path}`, f.justified ? 'justified' : f.severity, f.path, f.message]),
      ]),
    );
  for (const h of c.listHits)
    lines.push(
      `  hit: ${h.name} (${h.path}) ↔ ${h.source} ${h.listName}, score ${h.score}, list version ${h.listVersionId}`,
    );
  const m = c.result.licenseMatrix;
  if (m.rows.length)
    lines.push(
      table([
        ['LINE', 'ECCN', ...m.destinations],
        ...m.rows.map((r) => [
          r.lineId,
          r.eccn ?? r.classificationStatus,
          ...r.cells.map((cell) => cell.summary?.outcome ?? cell.status),
        ]),
      ]),
    );
  return lines;
}

function proposalText(v: ProgramProposalView & { reopened?: boolean }): string {
  const p = v.proposal;
  return [
    `proposal ${p.id}: ${p.title} (${p.consortium}); ${p.status}, version ${p.currentVersion}${v.reopened ? '; review reopened' : ''}`,
    ...checkText(v.check),
  ].join('\n');
}

export function programCommands(program: Command): void {
  const prog = program
    .command('program')
    .description('American AI Exports Program: proposals, checks, submission, review, designation, catalog');

  prog
    .command('create')
    .description('create a proposal from JSON (the published schema); saved as a draft even when incomplete')
    .argument('<file>', 'proposal JSON (docs/program/proposal.schema.json)')
    .action(
      run(async (file: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const input = readJsonFile(file, 'file');
        const r = await withApp(g, (app) => svc(app).create(input, actor(g)));
        printData(g.json === true, r, () => proposalText(r));
        return EXIT.ok;
      }),
    );
  prog
    .command('update')
    .description('replace the content; after submission this opens a new draft version (amendment)')
    .argument('<id>')
    .argument('<file>', 'proposal JSON')
    .action(
      run(async (id: string, file: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const input = readJsonFile(file, 'file');
        const r = await withApp(g, (app) => svc(app).update(id, input, actor(g)));
        printData(g.json === true, r, () => proposalText(r));
        return EXIT.ok;
      }),
    );
  prog
    .command('check')
    .description('run the checks again on the current version')
    .argument('<id>')
    .action(
      run(async (id: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, (app) => svc(app).check(id, actor(g)));
        printData(g.json === true, r, () => checkText(r).join('\n'));
        return EXIT.ok;
      }),
    );
  prog
    .command('show')
    .description('a proposal: check, versions, reviews, decisions')
    .argument('<id>')
    .action(
      run(async (id: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, (app) => svc(app).show(id));
        printData(g.json === true, r, () =>
          [
            proposalText(r),
            ...r.versions.map(
              (v) =>
                `  v${v.version} ${v.frozen ? `frozen ${v.submittedAt} by ${v.submittedBy}` : 'draft'} ${v.contentSha256}`,
            ),
            ...r.reviews.map(
              (x) => `  review v${x.version} ${x.agency} ${x.reviewer}: ${x.weightedScore} (${x.recommendation})`,
            ),
            ...r.decisions.map((x) => `  ${x.kind} v${x.version} by ${x.by} at ${x.at}`),
          ].join('\n'),
        );
        return EXIT.ok;
      }),
    );
  prog
    .command('list')
    .description('proposals, most recently changed first')
    .addOption(envOption('--status <state>', 'draft | submitted | under-review | decided'))
    .action(
      run(async (o: { status?: string }, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, (app) => svc(app).list(o.status ? { status: o.status } : {}));
        printData(g.json === true, r, () =>
          table([
            ['ID', 'TITLE', 'CONSORTIUM', 'STATUS', 'VERSION', 'BLOCKING', 'UPDATED'],
            ...r.map((x) => [
              x.id,
              x.title,
              x.consortium,
              x.status,
              x.currentVersion,
              x.checkSummary ? x.checkSummary.blocking : 'not checked',
              x.updatedAt,
            ]),
          ]),
        );
        return EXIT.ok;
      }),
    );
  prog
    .command('justify')
    .description('justify a finding (ID@path) of the current draft')
    .argument('<id>')
    .argument('<finding>', 'the finding key, ID@path, as the check lists it')
    .addOption(envOption('--text <text>', 'the justification').makeOptionMandatory())
    .action(
      run(async (id: string, finding: string, o: { text: string }, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, (app) => svc(app).justify(id, { findingKey: finding, text: o.text }, actor(g)));
        printData(g.json === true, r, () => proposalText(r));
        return EXIT.ok;
      }),
    );
  prog
    .command('submit')
    .description('submit the current draft (refused while unjustified blocking findings remain)')
    .argument('<id>')
    .action(
      run(async (id: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, (app) => svc(app).submit(id, actor(g)));
        printData(g.json === true, r, () => proposalText(r));
        return EXIT.ok;
      }),
    );
  prog
    .command('review')
    .description("record an agency's rubric scores on the current version")
    .argument('<id>')
    .addOption(
      envOption('--agency <agency>', 'DOC | DOS | DOW | DOE | OSTP | EXIM | DFC | USTDA | EDAG').makeOptionMandatory(),
    )
    .addOption(envOption('--scores <json>', 'criterion → score: inline JSON or a JSON file').makeOptionMandatory())
    .addOption(envOption('--recommendation <r>', 'designate | designate-with-conditions | decline'))
    .addOption(envOption('--comment <text>', 'comment'))
    .action(
      run(
        async (
          id: string,
          o: { agency: string; scores: string; recommendation?: string; comment?: string },
          cmd: Command,
        ) => {
          const g = globals(cmd);
          const input = {
            agency: o.agency,
            scores: jsonArg(o.scores, 'scores'),
            ...(o.recommendation ? { recommendation: o.recommendation } : {}),
            ...(o.comment ? { comment: o.comment } : {}),
          };
          const r = await withApp(g, (app) => svc(app).review(id, input, actor(g)));
          const last = r.review.reviews[r.review.reviews.length - 1];
          printData(
            g.json === true,
            r,
            () => `proposal ${id}: ${r.proposal.status}; ${o.agency} scored ${last?.weightedScore} %`,
          );
          return EXIT.ok;
        },
      ),
    );
  prog
    .command('nid')
    .description('record the national interest determination on the current version')
    .argument('<id>')
    .argument('<answer>', 'yes | no (in the national interest)')
    .addOption(envOption('--rationale <text>', 'the rationale').makeOptionMandatory())
    .addOption(envOption('--consulted <agencies>', 'agencies consulted, comma-separated').default('DOS,DOW,DOE,OSTP'))
    .action(
      run(async (id: string, answer: string, o: { rationale: string; consulted: string }, cmd: Command) => {
        const g = globals(cmd);
        if (answer !== 'yes' && answer !== 'no')
          throw new AppError('SP_BAD_REQUEST', `answer must be yes or no, not ${answer}`, [
            { path: 'answer', message: 'yes | no' },
          ]);
        const input = {
          inNationalInterest: answer === 'yes',
          rationale: o.rationale,
          agenciesConsulted: list(o.consulted),
        };
        const r = await withApp(g, (app) => svc(app).determineNationalInterest(id, input, actor(g)));
        printData(g.json === true, r, () => `proposal ${id}: determination recorded (${answer})`);
        return EXIT.ok;
      }),
    );
  prog
    .command('decide')
    .description('designate (needs a positive determination; conditions, expiry) or decline (reasons)')
    .argument('<id>')
    .argument('<outcome>', 'designate | decline')
    .addOption(envOption('--condition <text...>', 'a condition of the designation (repeatable)'))
    .addOption(envOption('--effective-from <date>', 'start of the designation (default today)'))
    .addOption(envOption('--expires <date>', 'expiry of the designation (exclusive), YYYY-MM-DD'))
    .addOption(envOption('--reason <text...>', 'a reason for declining (repeatable)'))
    .action(
      run(
        async (
          id: string,
          outcome: string,
          o: { condition?: string[]; effectiveFrom?: string; expires?: string; reason?: string[] },
          cmd: Command,
        ) => {
          const g = globals(cmd);
          const input =
            outcome === 'designate'
              ? {
                  outcome,
                  conditions: o.condition ?? [],
                  ...(o.effectiveFrom ? { effectiveFrom: o.effectiveFrom } : {}),
                  expiresOn: o.expires,
                }
              : { outcome, reasons: o.reason ?? [] };
          const r = await withApp(g, (app) => svc(app).decide(id, input, actor(g)));
          const d = r.review.decision;
          printData(g.json === true, r, () =>
            d?.outcome === 'designated'
              ? `proposal ${id}: designated ${d.designation.id} from ${d.designation.effectiveFrom} until ${d.designation.expiresOn}`
              : `proposal ${id}: declined`,
          );
          return EXIT.ok;
        },
      ),
    );
  prog
    .command('example')
    .description('print a complete, compliant example proposal (invented names) to start a draft from')
    .action(
      run(async (_o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const example = await withApp(g, async (app) => svc(app).example());
        // The proposal itself is the output, with or without --json: `stackport program example > draft.json`.
        printData(g.json === true, example, () => JSON.stringify(example, null, 2));
        return EXIT.ok;
      }),
    );
  prog
    .command('catalog')
    .description('designated packages in force (business-confidential sections left out)')
    .addOption(envOption('--as-of <date>', 'the date (default today)'))
    .action(
      run(async (o: { asOf?: string }, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, (app) => svc(app).catalog(o.asOf));
        printData(g.json === true, r, () =>
          table([
            ['DESIGNATION', 'PROPOSAL', 'TITLE', 'CONSORTIUM', 'TARGETS', 'UNTIL', 'CONDITIONS'],
            ...r.entries.map((e) => [
              e.designationId,
              e.proposalId,
              e.title,
              e.consortium,
              e.targets.join(' '),
              e.expiresOn,
              e.conditions.join('; '),
            ]),
          ]),
        );
        return EXIT.ok;
      }),
    );
  prog
    .command('export')
    .description('the proposal as JSON valid against the published schema')
    .argument('<id>')
    .addOption(envOption('--out <file>', 'write it here (default stdout)'))
    .addOption(envOption('--audience <a>', 'government | public (confidential sections emptied)').default('government'))
    .addOption(envOption('--proposal-version <n>', 'a version (default the current one)'))
    .action(
      run(async (id: string, o: { out?: string; audience: string; proposalVersion?: string }, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, (app) =>
          svc(app).export(id, { audience: o.audience, ...(o.proposalVersion ? { version: o.proposalVersion } : {}) }),
        );
        if (o.out) {
          writeFileSync(o.out, `${JSON.stringify(r, null, 2)}\n`);
          say(`wrote the ${r.audience} export of ${id} (sha256 ${r.contentHash}) to ${o.out}`);
        } else printData(true, r, () => '');
        return EXIT.ok;
      }),
    );
  program
    .command('dossier')
    .description('the proposal dossier as PDF: the proposal, its checks, license matrix, US content and review')
    .argument('<id>')
    .requiredOption('--out <file>', 'where to write the PDF')
    .addOption(envOption('--audience <a>', 'government | public (confidential sections emptied)').default('government'))
    .addOption(envOption('--proposal-version <n>', 'a version (default the current one)'))
    .action(
      run(async (id: string, o: { out: string; audience: string; proposalVersion?: string }, cmd: Command) => {
        const g = globals(cmd);
        const bytes = await withApp(g, async (app) =>
          renderPdf(
            await svc(app).dossier(id, {
              audience: o.audience,
              ...(o.proposalVersion ? { version: o.proposalVersion } : {}),
            }),
          ),
        );
        writeFileSync(o.out, bytes);
        printData(
          g.json === true,
          { out: o.out, bytes: bytes.length },
          () => `wrote the ${o.audience} dossier of ${id} to ${o.out}`,
        );
        return EXIT.ok;
      }),
    );
}
