/**
 * The stored fleet from the command line: `fleet import|export|devices|timeline|ingest|detect|shipments|
 * rejections`, and alerts and cases: `fleet alerts|dismiss`, `fleet case open|show|list|status|assign|note|
 * add-alerts|bundle|report`. Same operations and error codes as /api/v1/fleet.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  AppError,
  CaseService,
  FleetService,
  type ImportSummary,
  REPORT_KINDS,
  renderPdf,
  type Stackport,
} from '@stackport/app';
import { isSignedBatchClaim } from '@stackport/core';
import type { Command } from 'commander';
import { actor, envOption, globals, run, withApp } from '../context.js';
import { readText } from '../input-files.js';
import { EXIT, printData, say, table } from '../output.js';
import { fleetVerifierCommands } from './fleet-verifiers.js';

/** Check-ins per ingest transaction when a file is larger. */
const INGEST_BATCH = 10_000;

/**
 * A check-in file: a signed batch (a JSON object with `format`: `stackport.check-in-batch/1`), a JSON array,
 * `{checkIns: [...]}`, or JSON Lines.
 */
export function readCheckInFile(file: string): unknown[] | { signed: unknown } {
  const text = readText(file, 'file').trim();
  if (text.startsWith('{')) {
    // One JSON object (JSON Lines of several lines does not parse as one): a signed batch if it says so.
    try {
      const v = JSON.parse(text) as unknown;
      if (isSignedBatchClaim(v)) return { signed: v };
    } catch {
      // JSON Lines of one line, or malformed: handled below.
    }
  }
  if (text.startsWith('[') || text.startsWith('{"checkIns"') || text.startsWith('{ "checkIns"')) {
    try {
      const v = JSON.parse(text) as unknown;
      const items = Array.isArray(v) ? v : (v as { checkIns?: unknown }).checkIns;
      if (Array.isArray(items)) return items;
    } catch (e) {
      throw new AppError('SP_BAD_REQUEST', `${file} is not valid JSON: ${(e as Error).message}`);
    }
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as unknown;
      } catch {
        // A malformed line is passed on as text: the service quarantines it with its reason.
        return { malformedLine: i + 1, text: l.slice(0, 200) };
      }
    });
}

const optionalInt = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n))
    throw new AppError('SP_BAD_REQUEST', `${name}: "${v}" is not an integer`, [{ path: name, message: 'integer' }]);
  return n;
};

function fleetOf(app: Stackport) {
  return new FleetService(app);
}

