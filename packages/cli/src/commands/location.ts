/**
 * Chip location verification from the command line:
 * `landmark serve`, `agent run` (the two network processes), `landmarks register|list`,
 * `devices register|list`, `verify DEVICE` (server-side orchestration), `verifications list|show`,
 * and `locate FILE` (offline solve; format in docs/location.md).
 * @module
 */
import {
  AppError,
  LandmarkInputSchema,
  LocationService,
  locateOffline,
  parseWith,
  type VerificationResult,
} from '@stackport/app';
import { KeyFileError, LandmarkInfoSchema, openKeyFile, type SoftwareKeyProvider } from '@stackport/core';
import type { Command } from 'commander';
import { actor, envOption, globals, run, withApp } from '../context.js';
import { readJsonFile } from '../input-files.js';
import { parseHostPort, startAgent, startLandmark } from '../location-processes.js';
import { EXIT, printData, say, table } from '../output.js';

const num = (name: string) => (v: string) => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n))
    throw new AppError('SP_BAD_REQUEST', `${name}: "${v}" is not a number`, [{ path: name, message: 'not a number' }]);
  return n;
};
const list = (v: string, prev: string[] = []) => [
  ...prev,
  ...v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

function keyProvider(path: string, create: boolean): SoftwareKeyProvider {
  try {
    return openKeyFile(path, { create });
  } catch (e) {
    if (e instanceof KeyFileError)
      throw new AppError('SP_BAD_REQUEST', `key file ${e.path} ${e.message}`, [{ path: 'key', message: e.message }]);
    throw e;
  }
}

/** JSON lines on stdout with --json, text on stderr otherwise: the processes' event log. */
function eventLog(json: boolean) {
  return (event: Record<string, unknown>) => {
    if (json) process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), ...event })}\n`);
    else
      say(
        `${event.event}: ${Object.entries(event)
          .filter(([k]) => k !== 'event')
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(' ')}`,
      );
  };
}

/** Resolves when SIGINT/SIGTERM arrives, after `close`. */
function untilSignal(close: () => Promise<void> | void): Promise<number> {
  return new Promise((resolve) => {
    const stop = async () => {
      await close();
      resolve(EXIT.ok);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export function locationCommands(program: Command): void {
  const landmark = program.command('landmark').description('run a landmark: a timing server at surveyed coordinates');
  landmark
    .command('serve')
    .description('serve challenges to agents and signed measurements to the verifier (runs until SIGTERM)')
    .addOption(envOption('--landmark-id <id>', 'this landmark’s registered id').makeOptionMandatory())
    .addOption(
      envOption(
        '--landmark-key <file>',
        'key file (PKCS#8 PEM: Ed25519 identity key), mode 0600',
      ).makeOptionMandatory(),
    )
    .addOption(envOption('--create-key', 'create the key file when it does not exist'))
    .addOption(envOption('--lat <deg>', 'surveyed latitude').argParser(num('lat')).makeOptionMandatory())
    .addOption(envOption('--lon <deg>', 'surveyed longitude').argParser(num('lon')).makeOptionMandatory())
    .addOption(
      envOption('--uncertainty-km <km>', 'surveyed-position uncertainty').argParser(num('uncertainty-km')).default(1),
    )
    .addOption(
      envOption(
        '--check-responses',
        'kept for compatibility, no effect: the landmark always checks the device’s session signature (once per measurement); response MACs can only be checked by the verifier, which holds the session key',
      ),
    )
    .addOption(envOption('--listen-host <host>', 'interface for both ports').default('127.0.0.1'))
    .addOption(
      envOption('--control-port <port>', 'HTTP port for the verifier (0: any)')
        .argParser(num('control-port'))
        .default(0),
    )
    .addOption(
      envOption('--agent-port <port>', 'TCP port agents dial (0: any)').argParser(num('agent-port')).default(0),
    )
    .action(
      run(
        async (
          o: {
            landmarkId: string;
            landmarkKey: string;
            createKey?: boolean;
            checkResponses?: boolean;
            lat: number;
            lon: number;
            uncertaintyKm: number;
            listenHost: string;
            controlPort: number;
            agentPort: number;
          },
          cmd: Command,
        ) => {
          const g = globals(cmd);
          const info = parseWith(LandmarkInfoSchema.omit({ publicKey: true }), {
            id: o.landmarkId,
            position: { lat: o.lat, lon: o.lon },
            positionUncertaintyKm: o.uncertaintyKm,
          });
          const key = keyProvider(o.landmarkKey, o.createKey === true);
          const log = eventLog(g.json === true);
          const lm = await startLandmark({
            id: info.id,
            key,
            position: info.position,
            uncertaintyKm: info.positionUncertaintyKm,
            host: o.listenHost,
            controlPort: o.controlPort,
            agentPort: o.agentPort,
            log,
          });
          log({
            event: 'ready',
            landmarkId: info.id,
            publicKey: key.publicKey(),
            position: info.position,
            url: lm.url,
            agentAddress: lm.agentAddress,
          });
          return untilSignal(() => lm.close());
        },
      ),
    );

  const agent = program
    .command('agent')
    .description('the on-host agent that answers landmark challenges with the device key');
  agent
    .command('run')
    .description('dial every landmark and answer challenges (runs until SIGTERM)')
    .addOption(envOption('--device-id <id>', 'the registered device id').makeOptionMandatory())
    .addOption(
      envOption(
        '--device-key <file>',
        'key file, mode 0600 (software key provider: Ed25519 identity key + X25519 key-agreement key, PKCS#8 PEM)',
      ).makeOptionMandatory(),
    )
    .addOption(envOption('--create-key', 'create the key file when it does not exist'))
    .addOption(
      envOption('--connect <host:port...>', 'landmark agent ports, repeated or comma-separated').argParser(list),
    )
    .action(
      run(
        async (
          o: { deviceId: string; deviceKey: string; createKey?: boolean; connect?: string[] | string },
          cmd: Command,
        ) => {
          const g = globals(cmd);
          const addresses = typeof o.connect === 'string' ? list(o.connect) : (o.connect ?? []);
          if (addresses.length === 0)
            throw new AppError('SP_BAD_REQUEST', 'give at least one landmark with --connect host:port');
          for (const a of addresses) {
            try {
              parseHostPort(a);
            } catch (e) {
              throw new AppError('SP_BAD_REQUEST', (e as Error).message, [{ path: 'connect', message: 'host:port' }]);
            }
          }
          const key = keyProvider(o.deviceKey, o.createKey === true);
          if (!key.hasKex)
            throw new AppError(
              'SP_BAD_REQUEST',
              `key file ${o.deviceKey} holds no X25519 key-agreement key (a protocol-1 file): create a new key file with --create-key and register the device with the keys it prints`,
              [{ path: 'device-key', message: 'no X25519 key' }],
            );
          const log = eventLog(g.json === true);
          const running = startAgent({ deviceId: o.deviceId, key, landmarks: addresses, log });
          log({
            event: 'ready',
            deviceId: o.deviceId,
            publicKey: key.publicKey(),
            kexPublicKey: key.kexPublicKey(),
            kexKeySignature: key.kexKeySignature(),
            keyProvider: key.describe(),
            landmarks: addresses,
          });
          return untilSignal(() => running.close());
        },
      ),
    );

  const landmarks = program.command('landmarks').description('the landmark registry');
  landmarks
    .command('register')
    .description('register a landmark (admin): from --file LANDMARK.json or the options')
    .addOption(
      envOption(
        '--file <file>',
        'landmark JSON: {id, position:{lat,lon}, positionUncertaintyKm, publicKey, url, operator, label}',
      ),
    )
    .addOption(envOption('--landmark-id <id>', 'id'))
    .addOption(envOption('--lat <deg>', 'latitude').argParser(num('lat')))
    .addOption(envOption('--lon <deg>', 'longitude').argParser(num('lon')))
    .addOption(envOption('--uncertainty-km <km>', 'position uncertainty').argParser(num('uncertainty-km')))
    .addOption(envOption('--public-key <base64>', 'Ed25519 public key, base64 of 32 bytes'))
    .addOption(envOption('--url <url>', 'control URL of its `landmark serve`'))
    .addOption(envOption('--operator <name>', 'who operates it'))
    .addOption(envOption('--label <text>', 'a label, e.g. the city'))
    .action(
      run(async (o: Record<string, string | number | undefined>, cmd: Command) => {
        const g = globals(cmd);
        const input = o.file
          ? readJsonFile(String(o.file), 'file')
          : {
              id: o.landmarkId,
              position: { lat: o.lat, lon: o.lon },
              ...(o.uncertaintyKm !== undefined ? { positionUncertaintyKm: o.uncertaintyKm } : {}),
              publicKey: o.publicKey,
              ...(o.url ? { url: o.url } : {}),
              ...(o.operator ? { operator: o.operator } : {}),
              ...(o.label ? { label: o.label } : {}),
            };
        parseWith(LandmarkInputSchema, input);
        const saved = await withApp(g, (app) => new LocationService(app).registerLandmark(input, actor(g)));
        printData(
          g.json === true,
          saved,
          () => `registered landmark ${saved.id} at ${saved.position.lat}, ${saved.position.lon}`,
        );
        return EXIT.ok;
      }),
    );
  landmarks
    .command('list')
    .description('registered landmarks')
    .action(
      run(async (_o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const all = await withApp(g, (app) => new LocationService(app).landmarks());
        printData(g.json === true, all, () =>
          table([
            ['ID', 'LAT', 'LON', '±KM', 'URL', 'LABEL'],
            ...all.map((l) => [l.id, l.position.lat, l.position.lon, l.positionUncertaintyKm, l.url, l.label]),
          ]),
        );
        return EXIT.ok;
      }),
    );

  const devices = program
    .command('devices')
    .description('the device registry: keys bound to serial, model, ECCN, licensee and licensed site');
  devices
    .command('register')
    .description('register a device (admin): from --file DEVICE.json or the options')
    .addOption(envOption('--file <file>', 'device JSON (docs/location.md)'))
    .addOption(envOption('--device-id <id>', 'id'))
    .addOption(envOption('--public-key <base64>', 'Ed25519 identity key, base64 of 32 bytes'))
    .addOption(
      envOption('--kex-public-key <base64>', 'X25519 key-agreement key, base64 of 32 bytes (agent run prints it)'),
    )
    .addOption(
      envOption(
        '--kex-key-signature <base64>',
        'the identity key’s signature over the X25519 key (agent run prints it)',
      ),
    )
    .addOption(envOption('--serial <serial>', 'serial number'))
    .addOption(envOption('--model <model>', 'model, e.g. H100 SXM'))
    .addOption(envOption('--eccn <eccn>', 'e.g. 3A090.a'))
    .addOption(envOption('--licensee <name>', 'licensee'))
    .addOption(envOption('--license-id <id>', 'license number'))
    .addOption(envOption('--site-lat <deg>', 'licensed site latitude').argParser(num('site-lat')))
    .addOption(envOption('--site-lon <deg>', 'licensed site longitude').argParser(num('site-lon')))
    .addOption(envOption('--site-country <iso2>', 'licensed site country'))
    .addOption(envOption('--site-radius-km <km>', 'licensed site radius').argParser(num('site-radius-km')))
    .addOption(envOption('--site-label <text>', 'licensed site label'))
    .action(
      run(async (o: Record<string, string | number | undefined>, cmd: Command) => {
        const g = globals(cmd);
        const input = o.file
          ? readJsonFile(String(o.file), 'file')
          : {
              deviceId: o.deviceId,
              publicKey: o.publicKey,
              ...(o.kexPublicKey ? { kexPublicKey: o.kexPublicKey } : {}),
              ...(o.kexKeySignature ? { kexKeySignature: o.kexKeySignature } : {}),
              serial: o.serial,
              model: o.model,
              eccn: o.eccn,
              licensee: o.licensee,
              ...(o.licenseId ? { licenseId: o.licenseId } : {}),
              licensedSite: {
                position: { lat: o.siteLat, lon: o.siteLon },
                country: o.siteCountry,
                ...(o.siteRadiusKm !== undefined ? { radiusKm: o.siteRadiusKm } : {}),
                ...(o.siteLabel ? { label: o.siteLabel } : {}),
              },
            };
        const saved = await withApp(g, (app) => new LocationService(app).registerDevice(input, actor(g)));
        printData(
          g.json === true,
          saved,
          () =>
            `registered device ${saved.deviceId} (${saved.model}, ${saved.eccn}) licensed to ${saved.licensee} at ${saved.licensedSite.country}`,
        );
        return EXIT.ok;
      }),
    );
  devices
    .command('add-key')
    .description('bind the X25519 key `stackport agent run` prints to a device that has none (fleet registry imports)')
    .argument('<device-id>')
    .addOption(envOption('--kex-public-key <key>', 'X25519 key (agent run prints it)').makeOptionMandatory())
    .addOption(
      envOption(
        '--kex-key-signature <sig>',
        'the identity key’s signature over it (agent run prints it)',
      ).makeOptionMandatory(),
    )
    .action(
      run(async (id: string, o: { kexPublicKey: string; kexKeySignature: string }, cmd: Command) => {
        const g = globals(cmd);
        const saved = await withApp(g, (app) =>
          new LocationService(app).bindKexKey(
            id,
            { kexPublicKey: o.kexPublicKey, kexKeySignature: o.kexKeySignature },
            actor(g),
          ),
        );
        printData(g.json === true, saved, () => `bound X25519 key to ${saved.deviceId}`);
        return EXIT.ok;
      }),
    );
  devices
    .command('list')
    .description('registered devices')
    .action(
      run(async (_o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const all = await withApp(g, (app) => new LocationService(app).devices());
        printData(g.json === true, all, () =>
          table([
            ['ID', 'MODEL', 'ECCN', 'SERIAL', 'LICENSEE', 'SITE'],
            ...all.map((d) => [d.deviceId, d.model, d.eccn, d.serial, d.licensee, d.licensedSite.country]),
          ]),
        );
        return EXIT.ok;
      }),
    );

  program
    .command('verify')
    .description('verify where a device is: every registered landmark measures it now; stored and audited')
    .argument('<device-id>', 'the registered device')
    .addOption(envOption('--landmarks <ids>', 'only these landmarks (comma-separated)').argParser(list))
    .addOption(envOption('--challenges <n>', 'challenges per landmark (≥ 10)').argParser(num('challenges')))
    .addOption(
      envOption(
        '--allowed-countries <iso2,…>',
        'where the device may be (default: every country not of concern)',
      ).argParser(list),
    )
    .addOption(
      envOption('--countries-of-concern <iso2,…>', 'default: Country Group D:5 today, plus MO and HK').argParser(list),
    )
    .action(
      run(
        async (
          deviceId: string,
          o: { landmarks?: string[]; challenges?: number; allowedCountries?: string[]; countriesOfConcern?: string[] },
          cmd: Command,
        ) => {
          const g = globals(cmd);
          const result = await withApp(g, (app) =>
            new LocationService(app).verify(
              {
                deviceId,
                ...(o.landmarks ? { landmarks: o.landmarks } : {}),
                ...(o.challenges !== undefined ? { challenges: o.challenges } : {}),
                ...(o.allowedCountries ? { allowedCountries: o.allowedCountries } : {}),
                ...(o.countriesOfConcern ? { countriesOfConcern: o.countriesOfConcern } : {}),
              },
              actor(g),
            ),
          );
          printData(g.json === true, result, () => renderVerification(result));
          return EXIT.ok;
        },
      ),
    );

  const verifications = program.command('verifications').description('stored location verifications');
  verifications
    .command('list')
    .description('newest first')
    .addOption(envOption('--device <id>', 'only this device'))
    .action(
      run(async (o: { device?: string }, cmd: Command) => {
        const g = globals(cmd);
        const all = await withApp(g, (app) =>
          new LocationService(app).verifications(o.device ? { deviceId: o.device } : {}),
        );
        printData(g.json === true, all, () =>
          table([['ID', 'DEVICE', 'VERDICT', 'AT'], ...all.map((v) => [v.id, v.deviceId, v.verdict, v.createdAt])]),
        );
        return EXIT.ok;
      }),
    );
  verifications
    .command('show')
    .argument('<id>', 'verification id')
    .description('one verification with its evidence (signed records)')
    .action(
      run(async (id: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const v = await withApp(g, (app) => new LocationService(app).verification(id));
        printData(g.json === true, v, () => renderVerification(v.result as VerificationResult));
        return EXIT.ok;
      }),
    );

  program
    .command('locate')
    .description('offline solve: feasible region and verdict from a measurements file (format: docs/location.md)')
    .argument('<file>', 'MEASUREMENTS.json')
    .action(
      run(async (file: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const result = locateOffline(readJsonFile(file, 'file'), new Date().toISOString().slice(0, 10));
        printData(g.json === true, result, () =>
          [
            `VERDICT: ${result.verdict}${result.signed ? ' (signed records verified)' : ' (unsigned measurements: trust the file’s source)'}`,
            ...result.findings.map((f) => `  ${f}`),
            ...(result.location?.reasons ?? []).map((r) => `  · ${r}`),
            ...result.rejections.map((r) => `  ✗ ${r.reason}: ${r.detail}`),
          ].join('\n'),
        );
        return EXIT.ok;
      }),
    );
}

export function renderVerification(r: VerificationResult): string {
  return [
    `${r.deviceId}: ${r.verdict}${r.tamperingSuspected ? '  ⚑ TAMPERING SUSPECTED' : ''} (verification ${r.id})`,
    ...r.findings.map((f) => `  ${f}`),
    ...(r.location?.reasons ?? []).map((x) => `  · ${x}`),
    table([
      ['  LANDMARK', 'STATUS', 'MIN RTT MS', 'SAMPLES', 'ERROR'],
      ...r.landmarks.map((l) => [`  ${l.landmarkId}`, l.status, l.minRttMs, l.samples, l.error]),
    ]),
    ...r.rejections.slice(0, 50).map((x) => `  ✗ ${x.reason}: ${x.detail}`),
  ].join('\n');
}
