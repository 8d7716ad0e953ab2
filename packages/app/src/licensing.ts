/**
 * License determination services: classify an item, determine a case (with every party screened
 * against the active lists), save it as a transaction, diff the rules between two dates, and replay
 * saved transactions under a draft rule pack (what-if).
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  type Answer,
  BUNDLED_RULES,
  CATALOGUE,
  type CaseFile,
  CaseFileSchema,
  type Classification,
  classify,
  type Determination,
  DraftRulePackSchema,
  determine,
  diffRules,
  entityListDesignation,
  findPart,
  type ItemSpec,
  ItemSpecSchema,
  LicensingInputError,
  MATCHER_VERSION,
  mergeRulePack,
  REVIEW_THRESHOLD,
  type RulePack,
  screen,
  validateCaseFile,
} from '@stackport/core';
import {
  appendAudit,
  getTransaction,
  insertTransaction,
  listTransactions,
  type SavedTransaction,
} from '@stackport/store';
import { z } from 'zod';
import { AppError } from './errors.js';
import type { Stackport } from './stackport.js';

/** Lists whose entries bear on a license determination. */
const DETERMINATION_LISTS = new Set(['EL', 'MEU', 'UVL', 'DPL', 'SDN', 'ISN', 'DTC', 'FSE', 'UN']);

