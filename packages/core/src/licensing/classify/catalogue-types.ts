/** The bundled catalogue's record type. @module */
import type { Citation, ItemSpec } from '../types.js';

export type CatalogueCategory = 'accelerator' | 'gpu-consumer' | 'hbm' | 'sme' | 'system' | 'model';

/**
 * A known part: the facts as its sources state them (dense/sparse flagged), never the classification answer;
 * `classify` computes TPP/PD and the ECCN. Every number has a source in `sources` or `spec.sources`.
 */
export interface CataloguePart {
  readonly id: string;
  readonly name: string;
  readonly manufacturer: string;
  readonly category: CatalogueCategory;
  readonly spec: ItemSpec;
  readonly sources: Citation[];
  readonly notes?: string;
}
