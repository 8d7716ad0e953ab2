/** `stackport audit`, `stackport tokens`, `stackport serve`. */
import { bootstrapAdminToken, createToken, loadConfig, openStackport, revoke, tokens } from '@stackport/app';
import { buildServer } from '@stackport/server';
import type { Command } from 'commander';
import { actor, envOption, globals, run, withApp } from '../context.js';
import { EXIT, printData, say, table } from '../output.js';

export function auditCommand(program: Command): void {
  const audit = program.command('audit').description('the append-only, hash-chained audit log');

  audit
    .command('verify')
    .description('verify the hash chain end to end; exit 1 when a record was edited or deleted')
    .action(
      run(async (_o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const verdict = await withApp(g, (app) => app.verifyAudit());
        printData(g.json === true, verdict, () =>
          verdict.ok
            ? `audit log intact: ${verdict.count} records, head ${verdict.headHash}`
            : `AUDIT LOG BROKEN at record ${verdict.brokenAtSeq}: ${verdict.reason}`,
        );
        return verdict.ok ? EXIT.ok : EXIT.failure;
      }),
    );

  audit
    .command('log')
    .description('audit records in order')
    .addOption(
      envOption('--after <seq>', 'only records after this sequence number').argParser((v) => Number.parseInt(v, 10)),
    )
    .addOption(envOption('--limit <n>', 'how many').argParser((v) => Number.parseInt(v, 10)))
    .action(
      run(async (o: { after?: number; limit?: number }, cmd: Command) => {
        const g = globals(cmd);
        const records = await withApp(g, (app) =>
          app.listAudit({ ...(o.after === undefined ? {} : { afterSeq: o.after }), limit: o.limit ?? 100 }),
        );
        printData(g.json === true, records, () =>
          table([
            ['SEQ', 'AT', 'ACTOR', 'ACTION', 'SUBJECT'],
            ...records.map((r) => [r.seq, r.at, r.actor, r.action, r.subject]),
          ]),
        );
        return 0;
      }),
    );
}

export function tokensCommand(program: Command): void {
  const t = program.command('tokens').description('API tokens for the HTTP API and the console');

  t.command('create')
    .description('create a token; its secret is printed once')
    .addOption(envOption('--name <name>', 'who or what the token is for').makeOptionMandatory())
    .addOption(envOption('--role <role>', 'viewer | analyst | admin').default('viewer'))
    .action(
      run(async (o: { name: string; role: string }, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, (app) => createToken(app, { name: o.name, role: o.role }, actor(g)));
        printData(g.json === true, r, () => r.token);
        if (!g.json) say(`token ${r.info.id} (${r.info.role}) for ${r.info.name}: store it now, it is not shown again`);
        return 0;
      }),
    );

  t.command('list')
    .description('tokens (never their secret)')
    .action(
      run(async (_o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const list = await withApp(g, (app) => tokens(app));
        printData(g.json === true, list, () =>
          table([
            ['ID', 'NAME', 'ROLE', 'CREATED', 'REVOKED'],
            ...list.map((x) => [x.id, x.name, x.role, x.createdAt, x.revokedAt]),
          ]),
        );
        return 0;
      }),
    );

  t.command('revoke')
    .description('revoke a token')
    .argument('<id>')
    .action(
      run(async (id: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        await withApp(g, (app) => revoke(app, id, actor(g)));
        printData(g.json === true, { revoked: id }, () => `revoked ${id}`);
        return 0;
      }),
    );
}

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('start the HTTP API and web console (loads the bundled lists on first start)')
    .addOption(envOption('--host <host>', 'interface to listen on').default('127.0.0.1'))
    .addOption(envOption('--port <port>', 'port to listen on').default('8080'))
    .addOption(envOption('--log-level <level>', 'fatal | error | warn | info | debug | trace | silent').default('info'))
    .action(
      run(async (o: { host: string; port: string; logLevel: string }, cmd: Command) => {
        const g = globals(cmd);
        const config = loadConfig(process.env, {
          dataDir: g.dataDir,
          databaseUrl: g.databaseUrl,
          host: o.host,
          port: o.port,
          logLevel: o.logLevel,
        });
        const app = await openStackport(config);
        const boot = await bootstrapAdminToken(app, config.dataDir);
        if (boot) say(`first start: created an admin token, written to ${boot.file}\n  ${boot.token}`);
        const server = await buildServer({ app, logLevel: config.logLevel });
        const close = async () => {
          await server.close();
          await app.connection.close();
          process.exit(0);
        };
        process.once('SIGINT', close);
        process.once('SIGTERM', close);
        const address = await server.listen({ host: config.host, port: config.port });
        say(
          `Stackport on ${app.connection.engine} (${app.connection.where}) listening at ${address} — console ${address}/console/, API docs ${address}/docs`,
        );
        // The listening server keeps the process alive until a signal arrives.
        return undefined;
      }),
    );
}
