/** Opens Stackport on the configured store, loading the bundled lists on first start. */
import { connect } from '@stackport/store';
import { loadBundledLists } from './bundled.js';
import type { Config } from './config.js';
import { Stackport } from './stackport.js';

export async function openStackport(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  opts: { loadBundled?: boolean } = {},
): Promise<Stackport> {
  const connection = await connect({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const app = new Stackport({ connection });
  try {
    if (opts.loadBundled !== false) await loadBundledLists(app);
  } catch (err) {
    await connection.close();
    throw err;
  }
  return app;
}
