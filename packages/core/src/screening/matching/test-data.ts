/**
 * Where the evaluation data is, for tests and benchmarks: the labelled sets bundled in
 * data/eval/screening, and the large synthetic negatives beside the repository in
 * ../shared/data/screening (or STACKPORT_SHARED_DATA).
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../../../../', import.meta.url));

const BUNDLED: Record<string, string> = {
  'opensanctions_nomenklatura_cases.csv': 'nomenklatura-cases.csv',
  'moov-io_watchman_cascade-name-pairs.csv': 'watchman-cascade-name-pairs.csv',
  'moov-io_watchman_cross_script_pairs.csv': 'watchman-cross-script-pairs.csv',
  'opensanctions_yente_positives_un_treated.csv': 'yente-positives-un-treated.csv',
  'opensanctions_yente_positives_un_untreated.csv': 'yente-positives-un-untreated.csv',
};

/** Path of an evaluation file, by its name in shared/data/screening. */
export function evalDataPath(file: string): string {
  const bundled = BUNDLED[file];
  if (bundled) return `${REPO}data/eval/screening/${bundled}`;
  if (file === 'moov-io_watchman_csl.csv') return `${REPO}data/screening/csl.csv`;
  if (file === 'moov-io_watchman_UN_consolidated.xml') return `${REPO}data/screening/un-consolidated.xml`;
  const shared = process.env.STACKPORT_SHARED_DATA ?? `${REPO}../shared/data`;
  const path = `${shared}/screening/${file}`;
  if (!existsSync(path))
    throw new Error(`${file} not found in ${shared}/screening: set STACKPORT_SHARED_DATA to the shared data directory`);
  return path;
}