export const ClassifyRequestSchema = z
  .object({
    partId: z.string().min(1).max(100).optional(),
    spec: ItemSpecSchema.optional(),
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

/** One party's screening against the active lists, shown beside the determination. */
export interface PartyGate {
  readonly role: string;
  readonly name: string;
  /** `unresolved`: hits on lists that matter here and the case does not declare the party listed. */
  readonly status: 'clear' | 'unresolved';
  readonly hits: readonly {
    readonly entryKey: string;
    readonly source: string;
    readonly name: string;
    readonly score: number;
    readonly band: string;
    readonly entityListFootnotes?: readonly number[];
  }[];
}

export interface ScreeningGate {
  readonly status: 'clear' | 'unresolved';
  readonly parties: readonly PartyGate[];
  readonly matcherVersion: string;
  readonly listVersions: readonly string[];
}

export interface DeterminationResult {
  readonly determination: Determination;
  readonly classification: Classification;
  /**
   * Every party's name screened against the active lists. A "no license" answer is only as good as
   * the party facts: unresolved hits must be adjudicated (and declared in the case) first, and until
   * then the summary answer is `unknown`.
   */
  readonly screening: ScreeningGate;
  readonly summary: { readonly licenseRequired: Answer; readonly reviewPolicy: string | null };
  readonly transactionId?: string;
}

/** The one-line answer used in lists: the enforced layer, held at unknown by an unresolved screening gate. */
export function summarize(d: Determination, gate: 'clear' | 'unresolved'): DeterminationResult['summary'] {
  const answer = d.licenseRequired === 'no' && gate === 'unresolved' ? 'unknown' : d.licenseRequired;
  return { licenseRequired: answer, reviewPolicy: d.reviewPolicy?.policy ?? null };
}

const DateRange = z.object({ from: z.iso.date(), to: z.iso.date() });

export class Licensing {
  constructor(
    protected readonly app: Stackport,
    readonly rules: RulePack = BUNDLED_RULES,
  ) {}

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

  private caseFile(input: unknown): CaseFile {
    return parseWith(CaseFileSchema, input) as CaseFile;
  }

  private classificationOf(caseFile: CaseFile): Classification {
    const item = caseFile.item;
    return classify(
      'partId' in item ? this.itemSpec(item.partId, undefined) : (item.spec as ItemSpec),
      caseFile.shipDate,
    );
  }

  private async screeningGate(caseFile: CaseFile): Promise<ScreeningGate> {
    const loaded = await this.app.index();
    const parties: PartyGate[] = caseFile.parties.map((p) => {
      const hits = screen(loaded.index, { name: p.name, country: p.country }, { limit: 5, minScore: REVIEW_THRESHOLD })
        .filter((h) => DETERMINATION_LISTS.has(h.source))
        .map((h) => {
          const entry = loaded.entries.get(h.entryKey)?.entry;
          const el = entry ? entityListDesignation(entry) : undefined;
          return {
            entryKey: h.entryKey,
            source: h.source,
            name: h.name,
            score: h.score,
            band: h.band,
            ...(el ? { entityListFootnotes: el.footnotes } : {}),
          };
        });
      // A party the case declares listed has been looked at; otherwise any hit is unresolved.
      const declared = Boolean(p.entityList || p.meu);
      return { role: p.role, name: p.name, status: hits.length > 0 && !declared ? 'unresolved' : 'clear', hits };
    });
    return {
      status: parties.some((p) => p.status === 'unresolved') ? 'unresolved' : 'clear',
      parties,
      matcherVersion: MATCHER_VERSION,
      listVersions: loaded.versionIds,
    };
  }

  /** Determines a case. With `save`, stores it as a transaction and records it in the audit log, together. */
  async determine(
    input: unknown,
    actor: string,
    opts: { save?: boolean; reference?: string } = {},
  ): Promise<DeterminationResult> {
    const caseFile = this.caseFile(input);
    let classification: Classification;
    let determination: Determination;
    try {
      // Case facts first (dates, countries, contradictions), so errors name the case file's own fields.
      validateCaseFile(caseFile, this.rules);
      classification = this.classificationOf(caseFile);
      determination = determine(caseFile, classification, this.rules);
    } catch (err) {
      throw licensingError(err);
    }
    const screening = await this.screeningGate(caseFile);
    const summary = summarize(determination, screening.status);
    if (!opts.save) return { determination, classification, screening, summary };
    const id = randomUUID();
    const at = this.app.now().toISOString();
    const saved: SavedTransaction = {
      id,
      reference: opts.reference ?? null,
      caseFile,
      determination: { determination, classification, screening, summary },
      rulePackId: this.rules.id,
      rulePackVersion: this.rules.version,
      shipDate: caseFile.shipDate,
      eccn: classification.eccn,
      destination: caseFile.destination,
      licenseRequired: summary.licenseRequired,
      reviewPolicy: summary.reviewPolicy,
      createdAt: at,
      createdBy: actor,
    };
    await this.app.connection.db.transaction().execute(async (trx) => {
      await insertTransaction(trx, saved);
      await appendAudit(trx, this.app.connection.engine, {
        at,
        actor,
        action: 'determination.save',
        subject: `transaction:${id}`,
        data: {
          reference: saved.reference,
          eccn: saved.eccn,
          destination: saved.destination,
          shipDate: saved.shipDate,
          licenseRequired: summary.licenseRequired,
          reviewPolicy: summary.reviewPolicy,
          outcome: determination.outcome,
          rulePack: `${this.rules.id}@${this.rules.version}`,
          screening: screening.status,
          listVersions: screening.listVersions,
        },
      });
    });
    return { determination, classification, screening, summary, transactionId: id };
  }

  async transactions(opts: { limit?: number; offset?: number } = {}) {
    return listTransactions(this.app.connection.db, opts);
  }

  async transaction(id: string): Promise<SavedTransaction> {
    const t = await getTransaction(this.app.connection.db, id);
    if (!t) throw new AppError('SP_NOT_FOUND', `no transaction ${id}`);
    return t;
  }

  rulesDiff(input: { from?: unknown; to?: unknown }) {
    const { from, to } = parseWith(DateRange, input);
    try {
      return {
        rulePack: { id: this.rules.id, version: this.rules.version },
        from,
        to,
        changes: diffRules(this.rules, from, to),
      };
    } catch (err) {
      throw licensingError(err);
    }
  }

  /**
   * What-if: applies a draft rule pack to every saved transaction and lists those whose outcome
   * changes. Nothing is saved; the run is recorded in the audit log.
   */
  async whatIf(draftInput: unknown, actor: string) {
    const draft = parseWith(DraftRulePackSchema, draftInput);
    let merged: RulePack;
    try {
      merged = mergeRulePack(this.rules, draft);
    } catch (err) {
      throw licensingError(err);
    }
    const changed = [];
    let unchanged = 0;
    for (const t of await listTransactions(this.app.connection.db)) {
      const caseFile = t.caseFile as CaseFile;
      const classification = this.classificationOf(caseFile);
      const before = determine(caseFile, classification, this.rules);
      const after = determine(caseFile, classification, merged);
      const b = summarize(before, 'clear');
      const a = summarize(after, 'clear');
      if (b.licenseRequired === a.licenseRequired && b.reviewPolicy === a.reviewPolicy) {
        unchanged++;
        continue;
      }
      const newRequirements = after.requirements
        .filter((r) => !before.requirements.some((x) => x.id === r.id))
        .map((r) => ({ id: r.id, text: r.text }));
      changed.push({
        transactionId: t.id,
        reference: t.reference,
        eccn: t.eccn,
        destination: t.destination,
        shipDate: t.shipDate,
        before: b,
        after: a,
        newRequirements,
      });
    }
    await this.app.audit(actor, 'rules.what-if', `rule-pack:${merged.id}@${merged.version}`, {
      base: `${this.rules.id}@${this.rules.version}`,
      changed: changed.length,
      unchanged,
    });
    return {
      base: { id: this.rules.id, version: this.rules.version },
      draft: { id: merged.id, version: merged.version },
      changed,
      unchanged,
    };
  }
}
