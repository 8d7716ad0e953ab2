/**
 * Synthesis order screening from the command line: `synthesis concerns import|list`, `synthesis screen`,
 * `synthesis orders|show|decide`, `synthesis bulletin export|check`, `synthesis purge`. Same operations and error
 * codes as /api/v1/synthesis; bad input exits 2 and stores nothing.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { AppError, type Stackport, type SynthesisOrderView, SynthesisService } from '@stackport/app';
import type { Command } from 'commander';
import { actor, envOption, globals, run, withApp } from '../context.js';
import { jsonArg, readJsonFile, readText } from '../input-files.js';
import { EXIT, printData, say, table } from '../output.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const svc = (app: Stackport) => new SynthesisService(app);

interface ScreenOptions {
  customer?: string;
  endUse?: string;
  endUserName?: string;
  endUserCountry?: string;
  receivedAt?: string;
  reference?: string;
  kind?: string;
}

/**
 * The order to submit: an order JSON file (with `fasta`, or `fastaFile` relative to the JSON file), or a FASTA file
 * with the customer and end use from the options. Options override the JSON file's fields.
 */
export function orderInputOf(file: string, o: ScreenOptions): Record<string, unknown> {
  const text = readText(file, 'file');
  let order: Record<string, unknown> = {};
  if (file.endsWith('.json') || text.trimStart().startsWith('{')) {
    const v = readJsonFile(file, 'file');
    if (!isObject(v)) throw new AppError('SP_BAD_REQUEST', `${file}: an order JSON object is expected`);
    const { fastaFile, ...rest } = v;
    order = rest;
    if (typeof fastaFile === 'string') order.fasta = readText(resolve(dirname(file), fastaFile), 'fastaFile');
  } else order.fasta = text;
  if (o.customer) order.customer = jsonArg(o.customer, 'customer');
  if (o.endUse) order.endUseStatement = o.endUse;
  if (o.endUserName || o.endUserCountry) order.endUser = { name: o.endUserName, country: o.endUserCountry };
  if (o.receivedAt) order.receivedAt = o.receivedAt;
  if (o.reference) order.reference = o.reference;
  if (o.kind) order.kind = o.kind;
  if (order.customer === undefined)
    throw new AppError('SP_BAD_REQUEST', 'give the customer: --customer FILE.json (or inline JSON), or an order JSON', [
      { path: 'customer', message: 'missing' },
    ]);
  return order;
}

function orderText(o: SynthesisOrderView): string {
  const lines = [
    `order ${o.id}${o.reference ? ` (${o.reference})` : ''}: ${o.outcome}, ${o.status}`,
    `  customer ${String(o.customer.name)} <${String(o.customer.email)}>, ${String(o.customer.institution)} (${String(o.customer.country)}), ships to ${String(o.customer.shippingCountry)}`,
    `  received ${o.receivedAt}; policy ${o.policyVersion}; concern db ${o.indexVersion}; retained until ${o.retainUntil}`,
    table([
      ['RECORD', 'KIND', 'LENGTH', 'OUTCOME', 'REGIONS', 'FIRST REASON'],
      ...o.screening.records.map((r) => [
        r.recordId,
        r.kind,
        r.length,
        r.outcome,
        r.regions.filter((g) => !g.fragment).length,
        r.reasons[0] ?? '',
      ]),
    ]),
  ];
  for (const r of o.screening.records) {
    for (const g of r.regions.filter((x) => !x.fragment).slice(0, 10))
      lines.push(
        `  ${r.recordId} ${g.orderStart + 1}-${g.orderEnd} ↔ ${g.concernId} ${g.concernStart + 1}-${g.concernEnd} (${g.via}, strand ${g.strand}, ${g.match}, ${g.mismatches} mismatches, ${g.windows} windows)`,
      );
  }
  for (const w of o.intakeWarnings) lines.push(`  warning: ${w.message}`);
  if (o.reviewItems.length) {
    lines.push(`review items (${o.reviewItems.length}): an expert decision is needed before fulfilment`);
    for (const i of o.reviewItems) lines.push(`  ${i.kind} ${i.ref}: ${i.message}`);
  }
  if (o.rescreenFindings.length) {
    lines.push(
      `re-screen findings (${o.rescreenFindings.length}): concerns added or changed by later concern databases`,
    );
    for (const f of o.rescreenFindings) {
      const windows = f.detail.records.reduce((n, r) => n + r.windows.length, 0);
      lines.push(
        `  ${f.at} ${f.concernId} ${f.outcome}${f.followUp ? ' FOLLOW-UP (found after the order was decided)' : ''}: ${f.coveredNt} nt, ${windows} windows; set ${f.concernSetId} (${f.indexVersion}); order was ${f.orderStatus}`,
      );
      for (const r of f.detail.records)
        for (const g of r.regions.filter((x) => !x.fragment).slice(0, 10))
          lines.push(
            `    ${r.recordId} ${g.orderStart + 1}-${g.orderEnd} ↔ ${g.concernId} ${g.concernStart + 1}-${g.concernEnd} (${g.via}, strand ${g.strand}, ${g.match}, ${g.mismatches} mismatches, ${g.windows} windows)`,
          );
    }
  }
  for (const d of o.decisions)
    lines.push(
      `  ${d.at} ${d.actor}: ${d.decision}${d.expert ? ' (expert)' : ''} ${d.statusFrom} → ${d.statusTo}: ${d.reason}`,
    );
  return lines.join('\n');
}

