/**
 * Response schemas for the OpenAPI document. The screening result is the contract other tools
 * depend on, so it is spelt out field by field; the rest are described and typed loosely.
 * @module
 */
import { z } from 'zod';

const Alignment = z.object({ query: z.string(), list: z.string(), similarity: z.number(), how: z.string() });
export const Explanation = z
  .object({
    matchedName: z.string(),
    matchedNameKind: z.enum(['primary', 'alias', 'former', 'weak']),
    queryForm: z.string(),
    listForm: z.string(),
    alignment: z.array(Alignment).readonly(),
    unmatchedQueryTokens: z.array(z.string()).readonly(),
    unmatchedListTokens: z.array(z.string()).readonly(),
    nameScore: z.number(),
    adjustments: z.array(z.object({ reason: z.string(), points: z.number() })).readonly(),
  })
  .describe('Why the hit scored what it scored');

export const ScreenHit = z.object({
  id: z.string().describe('List entry key, e.g. EL:<_id> or UN:<DATAID>'),
  source: z.string().describe('List code: EL, MEU, UVL, DPL, SDN, UN…'),
  name: z.string().describe('The entry’s primary name'),
  matchedName: z.string().describe('The list name (primary or alias) that matched'),
  score: z.number().describe('0–100'),
  band: z.enum(['alert', 'review', 'below']),
  listVersionId: z.string().nullable(),
  explanation: Explanation,
});

export const ScreenResponse = z.object({
  query: z.object({ name: z.string(), country: z.string().optional(), type: z.string().optional() }).passthrough(),
  hits: z.array(ScreenHit),
  matcherVersion: z.string(),
  listVersions: z.array(z.string()).readonly().describe('The list versions screened against'),
  screenedAt: z.string(),
});

/** A success body documented by description only. */
export const described = (description: string) => z.unknown().describe(description);

/** RFC 9457 problem details, as every route documents its errors. */
export const Problem = z
  .object({ type: z.string(), title: z.string(), status: z.number(), code: z.string(), detail: z.string() })
  .passthrough()
  .describe('RFC 9457 problem details with a stable Stackport error code; see docs/errors.md');

/** The error responses of a route that validates input, authenticates, authorises, looks up and may conflict. */
export const problemResponses = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };

export const IdParams = z.object({ id: z.string().min(1).max(100) });
