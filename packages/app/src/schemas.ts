/**
 * Input and output schemas: one definition for the HTTP API (validation and OpenAPI), the CLI and
 * the console, so the same input is accepted or refused the same way everywhere.
 * @module
 */
import { DECISIONS, isCountryCode, MAX_NAME_LENGTH, PARTY_TYPES } from '@stackport/core';
import { z } from 'zod';
import { AppError } from './errors.js';

const countryCode = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine(isCountryCode, { message: 'unknown country code: use ISO 3166-1 alpha-2, e.g. CN' });

const partyName = z
  .string()
  .trim()
  .min(1, 'name is empty')
  .max(MAX_NAME_LENGTH, `name is longer than ${MAX_NAME_LENGTH} characters`)
  .refine((s) => !s.includes('\uFFFD'), 'name is not valid UTF-8');

export const IdentifierSchema = z.object({
  type: z.string().trim().min(1).max(200),
  number: z.string().trim().min(1).max(200),
  country: countryCode.optional(),
});

export const ScreenRequestSchema = z.object({
  name: partyName,
  country: countryCode.optional(),
  type: z.enum(PARTY_TYPES).optional(),
  identifiers: z.array(IdentifierSchema).max(50).optional(),
  limit: z.number().int().min(1).max(100).optional(),
});
export type ScreenRequest = z.infer<typeof ScreenRequestSchema>;

export const OwnerSchema = z.object({
  partyId: z.string().min(1),
  share: z.number().min(0).max(100).optional(),
});

export const PartyInputSchema = z.object({
  name: partyName,
  country: countryCode.optional(),
  type: z.enum(PARTY_TYPES).optional(),
  identifiers: z.array(IdentifierSchema).max(50).optional(),
  reference: z.string().trim().max(200).optional(),
  owners: z.array(OwnerSchema).max(200).optional(),
});
export type PartyInput = z.infer<typeof PartyInputSchema>;

export const DecisionSchema = z.object({
  decision: z.enum(DECISIONS),
  reason: z.string().trim().min(3, 'give a reason a reviewer or auditor can follow').max(4000),
});
export type DecisionInput = z.infer<typeof DecisionSchema>;

export const TokenInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  role: z.enum(['viewer', 'analyst', 'admin']),
});

/** Validates input against a schema, turning every issue into a detail of one SP_BAD_REQUEST. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
  throw new AppError('SP_BAD_REQUEST', details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
}
