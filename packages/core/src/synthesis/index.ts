/** Nucleic-acid synthesis order screening (issue 8, pure core): FASTA intake, policy, index, screening, split orders, exchange. @module */
export * from './concern-index.js';
export * from './evaluate.js';
export * from './exchange.js';
export * from './fasta.js';
export * from './policy.js';
export * from './rescreen.js';
export * from './screen.js';
export type { RawRegion, SearchParams, SearchStats } from './search.js';
export { searchTable } from './search.js';
export * from './sequence.js';
export * from './split-order.js';
export * from './synthetic.js';
