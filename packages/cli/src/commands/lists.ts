/** `stackport lists`: import a new version, show status and versions. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '@stackport/app';
import type { Command } from 'commander';
import { actor, envOption, globals, run, withApp } from '../context.js';
import { printData, say, table } from '../output.js';

export function listsCommand(program: Command): void {
  const lists = program.command('lists').description('screening lists: import new versions, show status');

  lists
    .command('import')
    .description(
      'import a CSL CSV or UN XML file as a new list version; saved parties and KYC accounts are re-screened against what changed',
    )
    .argument('<file>', 'the list file')
    .addOption(envOption('--title <title>', 'a title for this version'))
    .action(
      run(async (file: string, o: { title?: string }, cmd: Command) => {
        const g = globals(cmd);
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (e) {
          throw new AppError('SP_BAD_REQUEST', `cannot read ${file}: ${(e as Error).message}`);
        }
        const result = await withApp(g, (app) =>
          app.importList({ text, fileName: basename(file), actor: actor(g), ...(o.title ? { title: o.title } : {}) }),
        );
        const v = result.version;
        const errors = v.problems.filter((p) => p.severity === 'error');
        if (!g.json) for (const p of v.problems.slice(0, 20)) say(`  row ${p.row} (${p.severity}): ${p.message}`);
        printData(g.json === true, result, () =>
          result.unchanged
            ? `${file}: identical to the active ${v.dataset} version ${v.id}; nothing imported`
            : [
                `imported ${v.entryCount} entries as ${v.dataset} version ${v.id} (${errors.length} rows rejected, ${v.problems.length - errors.length} warnings)`,
                `delta: ${v.delta?.added ?? 0} added, ${v.delta?.changed ?? 0} changed, ${v.delta?.removed ?? 0} removed`,
                `re-screened ${result.rescreen.parties} parties: ${result.rescreen.opened} hits opened, ${result.rescreen.reopened} reopened, ${result.rescreen.suppressed} still suppressed`,
                `re-screened ${result.rescreen.kycAccounts} KYC accounts: ${result.rescreen.kycFindings} screening-hit findings opened`,
              ].join('\n'),
        );
        return 0;
      }),
    );

  lists
    .command('status')
    .description('active list versions with per-source counts and dates')
    .action(
      run(async (_o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const status = await withApp(g, (app) => app.status());
        printData(g.json === true, status, () =>
          [
            `engine ${status.engine}; matcher ${status.matcherVersion}; index ${status.index.entries} entries, ${status.index.names} names`,
            '',
            table([
              ['DATASET', 'VERSION', 'PUBLISHED', 'IMPORTED', 'ENTRIES', 'SOURCES'],
              ...status.lists.map((v) => [
                v.dataset,
                v.id.slice(0, 8),
                v.publishedAt ?? '',
                v.importedAt,
                v.entryCount,
                Object.entries(v.sourceCounts)
                  .map(([s, n]) => `${s} ${n}`)
                  .join(', '),
              ]),
            ]),
          ].join('\n'),
        );
        return 0;
      }),
    );

  lists
    .command('versions')
    .description('every list version ever imported, newest first')
    .action(
      run(async (_o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const versions = await withApp(g, (app) => app.listVersions());
        printData(g.json === true, versions, () =>
          table([
            ['ID', 'DATASET', 'STATUS', 'FILE', 'SHA256', 'IMPORTED', 'BY', 'ENTRIES'],
            ...versions.map((v) => [
              v.id,
              v.dataset,
              v.status,
              v.fileName,
              v.fileSha256.slice(0, 12),
              v.importedAt,
              v.importedBy,
              v.entryCount,
            ]),
          ]),
        );
        return 0;
      }),
    );
}
