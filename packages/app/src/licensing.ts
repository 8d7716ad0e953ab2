/**
 * License determination services: classify an item (a catalogue part or a spec) as of a date.
 * Determination, saved transactions, rule diffs and what-if build on this (see determine below).
 * @module
 */
import {
  CATALOGUE,
  type Classification,
  classify,
  findPart,
  type ItemSpec,
  LicensingInputError,
} from '@stackport/core';
import { z } from 'zod';
import { AppError } from './errors.js';
import type { Stackport } from './stackport.js';

export const ClassifyRequestSchema = z
  .object({
    partId: z.string().min(1).max(100).optional(),
    spec: z.record(z.string(), z.unknown()).optional(),
    asOf: z.iso.date().optional(),
  })
  .refine((v) => (v.partId === undefined) !== (v.spec === undefined), {
    message: 'give exactly one of partId or spec',
  });

/** A core input error becomes the shared SP_BAD_REQUEST, naming the field. */
export function licensingError(err: unknown): unknown {
  if (err instanceof LicensingInputError) {
    return new AppError('SP_BAD_REQUEST', `${err.path}: ${err.message}`, [
      { path: err.path, message: `${err.code}: ${err.message}` },
    ]);
  }
  return err;
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
  throw new AppError('SP_BAD_REQUEST', details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
}

export class Licensing {
  constructor(protected readonly app: Stackport) {}

  parts() {
    return CATALOGUE;
  }

  protected itemSpec(partId: string | undefined, spec: unknown): ItemSpec {
    if (partId !== undefined) {
      const part = findPart(partId);
      if (!part) {
        throw new AppError(
          'SP_BAD_REQUEST',
          `unknown part "${partId}": list them with GET /api/v1/parts or stackport parts`,
          [{ path: 'partId', message: 'unknown part' }],
        );
      }
      return part.spec;
    }
    return spec as ItemSpec;
  }

  classify(input: unknown): Classification {
    const req = parseWith(ClassifyRequestSchema, input);
    try {
      return classify(this.itemSpec(req.partId, req.spec), req.asOf ?? this.app.today());
    } catch (err) {
      throw licensingError(err);
    }
  }
}
