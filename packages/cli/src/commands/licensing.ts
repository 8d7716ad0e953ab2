/** `stackport classify`, `parts`, `determine`, `rules diff|what-if`, `transactions list|show`. */
import { existsSync } from 'node:fs';
import { Licensing } from '@stackport/app';
import type { Command } from 'commander';
import { actor, envOption, globals, run, withApp } from '../context.js';
import { readJsonFile } from '../input-files.js';
import { printData, table } from '../output.js';

export function classifyCommands(program: Command): void {
  program
    .command('classify')
    .description(
      'classify an AI chip, system, HBM stack, SME tool or model weights: a catalogue part id or a SPEC.json',
    )
    .argument('<part-or-spec>', 'catalogue part id (see `stackport parts`) or the path of an item spec JSON file')
    .addOption(envOption('--as-of <date>', 'apply the rules in force on this date, YYYY-MM-DD (default: today)'))
    .action(
      run(async (target: string, o: { asOf?: string }, cmd: Command) => {
        const g = globals(cmd);
        const input =
          target.endsWith('.json') || existsSync(target) ? { spec: readJsonFile(target, 'spec') } : { partId: target };
        const result = await withApp(g, async (app) =>
          new Licensing(app).classify({ ...input, ...(o.asOf ? { asOf: o.asOf } : {}) }),
        );
        printData(g.json === true, result, () =>
          [
            `${result.item.name ?? target}: ${result.eccn ?? 'not subject to the EAR'} (${result.status}; ${result.textVersion})`,
            ...result.reasoning.map((s, i) => `  ${i + 1}. ${s.text}`),
            ...result.needsInput.map((n) => `  ! ${n}`),
            ...result.flags.map((f) => `  ⚑ ${f.code}: ${f.message}`),
          ].join('\n'),
        );
        return 0;
      }),
    );

  program
    .command('parts')
    .description('the bundled catalogue of AI chips, HBM, systems, SME and models, with sources')
    .action(
      run(async (_o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const parts = await withApp(g, async (app) => new Licensing(app).parts());
        printData(g.json === true, parts, () =>
          table([
            ['ID', 'NAME', 'MANUFACTURER', 'CATEGORY'],
            ...parts.map((p) => [p.id, p.name, p.manufacturer, p.category]),
          ]),
        );
        return 0;
      }),
    );
}

/** The determination for a terminal: the answer first, then why, then what is left to confirm. */
export function renderDetermination(r: import('@stackport/app').DeterminationResult): string {
  const d = r.determination;
  const lines = [
    `${d.classification.eccn ?? 'not classified'} → ${d.transaction.destination} (${d.transaction.kind} from ${d.transaction.shipFrom}), ship date ${d.asOf}; rules ${d.rulePack.id}@${d.rulePack.version}`,
    `LICENSE REQUIRED: ${r.summary.licenseRequired.toUpperCase()}${r.summary.reviewPolicy ? `; review policy: ${r.summary.reviewPolicy}` : ''} (${d.outcome})`,
  ];
  if (d.layersDiffer) {
    lines.push(
      `  as written: ${d.layers.asWritten.licenseRequired}${d.layers.asWritten.reviewPolicy ? ` (${d.layers.asWritten.reviewPolicy.policy})` : ''}; enforced: ${d.layers.enforced.licenseRequired}${d.layers.enforced.reviewPolicy ? ` (${d.layers.enforced.reviewPolicy.policy})` : ''}`,
    );
  }
  lines.push(`subject to the EAR: ${d.subjectToEar.answer} (${d.subjectToEar.basis.join('; ')})`);
  for (const req of d.requirements) lines.push(`  requirement [${req.layer}, ${req.status}] ${req.text}`);
  if (d.reviewPolicy) lines.push(`  review policy: ${d.reviewPolicy.text}`);
  for (const e of d.exceptions.candidates)
    lines.push(`  exception ${e.code} possible; confirm: ${e.conditionsToConfirm.join('; ')}`);
  for (const e of d.exceptions.ruledOut) lines.push(`  exception ${e.code} ruled out: ${e.why}`);
  for (const f of d.redFlags) lines.push(`  red flag ${f.n}: ${f.why}`);
  for (const f of d.flags) lines.push(`  ⚑ ${f.code}: ${f.message}`);
  for (const i of d.incomplete) lines.push(`  ! needs input: ${i}`);
  if (r.screening.status === 'unresolved') {
    for (const p of r.screening.parties.filter((x) => x.status === 'unresolved')) {
      lines.push(
        `  ! screening: ${p.role} "${p.name}" has unresolved hits: ${p.hits.map((h) => `${h.source} ${h.name} (${h.score})`).join(', ')}`,
      );
    }
  }
  lines.push('reasoning:', ...d.reasoning.map((s, i) => `  ${i + 1}. ${s.text}`));
  if (r.transactionId) lines.push(`saved as transaction ${r.transactionId}`);
  return lines.join('\n');
}

