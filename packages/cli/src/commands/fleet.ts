/**
 * End-use monitoring from the command line (issue 5, first increment):
 * `fleet simulate --devices N --days D --diversions K [--seed S] [--check-in-hours H]` builds a simulated fleet
 * with known ground truth, runs every detector in process (no database) and reports recall, false alarms per
 * device-day, time to detection and alert counts per detector. Model and figures: docs/monitoring.md.
 * @module
 */
import { AppError } from '@stackport/app';
import { DETECTOR_NAMES, evaluateDetection, INJECTED_KINDS, runDetectors, simulateFleet } from '@stackport/core';
import type { Command } from 'commander';
import { envOption, globals, run } from '../context.js';
import { EXIT, printData, table } from '../output.js';
import { fleetStoreCommands } from './fleet-store.js';

const int = (name: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    throw new AppError('SP_BAD_REQUEST', `${name}: "${v}" is not an integer in [${min}, ${max}]`, [
      { path: name, message: `integer in [${min}, ${max}]` },
    ]);
  return n;
};

interface SimulateOptions {
  devices: string;
  days: string;
  diversions: string;
  seed: string;
  checkInHours: string;
}

const pct = (x: number) => `${(x * 100).toFixed(4)} %`;
const fmt = (x: number | null) => (x === null ? '-' : x.toFixed(3));

export function fleetCommands(program: Command): void {
  const fleet = program
    .command('fleet')
    .description('end-use monitoring: registry, check-ins, detector passes, alerts and cases, simulation');
  fleetStoreCommands(fleet);
  fleet
    .command('simulate')
    .description('simulate a fleet with injected diversions, run the detectors, report recall and false alarms')
    .addOption(envOption('--devices <n>', 'devices in the fleet').makeOptionMandatory())
    .addOption(envOption('--days <d>', 'days simulated').makeOptionMandatory())
    .addOption(
      envOption('--diversions <k>', 'injected diversions (relay, move, clone, round-robin)').makeOptionMandatory(),
    )
    .addOption(envOption('--seed <s>', 'PRNG seed').default('1'))
    .addOption(envOption('--check-in-hours <h>', 'expected check-in interval, hours').default('24'))
    .action(
      run(async (o: SimulateOptions, cmd: Command) => {
        const devices = int('devices', 1, 2_000_000)(o.devices);
        const days = int('days', 1, 3650)(o.days);
        const diversions = int('diversions', 0, 1_000_000)(o.diversions);
        const seed = int('seed', 0, 2 ** 32 - 1)(o.seed);
        const checkInHours = int('check-in-hours', 1, 24 * 30)(o.checkInHours);
        const extra = Math.max(1, Math.floor(diversions / 4));
        if (diversions + 2 * extra > devices)
          throw new AppError(
            'SP_BAD_REQUEST',
            `diversions: ${diversions} (+${2 * extra} silent/tamper) > ${devices} devices`,
            [{ path: 'diversions', message: 'more injected events than devices' }],
          );
        if (days * 24 < 4 * checkInHours)
          throw new AppError('SP_BAD_REQUEST', 'days: the simulation needs at least 4 check-in intervals', [
            { path: 'days', message: 'too short for the check-in interval' },
          ]);
        const t0 = performance.now();
        const sim = simulateFleet({ devices, days, diversions, seed, checkInHours });
        const t1 = performance.now();
        const alerts = runDetectors({ devices: sim.devices, checkIns: sim.checkIns, now: sim.now });
        const t2 = performance.now();
        const ev = evaluateDetection(sim.truth, alerts, { devices: sim.devices, days });
        const result = {
          options: { devices, days, diversions, seed, checkInHours },
          checkIns: sim.checkIns.length,
          timingsMs: { simulate: Math.round(t1 - t0), detect: Math.round(t2 - t1) },
          ...ev,
          targets: {
            everyDiversionWithinOneInterval: ev.diversions.withinOneInterval === ev.diversions.injected,
            falseAlarmsAtMostPerMille: ev.falseAlarmRate <= 0.001,
          },
        };
        printData(globals(cmd).json === true, result, () =>
          [
            `fleet: ${devices} devices × ${days} days, ${sim.checkIns.length} check-ins, seed ${seed}` +
              ` (simulate ${result.timingsMs.simulate} ms, detect ${result.timingsMs.detect} ms)`,
            '',
            table([
              [
                'kind',
                'injected',
                'detected',
                'recall',
                '≤ 1 interval',
                'mean TTD (intervals)',
                'max TTD',
                'first detector',
              ],
              ...[
                ...INJECTED_KINDS.map((k) => [k, ev.byKind[k]] as const),
                ['all diversions', ev.diversions] as const,
              ].map(([k, s]) => [
                k,
                s.injected,
                s.detected,
                s.recall.toFixed(3),
                s.withinOneInterval,
                fmt(s.meanTtdIntervals),
                fmt(s.maxTtdIntervals),
                Object.entries(s.firstDetector)
                  .map(([d, n]) => `${d}:${n}`)
                  .join(' '),
              ]),
            ]),
            '',
            `false alarms: ${ev.falseAlarms} alerts on ${ev.falseAlarmDeviceDays} of ${ev.deviceDays} device-days (${pct(ev.falseAlarmRate)})`,
            `alerts: ${ev.alerts} — ${DETECTOR_NAMES.map((d) => `${d} ${ev.alertsByDetector[d]}`).join(', ')}`,
            `targets: every diversion within one interval ${result.targets.everyDiversionWithinOneInterval ? 'MET' : 'NOT MET'}; ` +
              `false alarms ≤ 0.1 % of device-days ${result.targets.falseAlarmsAtMostPerMille ? 'MET' : 'NOT MET'}`,
          ].join('\n'),
        );
        return EXIT.ok;
      }),
    );
}
