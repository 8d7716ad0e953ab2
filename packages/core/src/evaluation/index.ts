/**
 * Model evaluation (issue 7, evaluation part, pure core): item model and bank checks, importers for public sets,
 * deterministic graders, judge prompt and parser, scores with standard errors, grader calibration, and the
 * OpenAI-compatible wire format. The shell (packages/app/src/evaluation.ts) sends requests and stores answers.
 * @module
 */
export * from './calibration.js';
export * from './chat.js';
export * from './graders.js';
export * from './importers.js';
export * from './items.js';
export * from './judge.js';
export * from './scoring.js';
export * from './text.js';