export function fleetStoreCommands(fleet: Command): void {
  fleet
    .command('import')
    .description('import a fleet registry CSV; bad rows are quarantined with their reasons (exit 1 if any)')
    .argument('<file>', 'registry CSV (columns: docs/monitoring.md)')
    .action(
      run(async (file: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const text = readText(file, 'file');
        const r = await withApp(g, (app) => fleetOf(app).importRegistry({ text, fileName: basename(file) }, actor(g)));
        printData(g.json === true, r, () =>
          [
            `import ${r.importId}: ${r.accepted} added, ${r.unchanged} unchanged, ${r.rejected.length} quarantined`,
            ...r.warnings,
            ...r.rejected.slice(0, 50).map((x) => `  ${x.ref}: ${x.reason}`),
            ...(r.rejected.length > 50 ? [`  … ${r.rejected.length - 50} more: stackport fleet rejections`] : []),
          ].join('\n'),
        );
        return r.rejected.length ? EXIT.failure : EXIT.ok;
      }),
    );
  fleet
    .command('export')
    .description('write the registry as CSV (stdout, or --out FILE); re-importing it changes nothing')
    .addOption(envOption('--out <file>', 'write to this file'))
    .action(
      run(async (o: { out?: string }, cmd: Command) => {
        const g = globals(cmd);
        const csv = await withApp(g, (app) => fleetOf(app).exportRegistry());
        if (o.out) {
          writeFileSync(o.out, csv);
          say(`wrote ${csv.split('\r\n').length - 2} devices to ${o.out}`);
        } else process.stdout.write(csv);
        return EXIT.ok;
      }),
    );
  fleet
    .command('devices')
    .description('registered devices by id (--after ID for the next page)')
    .addOption(envOption('--after <id>', 'start after this device id'))
    .addOption(envOption('--limit <n>', 'page size').default('100'))
    .addOption(envOption('--licensee <name>', 'only this licensee'))
    .addOption(envOption('--country <iso2>', 'only devices licensed in this country'))
    .action(
      run(async (o: { after?: string; limit: string; licensee?: string; country?: string }, cmd: Command) => {
        const g = globals(cmd);
        const all = await withApp(g, (app) => fleetOf(app).devices({ ...o, limit: optionalInt(o.limit, 'limit') }));
        printData(g.json === true, all, () =>
          table([
            ['ID', 'MODEL', 'ECCN', 'LICENSEE', 'END USER', 'SITE', 'EVERY H'],
            ...all.map((d) => [
              d.deviceId,
              d.model,
              d.eccn,
              d.licensee,
              d.endUser,
              `${d.licensedSite.country} ${d.licensedSite.label ?? ''}`.trim(),
              d.expectedCheckInHours,
            ]),
          ]),
        );
        return EXIT.ok;
      }),
    );
  fleet
    .command('timeline')
    .description("a device's check-ins (verdicts), newest first")
    .argument('<device-id>')
    .addOption(envOption('--limit <n>', 'how many').default('50'))
    .action(
      run(async (id: string, o: { limit: string }, cmd: Command) => {
        const g = globals(cmd);
        const t = await withApp(g, (app) => fleetOf(app).timeline(id, { limit: optionalInt(o.limit, 'limit') ?? 50 }));
        printData(g.json === true, t, () =>
          [
            `${t.device.deviceId} (${t.device.model}, ${t.device.eccn}) licensed to ${t.device.licensee} at ${t.device.licensedSite.country}`,
            table([
              ['AT', 'VERDICT', 'RADIUS KM', 'SITE IN REGION', 'COUNTRIES', 'TAMPER', 'SOURCE'],
              ...t.checkIns.map((c) => [
                c.at,
                c.verdict,
                Math.round(c.region.boundingRadiusKm),
                c.region.licensedSiteInRegion === null ? '-' : String(c.region.licensedSiteInRegion),
                c.region.countriesTouched.join(' '),
                c.tamper ? 'yes' : '',
                c.source,
              ]),
            ]),
          ].join('\n'),
        );
        return EXIT.ok;
      }),
    );
  fleet
    .command('ingest')
    .description(
      'ingest check-ins from another verifier: a signed batch (stackport.check-in-batch/1, refused whole if its signature or verifier fails), or unsigned JSON array / JSON Lines; bad check-ins quarantined (exit 1)',
    )
    .argument('<file>')
    .action(
      run(async (file: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const items = readCheckInFile(file);
        if (!Array.isArray(items)) {
          // A signed batch is verified and ingested whole: the signature covers every check-in in it.
          const r: ImportSummary = await withApp(g, (app) =>
            fleetOf(app).ingestSignedBatch(items.signed, actor(g), { fileName: basename(file) }),
          );
          printData(g.json === true, r, () =>
            [
              `signed batch ${r.batch?.batchId} of verifier ${r.batch?.verifierId} verified: ${r.accepted} check-ins stored, ${r.unchanged} already stored, ${r.rejected.length} quarantined`,
              ...r.rejected.slice(0, 50).map((x) => `  ${x.ref}: ${x.reason}`),
            ].join('\n'),
          );
          return r.rejected.length ? EXIT.failure : EXIT.ok;
        }
        if (items.length === 0) throw new AppError('SP_BAD_REQUEST', `${file} holds no check-ins`);
        const total = {
          accepted: 0,
          unchanged: 0,
          rejected: [] as { ref: string; reason: string }[],
          imports: [] as string[],
          source: 'unsigned',
        };
        await withApp(g, async (app) => {
          const svc = fleetOf(app);
          for (let i = 0; i < items.length; i += INGEST_BATCH) {
            const r = await svc.ingestCheckIns({ checkIns: items.slice(i, i + INGEST_BATCH) }, actor(g), {
              fileName: basename(file),
            });
            total.accepted += r.accepted;
            total.unchanged += r.unchanged;
            total.rejected.push(...r.rejected);
            total.imports.push(r.importId);
          }
        });
        printData(g.json === true, total, () =>
          [
            `${total.accepted} check-ins stored unsigned, ${total.unchanged} already stored, ${total.rejected.length} quarantined`,
            ...total.rejected.slice(0, 50).map((x) => `  ${x.ref}: ${x.reason}`),
          ].join('\n'),
        );
        return total.rejected.length ? EXIT.failure : EXIT.ok;
      }),
    );
  fleet
    .command('detect')
    .description('run a detector pass over the stored fleet (incremental unless --full) and merge its alerts')
    .addOption(envOption('--at <time>', 'evaluation time, ISO 8601 (default now)'))
    .option('--full', 'examine every device, not only those with new check-ins or a passed silence deadline')
    .addOption(envOption('--chunk <n>', 'devices per chunk').default('5000'))
    .action(
      run(async (o: { at?: string; full?: boolean; chunk: string }, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, (app) =>
          fleetOf(app).detect(
            {
              ...(o.at ? { at: o.at } : {}),
              mode: o.full ? 'full' : 'incremental',
              chunkSize: optionalInt(o.chunk, 'chunk'),
            },
            actor(g),
          ),
        );
        printData(
          g.json === true,
          r,
          () =>
            `${r.mode} pass at ${r.at}: ${r.devicesExamined} devices, ${r.checkInsRead} check-ins read, ${r.alertsNew} new alerts, ${r.alertsUpdated} updated`,
        );
        return EXIT.ok;
      }),
    );
  const shipments = fleet.command('shipments').description('shipments devices left in');
  shipments
    .command('add')
    .description('register a shipment')
    .requiredOption('--id <id>')
    .requiredOption('--consignee <name>')
    .requiredOption('--destination <iso2>')
    .requiredOption('--shipped-at <time>')
    .option('--license <id>')
    .option('--reference <ref>')
    .action(
      run(
        async (
          o: {
            id: string;
            consignee: string;
            destination: string;
            shippedAt: string;
            license?: string;
            reference?: string;
          },
          cmd: Command,
        ) => {
          const g = globals(cmd);
          const s = await withApp(g, (app) =>
            fleetOf(app).registerShipment(
              {
                id: o.id,
                consignee: o.consignee,
                destinationCountry: o.destination,
                shippedAt: o.shippedAt,
                ...(o.license ? { licenseId: o.license } : {}),
                ...(o.reference ? { reference: o.reference } : {}),
              },
              actor(g),
            ),
          );
          printData(
            g.json === true,
            s,
            () => `registered shipment ${s.id} to ${s.consignee} (${s.destinationCountry})`,
          );
          return EXIT.ok;
        },
      ),
    );
  shipments
    .command('list')
    .description('shipments with their device counts')
    .action(
      run(async (_o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const all = await withApp(g, (app) => fleetOf(app).shipments());
        printData(g.json === true, all, () =>
          table([
            ['ID', 'CONSIGNEE', 'TO', 'SHIPPED', 'LICENSE', 'DEVICES'],
            ...all.map((s) => [s.id, s.consignee, s.destinationCountry, s.shippedAt, s.licenseId, s.devices]),
          ]),
        );
        return EXIT.ok;
      }),
    );
  fleetVerifierCommands(fleet);
  fleet
    .command('rejections')
    .description('quarantined registry rows and check-ins with their reasons')
    .addOption(envOption('--import <id>', 'only this import'))
    .addOption(envOption('--limit <n>', 'how many').default('100'))
    .action(
      run(async (o: { import?: string; limit: string }, cmd: Command) => {
        const g = globals(cmd);
        const all = await withApp(g, (app) =>
          fleetOf(app).rejections({
            ...(o.import ? { importId: o.import } : {}),
            limit: optionalInt(o.limit, 'limit'),
          }),
        );
        printData(g.json === true, all, () =>
          table([['AT', 'SOURCE', 'WHERE', 'REASON'], ...all.map((r) => [r.at, r.source, r.ref, r.reason])]),
        );
        return EXIT.ok;
      }),
    );

  fleet
    .command('alerts')
    .description('alerts, newest first')
    .addOption(envOption('--status <s>', 'open | in-case | dismissed'))
    .addOption(envOption('--device <id>', 'only this device'))
    .addOption(envOption('--detector <name>', 'only this detector'))
    .addOption(envOption('--limit <n>', 'how many').default('100'))
    .action(
      run(async (o: { status?: string; device?: string; detector?: string; limit: string }, cmd: Command) => {
        const g = globals(cmd);
        const all = await withApp(g, (app) =>
          new CaseService(app).alerts({
            ...(o.status ? { status: o.status } : {}),
            ...(o.device ? { deviceId: o.device } : {}),
            ...(o.detector ? { detector: o.detector } : {}),
            limit: o.limit,
          }),
        );
        printData(g.json === true, all, () =>
          table([
            ['ID', 'AT', 'DETECTOR', 'SEVERITY', 'DEVICE', 'STATUS', 'WHAT'],
            ...all.map((a) => [a.id, a.at, a.detector, a.severity, a.deviceId, a.status, a.message]),
          ]),
        );
        return EXIT.ok;
      }),
    );
  fleet
    .command('dismiss')
    .description('dismiss an open alert, with a reason')
    .argument('<alert-id>')
    .requiredOption('--reason <text>')
    .action(
      run(async (id: string, o: { reason: string }, cmd: Command) => {
        const g = globals(cmd);
        const a = await withApp(g, (app) => new CaseService(app).dismissAlert(id, { reason: o.reason }, actor(g)));
        printData(g.json === true, a, () => `dismissed ${a.id}`);
        return EXIT.ok;
      }),
    );

  const kase = fleet.command('case').description('cases: open → investigating → reported → closed');
  const showCase = (g: ReturnType<typeof globals>, d: Awaited<ReturnType<CaseService['detail']>>) =>
    printData(g.json === true, d, () =>
      [
        `${d.case.id} [${d.case.status}] ${d.case.severity}: ${d.case.title}`,
        `assignee: ${d.case.assignee ?? '-'}; devices: ${d.case.deviceIds.join(' ')}; next: ${d.allowedTransitions.join(', ')}`,
        ...(d.reportsIndicated.length
          ? [`reports indicated: ${d.reportsIndicated.map((r) => r.kind).join(', ')}`]
          : []),
        table([['ALERT', 'DETECTOR', 'SEVERITY', 'AT'], ...d.alerts.map((a) => [a.id, a.detector, a.severity, a.at])]),
        table([
          ['AT', 'WHO', 'EVENT', 'DATA'],
          ...d.events.map((e) => [e.at, e.actor, e.kind, JSON.stringify(e.data)]),
        ]),
      ].join('\n'),
    );
  kase
    .command('open')
    .description('open a case from open alerts')
    .argument('<alert-ids...>')
    .option('--title <text>')
    .option('--assignee <who>')
    .option('--note <text>')
    .action(
      run(async (ids: string[], o: { title?: string; assignee?: string; note?: string }, cmd: Command) => {
        const g = globals(cmd);
        showCase(g, await withApp(g, (app) => new CaseService(app).open({ alertIds: ids, ...o }, actor(g))));
        return EXIT.ok;
      }),
    );
  kase
    .command('show')
    .argument('<case-id>')
    .action(
      run(async (id: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        showCase(g, await withApp(g, (app) => new CaseService(app).detail(id)));
        return EXIT.ok;
      }),
    );
  kase
    .command('list')
    .addOption(envOption('--status <s>', 'open | investigating | reported | closed'))
    .addOption(envOption('--assignee <who>', 'only this assignee'))
    .action(
      run(async (o: { status?: string; assignee?: string }, cmd: Command) => {
        const g = globals(cmd);
        const all = await withApp(g, (app) => new CaseService(app).cases(o));
        printData(g.json === true, all, () =>
          table([
            ['ID', 'STATUS', 'SEVERITY', 'ASSIGNEE', 'UPDATED', 'TITLE'],
            ...all.map((c) => [c.id, c.status, c.severity, c.assignee, c.updatedAt, c.title]),
          ]),
        );
        return EXIT.ok;
      }),
    );
  kase
    .command('status')
    .argument('<case-id>')
    .argument('<status>', 'investigating | reported | closed')
    .option('--note <text>', 'the reason, the report reference or the resolution')
    .action(
      run(async (id: string, status: string, o: { note?: string }, cmd: Command) => {
        const g = globals(cmd);
        showCase(g, await withApp(g, (app) => new CaseService(app).setStatus(id, { status, ...o }, actor(g))));
        return EXIT.ok;
      }),
    );
  kase
    .command('assign')
    .argument('<case-id>')
    .argument('<assignee>', 'who; "-" unassigns')
    .action(
      run(async (id: string, who: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const assignee = who === '-' ? null : who;
        showCase(g, await withApp(g, (app) => new CaseService(app).assign(id, { assignee }, actor(g))));
        return EXIT.ok;
      }),
    );
  kase
    .command('note')
    .argument('<case-id>')
    .argument('<text>')
    .action(
      run(async (id: string, text: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        showCase(g, await withApp(g, (app) => new CaseService(app).note(id, { text }, actor(g))));
        return EXIT.ok;
      }),
    );
  kase
    .command('add-alerts')
    .argument('<case-id>')
    .argument('<alert-ids...>')
    .action(
      run(async (id: string, ids: string[], _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        showCase(g, await withApp(g, (app) => new CaseService(app).addAlerts(id, { alertIds: ids }, actor(g))));
        return EXIT.ok;
      }),
    );
  kase
    .command('bundle')
    .description('export the evidence bundle (JSON) and, with --pdf, its PDF summary')
    .argument('<case-id>')
    .requiredOption('--out <file>', 'where to write the JSON bundle')
    .option('--pdf <file>', 'also write the PDF summary here')
    .action(
      run(async (id: string, o: { out: string; pdf?: string }, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, async (app) => {
          const svc = new CaseService(app);
          const bundle = await svc.bundle(id, actor(g));
          writeFileSync(o.out, `${JSON.stringify(bundle, null, 2)}\n`);
          const pdf = o.pdf ? await svc.bundlePdf(id, actor(g)) : undefined;
          if (o.pdf && pdf) writeFileSync(o.pdf, pdf.bytes);
          return { bundle: o.out, sha256: bundle.sha256, ...(pdf ? { pdf: o.pdf, pdfSha256: pdf.sha256 } : {}) };
        });
        printData(g.json === true, r, () => `wrote ${r.bundle} (sha256 ${r.sha256})${r.pdf ? ` and ${r.pdf}` : ''}`);
        return EXIT.ok;
      }),
    );
  kase
    .command('report')
    .description(`draft a Chip Security Act report (${REPORT_KINDS.join(' | ')}) as PDF; the bill is not in force`)
    .argument('<case-id>')
    .argument('<kind>')
    .requiredOption('--out <file>', 'where to write the PDF')
    .action(
      run(async (id: string, kind: string, o: { out: string }, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, async (app) => {
          const draft = await new CaseService(app).draftReport(id, kind, actor(g));
          writeFileSync(o.out, await renderPdf(draft.document));
          return { out: o.out, bundleSha256: draft.bundleSha256, title: draft.document.title };
        });
        printData(g.json === true, r, () => `wrote ${r.out}: ${r.title}`);
        return EXIT.ok;
      }),
    );
}