export function determinationCommands(program: Command): void {
  program
    .command('determine')
    .description('license determination for a case file (CASE.json; format in docs/case-format.md)')
    .argument('<case-file>', 'path of the case JSON')
    .addOption(envOption('--save', 'save the case and its determination as a transaction (audited)'))
    .addOption(envOption('--reference <ref>', 'your reference for the saved transaction'))
    .action(
      run(async (file: string, o: { save?: boolean; reference?: string }, cmd: Command) => {
        const g = globals(cmd);
        const input = readJsonFile(file, 'case');
        const result = await withApp(g, (app) =>
          new Licensing(app).determine(input, actor(g), {
            ...(o.save ? { save: true } : {}),
            ...(o.reference ? { reference: o.reference } : {}),
          }),
        );
        printData(g.json === true, result, () => renderDetermination(result));
        return 0;
      }),
    );

  const rules = program.command('rules').description('the effective-dated rule store');
  rules
    .command('diff')
    .description('what changed in the rules between two dates (changes dated after --from, up to --to)')
    .addOption(envOption('--from <date>', 'YYYY-MM-DD').makeOptionMandatory())
    .addOption(envOption('--to <date>', 'YYYY-MM-DD').makeOptionMandatory())
    .action(
      run(async (o: { from: string; to: string }, cmd: Command) => {
        const g = globals(cmd);
        const diff = await withApp(g, async (app) => new Licensing(app).rulesDiff(o));
        printData(g.json === true, diff, () =>
          [
            `${diff.changes.length} changes in ${diff.rulePack.id}@${diff.rulePack.version} after ${diff.from} up to ${diff.to}`,
            table([
              ['DATE', 'KIND', 'SUBJECT', 'WHAT'],
              ...diff.changes.map((c) => [c.date, c.kind, c.subject, c.description]),
            ]),
          ].join('\n'),
        );
        return 0;
      }),
    );
  rules
    .command('what-if')
    .description('apply a draft rule pack to every saved transaction and list the outcomes that change')
    .argument('<draft-pack>', 'path of the draft rule pack JSON')
    .action(
      run(async (file: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const draft = readJsonFile(file, 'draft');
        const r = await withApp(g, (app) => new Licensing(app).whatIf(draft, actor(g)));
        printData(g.json === true, r, () =>
          [
            `draft ${r.draft.id}@${r.draft.version} over ${r.base.id}@${r.base.version}: ${r.changed.length} outcomes change, ${r.unchanged} unchanged`,
            table([
              ['TRANSACTION', 'REFERENCE', 'ECCN', 'DEST', 'BEFORE', 'AFTER'],
              ...r.changed.map((c) => [
                c.transactionId,
                c.reference,
                c.eccn,
                c.destination,
                `${c.before.licenseRequired} / ${c.before.reviewPolicy ?? '-'}`,
                `${c.after.licenseRequired} / ${c.after.reviewPolicy ?? '-'}`,
              ]),
            ]),
          ].join('\n'),
        );
        return 0;
      }),
    );

  const tx = program.command('transactions').description('saved license determinations');
  tx.command('list')
    .description('saved transactions, newest first')
    .action(
      run(async (_o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const list = await withApp(g, (app) => new Licensing(app).transactions());
        printData(g.json === true, list, () =>
          table([
            ['ID', 'REFERENCE', 'SHIP DATE', 'ECCN', 'DEST', 'LICENSE', 'REVIEW POLICY'],
            ...list.map((t) => [
              t.id,
              t.reference,
              t.shipDate,
              t.eccn,
              t.destination,
              t.licenseRequired,
              t.reviewPolicy,
            ]),
          ]),
        );
        return 0;
      }),
    );
  tx.command('show')
    .description('one saved transaction: its case file and determination')
    .argument('<id>')
    .action(
      run(async (id: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const t = await withApp(g, (app) => new Licensing(app).transaction(id));
        printData(g.json === true, t, () => JSON.stringify(t, null, 2));
        return 0;
      }),
    );
}
