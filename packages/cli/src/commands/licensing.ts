/** `stackport classify`, `stackport parts` (and the determination commands as they land). */
import { existsSync, readFileSync } from 'node:fs';
import { AppError, Licensing } from '@stackport/app';
import type { Command } from 'commander';
import { envOption, globals, run, withApp } from '../context.js';
import { printData, table } from '../output.js';

/** Reads a JSON input file; a missing or malformed file is bad input (exit 2), naming the file. */
export function readJsonFile(file: string, what: string): unknown {
  if (!existsSync(file))
    throw new AppError('SP_BAD_REQUEST', `${what}: no file ${file}`, [{ path: what, message: 'file not found' }]);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError('SP_BAD_REQUEST', `${file} is not valid JSON: ${(e as Error).message}`, [
      { path: what, message: 'invalid JSON' },
    ]);
  }
}

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
