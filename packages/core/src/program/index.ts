/**
 * American AI Exports Program (issue 6, pure core): proposal model and schema, requirements, completeness, automatic
 * checks over injected screening/classification/determination, US content, review state machine, export and catalog.
 * See docs/program.md.
 * @module
 */
export * from './adapters.js';
export * from './adjudications.js';
export * from './checks.js';
export * from './completeness.js';
export * from './export.js';
export * from './findings.js';
export * from './fixtures.js';
export * from './hash.js';
export * from './policy.js';
export * from './requirements.js';
export * from './review.js';
export * from './types.js';
export * from './us-content.js';
