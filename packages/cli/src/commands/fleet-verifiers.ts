/**
 * External verifiers and the unsigned-check-in setting: `fleet verifiers add|list|revoke`, `fleet settings`.
 * Same operations and error codes as /api/v1/fleet/verifiers and /api/v1/fleet/settings.
 * @module
 */
import { FleetService } from '@stackport/app';
import type { Command } from 'commander';
import { actor, globals, run, withApp } from '../context.js';
import { EXIT, printData, table } from '../output.js';

export function fleetVerifierCommands(fleet: Command): void {
  const verifiers = fleet
    .command('verifiers')
    .description('external verifiers whose signed check-in batches (stackport.check-in-batch/1) are accepted');
  verifiers
    .command('add')
    .description('register a verifier and its Ed25519 public key (base64 of the raw 32 bytes)')
    .requiredOption('--id <id>', 'the verifierId its batches name')
    .requiredOption('--name <name>')
    .requiredOption('--public-key <base64>')
    .option('--valid-from <time>', 'ISO 8601 (default now)')
    .option('--valid-until <time>', 'ISO 8601 (default: no end)')
    .action(
      run(
        async (
          o: { id: string; name: string; publicKey: string; validFrom?: string; validUntil?: string },
          cmd: Command,
        ) => {
          const g = globals(cmd);
          const v = await withApp(g, (app) =>
            new FleetService(app).registerVerifier(
              {
                id: o.id,
                name: o.name,
                publicKey: o.publicKey,
                ...(o.validFrom ? { validFrom: o.validFrom } : {}),
                ...(o.validUntil ? { validUntil: o.validUntil } : {}),
              },
              actor(g),
            ),
          );
          printData(
            g.json === true,
            v,
            () => `registered verifier ${v.id} (${v.name}), valid from ${v.validFrom} to ${v.validUntil ?? 'no end'}`,
          );
          return EXIT.ok;
        },
      ),
    );
  verifiers
    .command('list')
    .description('registered verifiers with their keys, validity and revocation')
    .action(
      run(async (_o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const all = await withApp(g, (app) => new FleetService(app).verifiers());
        printData(g.json === true, all, () =>
          table([
            ['ID', 'NAME', 'PUBLIC KEY', 'VALID FROM', 'VALID UNTIL', 'REVOKED'],
            ...all.map((v) => [
              v.id,
              v.name,
              v.publicKey,
              v.validFrom,
              v.validUntil ?? '',
              v.revokedAt ? `${v.revokedAt} (${v.revocationReason ?? ''})` : '',
            ]),
          ]),
        );
        return EXIT.ok;
      }),
    );
  verifiers
    .command('revoke')
    .description('revoke a verifier: its batches are refused from now on (stored check-ins stay)')
    .argument('<id>')
    .requiredOption('--reason <text>')
    .action(
      run(async (id: string, o: { reason: string }, cmd: Command) => {
        const g = globals(cmd);
        const v = await withApp(g, (app) => new FleetService(app).revokeVerifier(id, { reason: o.reason }, actor(g)));
        printData(g.json === true, v, () => `revoked verifier ${v.id} at ${v.revokedAt}`);
        return EXIT.ok;
      }),
    );
  fleet
    .command('settings')
    .description('show the fleet settings, or change whether unsigned check-ins are accepted')
    .option('--unsigned <allow|refuse>', 'accept check-ins without a verifier signature (default allow)')
    .action(
      run(async (o: { unsigned?: string }, cmd: Command) => {
        const g = globals(cmd);
        const s = await withApp(g, (app) => {
          const svc = new FleetService(app);
          if (o.unsigned === undefined) return svc.settings();
          return svc.setSettings(
            { allowUnsignedCheckIns: o.unsigned === 'allow' ? true : o.unsigned === 'refuse' ? false : o.unsigned },
            actor(g),
          );
        });
        printData(g.json === true, s, () => `unsigned check-ins: ${s.allowUnsignedCheckIns ? 'allowed' : 'refused'}`);
        return EXIT.ok;
      }),
    );
}
