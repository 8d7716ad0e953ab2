import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Stackport } from '@stackport/app';
import { connect, freshTestLocation } from '@stackport/store';
import { describe, expect, it } from 'vitest';
import { buildServer } from './server.js';

const COMMITTED = fileURLToPath(new URL('../../../docs/openapi.json', import.meta.url));

// The OpenAPI document is committed (docs/openapi.json) so API changes show up in review.
// `npm run openapi` rewrites it; this test fails when the routes and the committed document differ.
describe('committed OpenAPI document', () => {
  it('matches the routes', async () => {
    const loc = await freshTestLocation('sqlite');
    const app = new Stackport({ connection: await connect(loc.location) });
    const server = await buildServer({ app, logLevel: 'silent' });
    await server.ready();
    const current = `${JSON.stringify(server.swagger(), null, 2)}\n`;
    await server.close();
    await app.connection.close();
    await loc.dispose();
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(COMMITTED, current);
    expect(existsSync(COMMITTED), 'docs/openapi.json is missing: run npm run openapi').toBe(true);
    expect(JSON.parse(current)).toEqual(JSON.parse(readFileSync(COMMITTED, 'utf8')));
  });
});
