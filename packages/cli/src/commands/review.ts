/** `stackport parties`, `stackport hits`: saved parties and the review queue. */
import { AppError } from '@stackport/app';
import type { Command } from 'commander';
import { actor, envOption, globals, run, withApp } from '../context.js';
import { printData, table } from '../output.js';

/** `--owner ID:SHARE` (share optional: `ID` alone means share unknown). */
function parseOwner(value: string, previous: { partyId: string; share?: number }[] = []) {
  const [partyId, share] = value.split(':');
  if (!partyId) throw new AppError('SP_BAD_REQUEST', `--owner ${value}: expected PARTY_ID[:SHARE]`);
  return [...previous, share === undefined || share === '' ? { partyId } : { partyId, share: Number(share) }];
}

export function partiesCommand(program: Command): void {
  const parties = program
    .command('parties')
    .description('saved parties (customers, consignees, end users): screened on save and on every list update');

  parties
    .command('add')
    .description('save a party and screen it')
    .argument('<name>', 'the party name')
    .addOption(envOption('--country <code>', 'ISO-2 country'))
    .addOption(envOption('--type <type>', 'person | organization | vessel | aircraft'))
    .addOption(envOption('--reference <ref>', 'your own reference (ERP id…)'))
    .addOption(
      envOption('--owner <id:share>', 'an owner (a saved party) and its share in percent; repeatable').argParser(
        parseOwner,
      ),
    )
    .action(
      run(
        async (
          name: string,
          o: { country?: string; type?: string; reference?: string; owner?: { partyId: string; share?: number }[] },
          cmd: Command,
        ) => {
          const g = globals(cmd);
          const r = await withApp(g, (app) =>
            app.createParty(
              {
                name,
                ...(o.country ? { country: o.country } : {}),
                ...(o.type ? { type: o.type } : {}),
                ...(o.reference ? { reference: o.reference } : {}),
                ...(o.owner ? { owners: o.owner } : {}),
              },
              actor(g),
            ),
          );
          printData(
            g.json === true,
            r,
            () => `saved party ${r.party.id}: ${r.screening.opened} hits opened for review`,
          );
          return 0;
        },
      ),
    );

  parties
    .command('show')
    .description('a party with its hits, screenings and ownership finding')
    .argument('<id>')
    .action(
      run(async (id: string, _o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const r = await withApp(g, (app) => app.getParty(id));
        printData(g.json === true, r, () =>
          [
            `${r.party.name} (${r.party.country ?? 'no country'}, ${r.party.type ?? 'type not given'}) ${r.party.id}`,
            `ownership: ${r.ownership.outcome}${r.ownership.aggregateShare ? ` (${r.ownership.aggregateShare}% held by listed owners)` : ''}`,
            '',
            table([
              ['HIT', 'STATUS', 'SCORE', 'SOURCE', 'ENTRY'],
              ...r.hits.map((h) => [h.id, h.status, h.score.toFixed(1), h.source, h.entryName]),
            ]),
          ].join('\n'),
        );
        return 0;
      }),
    );

  parties
    .command('list')
    .description('saved parties')
    .action(
      run(async (_o: unknown, cmd: Command) => {
        const g = globals(cmd);
        const list = await withApp(g, (app) => app.listParties());
        printData(g.json === true, list, () =>
          table([['ID', 'NAME', 'COUNTRY', 'TYPE'], ...list.map((p) => [p.id, p.name, p.country, p.type])]),
        );
        return 0;
      }),
    );
}

export function hitsCommand(program: Command): void {
  const hits = program.command('hits').description('the hit review queue');

  hits
    .command('list')
    .description('hits, highest score first')
    .addOption(envOption('--status <status>', 'open | true_match | false_positive | escalated'))
    .addOption(envOption('--party <id>', 'only this party’s hits'))
    .action(
      run(async (o: { status?: string; party?: string }, cmd: Command) => {
        const g = globals(cmd);
        if (o.status && !['open', 'true_match', 'false_positive', 'escalated'].includes(o.status)) {
          throw new AppError(
            'SP_BAD_REQUEST',
            `--status ${o.status}: expected open, true_match, false_positive or escalated`,
          );
        }
        const list = await withApp(g, (app) =>
          app.listHits({ status: o.status as 'open' | undefined, partyId: o.party }),
        );
        printData(g.json === true, list, () =>
          table([
            ['HIT', 'STATUS', 'SCORE', 'SOURCE', 'ENTRY', 'MATCHED', 'PARTY'],
            ...list.map((h) => [h.id, h.status, h.score.toFixed(1), h.source, h.entryName, h.matchedName, h.partyId]),
          ]),
        );
        return 0;
      }),
    );

  hits
    .command('decide')
    .description('adjudicate a hit: true_match, false_positive or escalated, with a reason')
    .argument('<id>', 'the hit id')
    .addOption(envOption('--decision <decision>', 'true_match | false_positive | escalated').makeOptionMandatory())
    .addOption(envOption('--reason <text>', 'why: kept in the audit log').makeOptionMandatory())
    .action(
      run(async (id: string, o: { decision: string; reason: string }, cmd: Command) => {
        const g = globals(cmd);
        const hit = await withApp(g, (app) => app.decide(id, { decision: o.decision, reason: o.reason }, actor(g)));
        printData(g.json === true, hit, () => `hit ${hit.id} is now ${hit.status}`);
        return 0;
      }),
    );
}
