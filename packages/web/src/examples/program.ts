/**
 * The "start from the example" proposal: a copy of the core's EXAMPLE_PROPOSAL (packages/core/src/program/fixtures.ts),
 * a complete, compliant package, so the core stays out of the bundle; the browser test checks it stays equal.
 */
import type { Proposal } from '../program-api';
import example from './program-proposal.json';

export const EXAMPLE_PROPOSAL = example as Proposal;