export function synthesisCommands(program: Command): void {
  const synthesis = program
    .command('synthesis')
    .description('nucleic-acid synthesis order screening: concern databases, orders, decisions, exchange');

  const concerns = synthesis.command('concerns').description('databases of sequences of concern (provider-supplied)');
  concerns
    .command('import')
    .description('import a FASTA database of sequences of concern as the active set (a bad record refuses it)')
    .argument('<file>', 'FASTA file, one record per concern (ids required)')
    .addOption(envOption('--name <name>', 'a name for this version (default: the file name)'))
    .addOption(envOption('--provenance <json>', 'where it came from: inline JSON or a JSON file'))
    .action(
      run(async (file: string, o: { name?: string; provenance?: string }, cmd: Command) => {
        const g = globals(cmd);
        const fasta = readText(file, 'file');
        const input = {
          fasta,
          fileName: basename(file),
          ...(o.name ? { name: o.name } : {}),
          ...(o.provenance ? { provenance: jsonArg(o.provenance, 'provenance') } : {}),
        };
        const r = await withApp(g, (app) => svc(app).importConcerns(input, actor(g)));
        const x = r.rescreen;
        printData(g.json === true, r, () =>
          [
            `${r.unchanged ? 'unchanged (same file as the active set)' : 'imported'}: ${r.set.name} ${r.set.id}`,
            `  ${r.set.dnaCount} DNA/RNA and ${r.set.proteinCount} protein concerns, ${r.set.residueCount} residues; index ${r.set.indexVersion}; sha256 ${r.set.sha256}`,
            ...r.warnings.slice(0, 20).map((w) => `  warning: ${w}`),
            ...(r.unchanged || x.previousSet === null
              ? []
              : [
                  `  delta against ${x.previousSet}: ${x.delta.added} added, ${x.delta.changed} changed, ${x.delta.removed} removed, ${x.delta.unchanged} unchanged concerns`,
                  `  re-screened ${x.ordersScreened} stored orders: ${x.findings} new findings (${x.flags} Flag, ${x.warnings} Warning), ${x.alreadyRecorded} already recorded; ${x.ordersToReview} open orders to expert review (${x.reopened} reopened), ${x.followUps} decided orders for follow-up`,
                  ...x.followUpOrders.map((id) => `  follow-up: order ${id}`),
                ]),
          ].join('\n'),
        );
        return EXIT.ok;
      }),
    );
  concerns
    .command('list')
    .description('imported concern databases, newest first')
    .action(
      run(async (_o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const sets = await withApp(g, (app) => svc(app).concernSets());
        printData(g.json === true, sets, () =>
          table([
            ['ID', 'NAME', 'STATUS', 'DNA', 'PROTEIN', 'INDEX', 'IMPORTED'],
            ...sets.map((s) => [s.id, s.name, s.status, s.dnaCount, s.proteinCount, s.indexVersion, s.importedAt]),
          ]),
        );
        return EXIT.ok;
      }),
    );

  synthesis
    .command('screen')
    .description('submit an order: validate the FASTA, screen sequences and customer, store it (bad input: exit 2)')
    .argument('<file>', 'order FASTA (with --customer and --end-use), or an order JSON file')
    .addOption(envOption('--customer <json>', 'customer JSON file or inline JSON (docs/cli.md)'))
    .addOption(envOption('--end-use <text>', 'the end-use statement'))
    .addOption(envOption('--end-user-name <name>', 'the end user, when not the institution'))
    .addOption(envOption('--end-user-country <iso2>', "the end user's country"))
    .addOption(envOption('--received-at <time>', 'receipt time, ISO 8601 (default now)'))
    .addOption(envOption('--reference <ref>', "the provider's order reference"))
    .addOption(envOption('--kind <kind>', 'force every record to dna | rna | protein'))
    .action(
      run(async (file: string, o: ScreenOptions, cmd: Command) => {
        const g = globals(cmd);
        const input = orderInputOf(file, o);
        const r = await withApp(g, (app) => svc(app).submitOrder(input, actor(g)));
        printData(g.json === true, r, () => orderText(r));
        return EXIT.ok;
      }),
    );
  synthesis
    .command('orders')
    .description('orders, newest first (--status pending-review for the review queue)')
    .addOption(envOption('--status <status>', 'pending-review | ready | held | denied | fulfilled | reported'))
    .addOption(envOption('--customer <account>', 'only this customer account'))
    .option('--follow-up', 'only decided orders with a re-screen Flag to follow up')
    .addOption(envOption('--limit <n>', 'how many').default('100'))
    .action(
      run(async (o: { status?: string; customer?: string; followUp?: boolean; limit: string }, cmd: Command) => {
        const g = globals(cmd);
        const orders = await withApp(g, (app) => svc(app).orders(o));
        printData(g.json === true, orders, () =>
          table([
            ['ID', 'RECEIVED', 'CUSTOMER', 'INSTITUTION', 'OUTCOME', 'STATUS', 'REVIEW ITEMS', 'FOLLOW-UPS'],
            ...orders.map((x) => [
              x.id,
              x.receivedAt,
              x.customerName,
              x.institution,
              x.outcome,
              x.status,
              x.reviewItems,
              x.followUps,
            ]),
          ]),
        );
        return EXIT.ok;
      }),
    );
  synthesis
    .command('show')
    .description('an order: records, matched regions, customer screening, review items, decisions')
    .argument('<id>')
    .action(
      run(async (id: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, (app) => svc(app).order(id));
        printData(g.json === true, r, () => orderText(r));
        return EXIT.ok;
      }),
    );
  synthesis
    .command('decide')
    .description('decide an order: fulfil | hold | deny | report (fulfilling a flagged order needs --expert)')
    .argument('<id>')
    .argument('<decision>', 'fulfil | hold | deny | report')
    .addOption(envOption('--reason <text>', 'why (kept with the decision and in the audit log)').makeOptionMandatory())
    .option('--expert', 'decide as the biosecurity expert on the review items')
    .action(
      run(async (id: string, decision: string, o: { reason: string; expert?: boolean }, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, (app) =>
          svc(app).decide(id, { decision, reason: o.reason, ...(o.expert ? { expert: true } : {}) }, actor(g)),
        );
        printData(g.json === true, r, () => `order ${r.id}: ${r.status} (retained until ${r.retainUntil})`);
        return EXIT.ok;
      }),
    );

  const bulletin = synthesis
    .command('bulletin')
    .description('keyed-hash exchange with other providers (no sequence or name leaves)');
  bulletin
    .command('export')
    .description("publish a bulletin of a customer's recent orders")
    .addOption(envOption('--customer <account>', 'customer account (or e-mail)').makeOptionMandatory())
    .addOption(envOption('--provider <name>', 'this provider, as named in the bulletin').makeOptionMandatory())
    .addOption(envOption('--exchange-key <key>', 'the key shared between providers').makeOptionMandatory())
    .addOption(envOption('--days <n>', 'orders of the last n days').default('90'))
    .addOption(envOption('--out <file>', 'write the bulletin here (default stdout)'))
    .action(
      run(
        async (
          o: { customer: string; provider: string; exchangeKey: string; days: string; out?: string },
          cmd: Command,
        ) => {
          const g = globals(cmd);
          const days = Number(o.days);
          const r = await withApp(g, (app) =>
            svc(app).exportBulletin(
              {
                customer: o.customer,
                provider: o.provider,
                key: o.exchangeKey,
                days: Number.isInteger(days) ? days : o.days,
              },
              actor(g),
            ),
          );
          if (o.out) {
            writeFileSync(o.out, `${JSON.stringify(r)}\n`);
            say(
              `wrote a bulletin of ${r.concernWindows.length} concern and ${r.orderWindows.length} order windows to ${o.out}`,
            );
          } else printData(true, r, () => '');
          return EXIT.ok;
        },
      ),
    );
  bulletin
    .command('check')
    .description("check an order against another provider's bulletin; findings become review items")
    .argument('<order-id>')
    .argument('<bulletin>', 'bulletin JSON file')
    .addOption(envOption('--exchange-key <key>', 'the key shared between providers').makeOptionMandatory())
    .action(
      run(async (id: string, file: string, o: { exchangeKey: string }, cmd: Command) => {
        const g = globals(cmd);
        const b = readJsonFile(file, 'bulletin');
        const r = await withApp(g, (app) => svc(app).checkBulletin(id, { bulletin: b, key: o.exchangeKey }, actor(g)));
        printData(g.json === true, r, () =>
          [
            r.sameCustomer
              ? `order ${id} vs ${r.source}: ${r.splitFindings.length} split finding(s), ${r.overlaps} overlapping window(s); status ${r.status}`
              : `the bulletin of ${r.source} is about another customer (or another key): nothing to compare`,
            ...r.newReviewItems.map((i) => `  ${i.kind} ${i.ref}: ${i.message}`),
          ].join('\n'),
        );
        return EXIT.ok;
      }),
    );
  synthesis
    .command('purge')
    .description('delete decided orders whose 3-year retention has ended (never a younger one)')
    .addOption(envOption('--now <time>', 'as of this time, ISO 8601 (not later than the clock)'))
    .action(
      run(async (o: { now?: string }, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, (app) => svc(app).purge(o.now ? { now: o.now } : {}, actor(g)));
        printData(g.json === true, r, () => `${r.purged.length} order(s) past retention deleted (as of ${r.now})`);
        return EXIT.ok;
      }),
    );
}
