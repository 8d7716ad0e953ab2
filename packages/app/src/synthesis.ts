/**
 * Nucleic-acid synthesis order screening (issue 8) over the store: concern databases, order intake (FASTA with DNA,
 * RNA and protein records), sequence screening (core `screenOrder`), customer screening through the restricted-party
 * index of the `Stackport` service, split-order detection across one customer's orders, the expert decision
 * workflow, 3-year retention, and the keyed-hash exchange between providers. Every change and its audit record
 * commit in one transaction; bad input is refused before anything is written. Method and limits: docs/synthesis.md.
 * @module
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  buildConcernIndex,
  type ConcernIndex,
  checkBulletin,
  type DeltaScreened,
  deltaConcerns,
  deltaScreen,
  detectSplitOrders,
  diffConcerns,
  EXCHANGE_FORMAT,
  type ExchangeBulletin,
  type FastaParseResult,
  isCountryCode,
  isoDay,
  MATCHER_VERSION,
  matchesOfScreenings,
  type OrderInput,
  type OrderScreening,
  type PartyType,
  parseFasta,
  policyAt,
  publishBulletin,
  REVIEW_THRESHOLD,
  type RescreenMatch,
  type SplitOrderFinding,
  screen,
  screenOrder,
} from '@stackport/core';
import {
  activeConcernSet,
  appendAudit,
  type ConcernSet,
  concernSetFasta,
  type Database,
  decisionsOfOrder,
  deleteSynthesisOrders,
  expiredSynthesisOrders,
  findSynthesisCustomer,
  getConcernSet,
  getSynthesisOrder,
  holdActiveConcernSet,
  insertConcernSet,
  insertRescreenFinding,
  insertScreening,
  insertSynthesisDecision,
  insertSynthesisOrder,
  listConcernSets,
  listSynthesisOrders,
  ordersOfCustomer,
  type RescreenCandidate,
  rescreenCandidates,
  rescreenFindingKeys,
  rescreenFindingsOfOrder,
  type StoredSynthesisOrder,
  SYNTHESIS_ORDER_STATUSES,
  type SynthesisDecision,
  type SynthesisDecisionKind,
  type SynthesisOrderStatus,
  type SynthesisRescreenFinding,
  type SynthesisReviewItem,
  saveSynthesisCustomer,
  supersedeConcernSets,
  updateSynthesisOrder,
} from '@stackport/store';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { AppError } from './errors.js';
import { parseWith } from './licensing.js';
import type { Stackport } from './stackport.js';

/** Orders are kept at least this long after receipt and after their last decision. */
export const SYNTHESIS_RETENTION_YEARS = 3;
/** How far back split-order detection looks at the customer's earlier orders (our choice [U]; docs/synthesis.md). */
export const SPLIT_ORDER_LOOKBACK_DAYS = 90;
/** Statuses from which a decision is final for the purge: only these are ever deleted, and only after retention. */
const PURGEABLE: readonly SynthesisOrderStatus[] = ['fulfilled', 'denied', 'reported'];
/** Statuses still open to a decision: a re-screen Flag sends these back to pending-review. */
const OPEN: readonly SynthesisOrderStatus[] = ['pending-review', 'ready', 'held'];
/** Stored orders read per page when a concern database import re-screens them. */
const RESCREEN_PAGE = 200;
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

const Country = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine(isCountryCode, { message: 'unknown country code: use ISO 3166-1 alpha-2, e.g. DE' });
const Text = (max: number, what: string) => z.string().trim().min(1, `${what} is empty`).max(max);
const IsoTime = z.iso.datetime({ offset: true });

export const SynthesisCustomerSchema = z
  .object({
    /** The provider's account id; default: the e-mail address, lower-cased. Orders of one account are one customer. */
    account: z.string().trim().min(1).max(200).optional(),
    name: Text(300, 'customer name'),
    email: z.email('not an e-mail address').max(320),
    institution: Text(300, 'institution'),
    /** Country of the institution (ISO 3166-1 alpha-2). */
    country: Country,
    /** Address of the institution. */
    address: Text(1000, 'institution address'),
    shippingAddress: Text(1000, 'shipping address'),
    shippingCountry: Country,
  })
  .strict();
export type SynthesisCustomerInput = z.input<typeof SynthesisCustomerSchema>;

export const SynthesisOrderInputSchema = z
  .object({
    /** The provider's order reference. */
    reference: z.string().trim().min(1).max(200).optional(),
    customer: SynthesisCustomerSchema,
    endUseStatement: z.string().trim().min(10, 'state the intended end use (at least 10 characters)').max(10_000),
    /** The end user, when it is not the institution. */
    endUser: z
      .object({ name: Text(300, 'end-user name'), country: Country })
      .strict()
      .optional(),
    fasta: z.string().min(1, 'the order has no FASTA text').max(60_000_000),
    /** Forces the kind of every record (a protein order written only with A/C/G/T letters). */
    kind: z.enum(['dna', 'rna', 'protein']).optional(),
    receivedAt: IsoTime.optional(),
  })
  .strict();
export type SynthesisOrderInput = z.input<typeof SynthesisOrderInputSchema>;

export const SynthesisDecisionSchema = z
  .object({
    decision: z.enum(['fulfil', 'hold', 'deny', 'report']),
    reason: z.string().trim().min(3, 'give a reason a reviewer or auditor can follow').max(4000),
    /** The decider attests to deciding as the biosecurity expert on the order's review items. */
    expert: z.boolean().optional(),
  })
  .strict();

export const ConcernImportSchema = z
  .object({
    fasta: z.string().min(1, 'the concern database is empty'),
    name: z.string().trim().min(1).max(200).optional(),
    fileName: z.string().trim().min(1).max(300).optional(),
    provenance: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const SynthesisOrderQuerySchema = z.object({
  status: z.enum(SYNTHESIS_ORDER_STATUSES as [SynthesisOrderStatus, ...SynthesisOrderStatus[]]).optional(),
  /** Customer account. */
  customer: z.string().max(200).optional(),
  /** Only orders with a re-screen Flag found after they were decided (the follow-up queue). */
  followUp: z
    .union([z.boolean(), z.enum(['true', 'false'])])
    .transform((v) => v === true || v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const ExchangeKey = z.string().min(16, 'the exchange key must have at least 16 characters').max(1000);
const Hex = z.string().regex(/^[0-9a-f]{16,64}$/, 'a hex window hash');

export const BulletinExportSchema = z
  .object({
    /** Customer account. */
    customer: z.string().trim().min(1).max(200),
    provider: Text(200, 'provider'),
    key: ExchangeKey,
    /** Orders received in the last `days` days. */
    days: z.number().int().min(1).max(3650).default(SPLIT_ORDER_LOOKBACK_DAYS),
  })
  .strict();

export const ExchangeBulletinSchema = z
  .object({
    format: z.literal(EXCHANGE_FORMAT),
    provider: Text(200, 'provider'),
    customerToken: z.string().regex(/^c-[0-9a-f]{16,64}$/, 'a customer token c-<hex>'),
    date: z.iso.date(),
    windowNt: z.number().int().min(16).max(200),
    truncateBytes: z.number().int().min(8).max(32),
    concernWindows: z.array(Hex).max(10_000_000),
    orderWindows: z.array(Hex).max(10_000_000),
  })
  .strict();

export const BulletinCheckSchema = z.object({ bulletin: ExchangeBulletinSchema, key: ExchangeKey }).strict();

export const SynthesisPurgeSchema = z.object({ now: IsoTime.optional() }).strict();

/** A screened name of the order (customer, institution, end user) and its hits at or above the review threshold. */
export interface PartyCheck {
  readonly role: 'customer' | 'institution' | 'end-user';
  readonly name: string;
  readonly country: string;
  readonly hits: ReturnType<Stackport['describeHits']>;
}

export interface CustomerScreening {
  readonly matcherVersion: string;
  readonly listVersions: readonly string[];
  readonly parties: readonly PartyCheck[];
  readonly shippingCountry: string;
  readonly institutionCountry: string;
  readonly addressMismatch: boolean;
}

export interface SynthesisOrderView extends StoredSynthesisOrder {
  readonly requiresExpertReview: boolean;
  readonly decisions: readonly SynthesisDecision[];
  /** Matches against concerns added or changed by later concern database versions (oldest first). */
  readonly rescreenFindings: readonly SynthesisRescreenFinding[];
}

/** What a concern database import did to the stored orders (all zero when nothing was re-screened). */
export interface ConcernRescreenSummary {
  /** The set that was active before, whose concerns the delta is taken against; null for the first import. */
  readonly previousSet: string | null;
  readonly delta: { added: number; changed: number; removed: number; unchanged: number };
  /** Stored orders screened against the added and changed concerns. */
  ordersScreened: number;
  /** New findings stored (Flags and Warnings), and of them Flags and Warnings. */
  findings: number;
  flags: number;
  warnings: number;
  /** Matches already recorded (by an earlier re-screen, or at intake against the same concern content). */
  alreadyRecorded: number;
  /** Open orders given a `rescreen-flag` review item, and of them those moved back to pending-review. */
  ordersToReview: number;
  reopened: number;
  /** Decided orders (fulfilled, denied, reported) with a new Flag for follow-up; their history is unchanged. */
  followUps: number;
  readonly followUpOrders: string[];
}

export interface ConcernImportResult {
  readonly set: ConcernSet;
  readonly unchanged: boolean;
  readonly warnings: string[];
  readonly rescreen: ConcernRescreenSummary;
}

const noRescreen = (previousSet: string | null = null): ConcernRescreenSummary => ({
  previousSet,
  delta: { added: 0, changed: 0, removed: 0, unchanged: 0 },
  ordersScreened: 0,
  findings: 0,
  flags: 0,
  warnings: 0,
  alreadyRecorded: 0,
  ordersToReview: 0,
  reopened: 0,
  followUps: 0,
  followUpOrders: [],
});

/** The active concern set changed between screening an order and storing it: screen it again. */
class StaleConcernSet extends AppError {
  constructor() {
    super('SP_CONFLICT', 'the concern database changed while the order was being screened: submit it again');
  }
}

/** The concern index of the active set, built once per Stackport instance and set, rebuilt after an import. */
const INDEX_CACHE = new WeakMap<Stackport, { set: ConcernSet; index: ConcernIndex }>();

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function addYears(iso: string, years: number): string {
  const d = new Date(iso);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString();
}

/** Refuses a FASTA text with an order-level rejection, a record error, or no record; names each bad record. */
function refuseBadFasta(what: string, parsed: FastaParseResult): void {
  if (parsed.rejection)
    throw new AppError('SP_BAD_REQUEST', `${what}: ${parsed.rejection.message}`, [
      { path: 'fasta', message: parsed.rejection.message },
    ]);
  const errors = parsed.issues.filter((i) => i.severity === 'error');
  if (errors.length) {
    const ids = [...new Set(errors.map((i) => `'${i.recordId}'`))];
    const details = errors.slice(0, 200).map((i) => ({
      path: `fasta: record ${i.recordId}, line ${i.line}${i.column !== undefined ? `, column ${i.column}` : ''}`,
      message: i.message,
    }));
    throw new AppError(
      'SP_BAD_REQUEST',
      `${what} has ${errors.length} error(s) in record(s) ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''}: ${errors[0]?.message}${errors.length > 1 ? ' (see errors for the rest)' : ''}`,
      details,
    );
  }
  if (parsed.records.length === 0)
    throw new AppError('SP_BAD_REQUEST', `${what} has no sequence record (no '>' header)`, [
      { path: 'fasta', message: 'no records' },
    ]);
}

type DecisionRule = { readonly to: SynthesisOrderStatus; readonly from: readonly SynthesisOrderStatus[] };
const DECISIONS: Record<SynthesisDecisionKind, DecisionRule> = {
  fulfil: { to: 'fulfilled', from: ['pending-review', 'ready', 'held'] },
  hold: { to: 'held', from: ['pending-review', 'ready'] },
  deny: { to: 'denied', from: ['pending-review', 'ready', 'held'] },
  report: { to: 'reported', from: ['pending-review', 'ready', 'held', 'denied'] },
};

export class SynthesisService {
  readonly #lookbackDays: number;

  constructor(
    private readonly app: Stackport,
    opts: { splitLookbackDays?: number } = {},
  ) {
    this.#lookbackDays = opts.splitLookbackDays ?? SPLIT_ORDER_LOOKBACK_DAYS;
  }

  private get db() {
    return this.app.connection.db;
  }

  private get engine() {
    return this.app.connection.engine;
  }

  // ---- concern databases ------------------------------------------------------------------------------------

  /** The active concern set and its index (cached; rebuilt when another set became active). */
  async concernIndex(): Promise<{ set: ConcernSet; index: ConcernIndex }> {
    const set = await activeConcernSet(this.db);
    if (!set)
      throw new AppError(
        'SP_CONFLICT',
        'no concern database is active: an admin imports one first (stackport synthesis concerns import FILE)',
      );
    const cached = INDEX_CACHE.get(this.app);
    if (cached?.set.id === set.id) return cached;
    const fasta = (await concernSetFasta(this.db, set.id)) ?? '';
    const loaded = { set, index: buildConcernIndex(parseFasta(fasta).records) };
    INDEX_CACHE.set(this.app, loaded);
    return loaded;
  }

  async concernSets(): Promise<ConcernSet[]> {
    return listConcernSets(this.db);
  }

  /**
   * Imports a provider-supplied database of sequences of concern (FASTA, ids required) as the new active set. A bad
   * record refuses the whole file, naming the record; the same file as the active set changes nothing. Every stored
   * order is re-screened against the concerns the new set adds or changes (see {@link rescreenIn}), in the import's
   * transaction: the set, the findings, the orders' new review items and every audit record commit together.
   */
  async importConcerns(input: unknown, actor: string): Promise<ConcernImportResult> {
    const data = parseWith(ConcernImportSchema, input);
    const parsed = parseFasta(data.fasta);
    refuseBadFasta('the concern database', parsed);
    const warnings = parsed.issues.filter((i) => i.severity === 'warning').map((i) => i.message);
    const digest = sha256(data.fasta);
    const active = await activeConcernSet(this.db);
    if (active?.sha256 === digest) return { set: active, unchanged: true, warnings, rescreen: noRescreen(active.id) };
    const index = buildConcernIndex(parsed.records);
    const at = this.app.now().toISOString();
    const set: ConcernSet = {
      id: randomUUID(),
      name: data.name ?? data.fileName ?? `concern database ${at.slice(0, 10)}`,
      fileName: data.fileName ?? null,
      sha256: digest,
      indexVersion: index.version,
      importedAt: at,
      importedBy: actor,
      status: 'active',
      dnaCount: index.concerns.filter((c) => c.kind === 'dna').length,
      proteinCount: index.concerns.filter((c) => c.kind === 'protein').length,
      residueCount: index.concerns.reduce((s, c) => s + c.length, 0),
      provenance: data.provenance ?? {},
    };
    const rescreen = await this.db.transaction().execute(async (trx) => {
      // Superseding first locks the active row (PostgreSQL): an order being stored against it commits before the
      // re-screen below reads the orders, or sees the set superseded and is screened again (submitOrder).
      const superseded = await supersedeConcernSets(trx);
      const previous = (await Promise.all(superseded.map((id) => getConcernSet(trx, id))))
        .filter((x): x is ConcernSet => x !== undefined)
        .sort((a, b) => (a.importedAt < b.importedAt ? 1 : -1))[0];
      await insertConcernSet(trx, set, data.fasta);
      const summary = previous
        ? await this.rescreenIn(trx, { set, previous, records: parsed.records, at, actor })
        : noRescreen();
      await appendAudit(trx, this.engine, {
        at,
        actor,
        action: 'synthesis.concerns.import',
        subject: `synthesis-concern-set:${set.id}`,
        data: {
          name: set.name,
          fileName: set.fileName,
          sha256: digest,
          indexVersion: set.indexVersion,
          dnaCount: set.dnaCount,
          proteinCount: set.proteinCount,
          residueCount: set.residueCount,
          provenance: set.provenance,
          superseded,
          rescreen: summary,
        },
      });
      return summary;
    });
    INDEX_CACHE.set(this.app, { set, index });
    return { set, unchanged: false, warnings, rescreen };
  }

  /**
   * Re-screens every stored order against the concerns `set` adds or changes relative to `previous` (delta
   * screening: the intake matcher over an index of those concerns only, under the policy of each order's receipt
   * date; split orders among the same customer's orders within the look-back window). Each new match is stored as a
   * finding with the set version, concern id and content digest, records and windows. A Flag on an open order
   * (pending-review, ready, held) adds a `rescreen-flag` review item and moves it to pending-review, so fulfilment
   * needs an expert decision; a Flag on a decided order (fulfilled, denied, reported) is a follow-up finding and its
   * status, review items and decisions stay as they were. A match already recorded (same order, concern id and
   * content, by an earlier re-screen or at intake) is skipped. Nothing is ever cleared. Runs in the caller's
   * transaction; one audit record per order changed.
   */
  private async rescreenIn(
    trx: Transaction<Database>,
    ctx: {
      set: ConcernSet;
      previous: ConcernSet;
      records: FastaParseResult['records'];
      at: string;
      actor: string;
    },
  ): Promise<ConcernRescreenSummary> {
    const { set, previous, at, actor } = ctx;
    const parsedPrevious = parseFasta((await concernSetFasta(trx, previous.id)) ?? '').records;
    const delta = diffConcerns(parsedPrevious, ctx.records);
    const summary = noRescreen(previous.id);
    Object.assign(summary.delta, {
      added: delta.added.length,
      changed: delta.changed.length,
      removed: delta.removed.length,
      unchanged: delta.unchanged,
    });
    const concerns = deltaConcerns(ctx.records, delta);
    if (concerns.length === 0) return summary;
    const deltaIndex = buildConcernIndex(concerns);

    // Every stored order (only orders within their retention are stored), a page at a time; keep the few that match.
    const screened: DeltaScreened[] = [];
    const candidates = new Map<string, RescreenCandidate>();
    for (let after = ''; ; ) {
      const page = await rescreenCandidates(trx, after, RESCREEN_PAGE);
      if (page.length === 0) break;
      for (const o of page) {
        summary.ordersScreened++;
        const d = deltaScreen(deltaIndex, {
          id: o.id,
          customer: o.customerId,
          date: o.receivedAt,
          records: o.records.map((r) => ({ id: r.id, sequence: r.sequence, kind: r.kind })),
        });
        if (d.screening.records.some((r) => r.regions.length > 0)) {
          screened.push(d);
          candidates.set(o.id, o);
        }
      }
      after = page[page.length - 1]?.id ?? after;
    }
    const matches = matchesOfScreenings(screened, { lookbackDays: this.#lookbackDays });
    if (matches.length === 0) return summary;

    // Already recorded: by an earlier re-screen (same order, concern id and content), or at intake, when the set the
    // order was screened against held the same concern content.
    const recorded = await rescreenFindingKeys(trx, [...new Set(matches.map((m) => m.orderId))]);
    const digestsOfSet = new Map<string, Map<string, string>>([
      [previous.id, new Map(Object.entries(diffConcerns([], parsedPrevious).digests))],
    ]);
    const intakeDigest = async (setId: string, concernId: string) => {
      let m = digestsOfSet.get(setId);
      if (!m) {
        const records = parseFasta((await concernSetFasta(trx, setId)) ?? '').records;
        m = new Map(Object.entries(diffConcerns([], records).digests));
        digestsOfSet.set(setId, m);
      }
      return m.get(concernId);
    };
    const byOrder = new Map<string, RescreenMatch[]>();
    for (const m of matches) {
      const digest = delta.digests[m.concernId] as string;
      const order = candidates.get(m.orderId) as RescreenCandidate;
      if (
        recorded.has(`${m.orderId} ${m.concernId} ${digest}`) ||
        (await intakeDigest(order.concernSetId, m.concernId)) === digest
      ) {
        summary.alreadyRecorded++;
        continue;
      }
      byOrder.set(m.orderId, [...(byOrder.get(m.orderId) ?? []), m]);
    }

    const changedIds = new Set(delta.changed);
    for (const [orderId, found] of byOrder) {
      const candidate = candidates.get(orderId) as RescreenCandidate;
      const open = OPEN.includes(candidate.status);
      const flags = found.filter((m) => m.requiresExpertReview);
      const findings: SynthesisRescreenFinding[] = found.map((m) => {
        const { orderId: _o, concernId, outcome, coveredNt, policyVersion, ...detail } = m;
        return {
          id: randomUUID(),
          orderId,
          concernSetId: set.id,
          indexVersion: set.indexVersion,
          concernId,
          concernDigest: delta.digests[concernId] as string,
          outcome,
          requiresReview: m.requiresExpertReview,
          followUp: !open && m.requiresExpertReview,
          orderStatus: candidate.status,
          policyVersion,
          coveredNt,
          detail,
          at,
          actor,
        };
      });
      for (const f of findings) await insertRescreenFinding(trx, f);
      summary.findings += findings.length;
      summary.flags += flags.length;
      summary.warnings += found.length - flags.length;

      let to = candidate.status;
      if (flags.length > 0 && open) {
        const order = (await getSynthesisOrder(trx, orderId)) as StoredSynthesisOrder;
        const items: SynthesisReviewItem[] = flags.map((m) => ({
          kind: 'rescreen-flag',
          ref: m.concernId,
          message: `re-screen against concern set '${set.name}' (${set.indexVersion}, ${changedIds.has(m.concernId) ? 'changed' : 'new'} concern ${m.concernId}): ${m.reasons.join(' ')}`,
        }));
        to = 'pending-review';
        await updateSynthesisOrder(trx, orderId, {
          status: to,
          reviewItems: [...order.reviewItems, ...items],
          exchangeChecks: order.exchangeChecks,
          retainUntil: order.retainUntil,
          updatedAt: at,
        });
        summary.ordersToReview++;
        if (candidate.status !== to) summary.reopened++;
      } else if (flags.length > 0) {
        summary.followUps++;
        summary.followUpOrders.push(orderId);
      }
      await appendAudit(trx, this.engine, {
        at,
        actor,
        action: 'synthesis.order.rescreen',
        subject: `synthesis-order:${orderId}`,
        data: {
          concernSetId: set.id,
          indexVersion: set.indexVersion,
          previousSet: previous.id,
          findings: findings.map((f) => ({
            concernId: f.concernId,
            concernDigest: f.concernDigest,
            outcome: f.outcome,
            coveredNt: f.coveredNt,
            followUp: f.followUp,
          })),
          from: candidate.status,
          to,
          followUp: !open && flags.length > 0,
        },
      });
    }
    return summary;
  }

  // ---- intake and screening ---------------------------------------------------------------------------------

  /**
   * Validates, screens and stores an order. Bad input (schema, FASTA, a future receipt time) is refused with
   * SP_BAD_REQUEST naming the field or record, and nothing is stored. The order is `pending-review` when any Flag
   * (record, within-order or cross-order split), a customer screening hit or a shipping/institution country
   * mismatch needs an expert; otherwise `ready`.
   */
  async submitOrder(input: unknown, actor: string): Promise<SynthesisOrderView> {
    // An import that supersedes the set between screening and storing re-screens stored orders only: screen again.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#submit(input, actor);
      } catch (e) {
        if (!(e instanceof StaleConcernSet) || attempt >= 3) throw e;
      }
    }
  }

  async #submit(input: unknown, actor: string): Promise<SynthesisOrderView> {
    const data = parseWith(SynthesisOrderInputSchema, input);
    const now = this.app.now();
    const receivedAt = data.receivedAt ? new Date(data.receivedAt).toISOString() : now.toISOString();
    if (Date.parse(receivedAt) > now.getTime() + MAX_CLOCK_SKEW_MS)
      throw new AppError('SP_BAD_REQUEST', `receivedAt ${receivedAt} is in the future`, [
        { path: 'receivedAt', message: 'in the future' },
      ]);
    const parsed = parseFasta(data.fasta, data.kind ? { kind: data.kind } : {});
    refuseBadFasta('the order FASTA', parsed);
    const { set, index } = await this.concernIndex();
    const c = data.customer;
    const account = c.account ?? c.email.toLowerCase();
    const orderId = randomUUID();
    const day = isoDay(receivedAt);

    // Sequence screening, and split orders over the customer's earlier orders in the look-back window.
    const screening = screenOrder(index, { id: orderId, date: receivedAt, records: parsed.records });
    const known = await findSynthesisCustomer(this.db, account);
    const earlier = known
      ? await ordersOfCustomer(
          this.db,
          known.id,
          new Date(Date.parse(receivedAt) - this.#lookbackDays * DAY_MS).toISOString(),
          receivedAt,
        )
      : [];
    const splits = detectSplitOrders([...earlier.map((o) => o.screening), screening], { date: day }).filter((f) =>
      f.orderIds.includes(orderId),
    );

    // Customer screening against the restricted-party lists (the screening module's index and matcher).
    const loaded = await this.app.index();
    const subjects: { role: PartyCheck['role']; name: string; country: string; type: PartyType }[] = [
      { role: 'customer', name: c.name, country: c.country, type: 'person' },
      { role: 'institution', name: c.institution, country: c.country, type: 'organization' },
    ];
    if (data.endUser && data.endUser.name.toLowerCase() !== c.institution.toLowerCase())
      subjects.push({ role: 'end-user', name: data.endUser.name, country: data.endUser.country, type: 'organization' });
    const parties: PartyCheck[] = subjects.map((s) => ({
      role: s.role,
      name: s.name,
      country: s.country,
      hits: this.app.describeHits(
        screen(
          loaded.index,
          { name: s.name, country: s.country, type: s.type },
          { limit: 10, minScore: REVIEW_THRESHOLD },
        ),
        loaded,
      ),
    }));
    const customerScreening: CustomerScreening = {
      matcherVersion: MATCHER_VERSION,
      listVersions: loaded.versionIds,
      parties,
      shippingCountry: c.shippingCountry,
      institutionCountry: c.country,
      addressMismatch: c.shippingCountry !== c.country,
    };

    const reviewItems = reviewItemsOf(screening, splits, customerScreening);
    const outcome = splits.length ? 'Flag' : screening.outcome;
    const status: SynthesisOrderStatus = reviewItems.length ? 'pending-review' : 'ready';
    const at = now.toISOString();
    const { account: _account, ...customerSnapshot } = c;

    return this.db.transaction().execute(async (trx) => {
      // The set screened against must still be active (and stays so until this commits, see holdActiveConcernSet).
      if (!(await holdActiveConcernSet(trx, this.engine, set.id))) throw new StaleConcernSet();
      const customer = await saveSynthesisCustomer(trx, {
        id: randomUUID(),
        account,
        name: c.name,
        email: c.email,
        institution: c.institution,
        country: c.country,
        details: { address: c.address, shippingAddress: c.shippingAddress, shippingCountry: c.shippingCountry },
        createdAt: at,
        updatedAt: at,
      });
      const order: StoredSynthesisOrder = {
        id: orderId,
        reference: data.reference ?? null,
        customerId: customer.id,
        customer: { account, ...customerSnapshot },
        endUse: data.endUseStatement,
        receivedAt,
        fastaSha256: sha256(data.fasta),
        records: parsed.records.map((r) => ({
          id: r.id,
          description: r.description,
          kind: r.kind,
          line: r.line,
          length: r.sequence.length,
          sequence: r.sequence,
        })),
        intakeWarnings: parsed.issues
          .filter((i) => i.severity === 'warning')
          .map((i) => ({ recordId: i.recordId, line: i.line, code: i.code, message: i.message })),
        outcome,
        policyVersion: screening.policyVersion,
        concernSetId: set.id,
        indexVersion: index.version,
        screening,
        customerScreening: { ...customerScreening },
        splits: splits.map((s) => ({ ...s })),
        reviewItems,
        exchangeChecks: [],
        status,
        retainUntil: addYears(receivedAt, SYNTHESIS_RETENTION_YEARS),
        createdBy: actor,
        updatedAt: at,
      };
      await insertSynthesisOrder(trx, order);
      for (const p of parties) {
        await insertScreening(trx, {
          id: randomUUID(),
          partyId: null,
          query: { name: p.name, country: p.country, role: p.role, synthesisOrder: orderId },
          matcherVersion: MATCHER_VERSION,
          listVersions: loaded.versionIds,
          hitCount: p.hits.length,
          topScore: p.hits[0]?.score ?? null,
          trigger: 'synthesis-order',
          at,
          actor,
        });
      }
      await appendAudit(trx, this.engine, {
        at,
        actor,
        action: 'synthesis.order.submit',
        subject: `synthesis-order:${orderId}`,
        data: {
          reference: order.reference,
          customerId: customer.id,
          account,
          receivedAt,
          fastaSha256: order.fastaSha256,
          records: order.records.length,
          outcome,
          status,
          policyVersion: order.policyVersion,
          concernSetId: set.id,
          indexVersion: index.version,
          reviewItems: reviewItems.map((i) => `${i.kind}:${i.ref}`),
        },
      });
      return { ...order, requiresExpertReview: reviewItems.length > 0, decisions: [], rescreenFindings: [] };
    });
  }

  async orders(query: unknown = {}) {
    const q = parseWith(SynthesisOrderQuerySchema, query);
    let customerId: string | undefined;
    if (q.customer) {
      const c = await findSynthesisCustomer(this.db, q.customer);
      if (!c) return [];
      customerId = c.id;
    }
    return listSynthesisOrders(this.db, {
      status: q.status,
      customerId,
      followUp: q.followUp,
      limit: q.limit,
      offset: q.offset,
    });
  }

  async order(id: string): Promise<SynthesisOrderView> {
    const order = await getSynthesisOrder(this.db, id);
    if (!order) throw new AppError('SP_NOT_FOUND', `no synthesis order ${id}`);
    return {
      ...order,
      requiresExpertReview: order.reviewItems.length > 0,
      decisions: await decisionsOfOrder(this.db, id),
      rescreenFindings: await rescreenFindingsOfOrder(this.db, id),
    };
  }

  // ---- decisions --------------------------------------------------------------------------------------------

  /**
   * Records fulfil / hold / deny / report with its reason. Fulfilment is refused while the order has review items
   * (a Flag, a split, a customer hit, an address mismatch) and the decision is not an expert decision; a fulfilled
   * or reported order takes no further decision, a denied one can still be reported. Retention is extended to
   * three years after the decision.
   */
  async decide(id: string, input: unknown, actor: string): Promise<SynthesisOrderView> {
    const data = parseWith(SynthesisDecisionSchema, input);
    return this.db.transaction().execute(async (trx) => {
      const order = await getSynthesisOrder(trx, id);
      if (!order) throw new AppError('SP_NOT_FOUND', `no synthesis order ${id}`);
      const rule = DECISIONS[data.decision];
      if (!rule.from.includes(order.status))
        throw new AppError(
          'SP_CONFLICT',
          `order ${id} is ${order.status}: '${data.decision}' is allowed only from ${rule.from.join(', ')}`,
          [{ path: 'decision', message: `not allowed from ${order.status}` }],
        );
      if (data.decision === 'fulfil' && order.reviewItems.length > 0 && data.expert !== true)
        throw new AppError(
          'SP_CONFLICT',
          `order ${id} cannot be fulfilled without an expert decision on its ${order.reviewItems.length} review item(s): ${order.reviewItems
            .slice(0, 5)
            .map((i) => `${i.kind} ${i.ref}`)
            .join('; ')}`,
          order.reviewItems.map((i) => ({ path: `reviewItems.${i.kind}`, message: i.message })),
        );
      const at = this.app.now().toISOString();
      const decision: SynthesisDecision = {
        id: randomUUID(),
        orderId: id,
        decision: data.decision,
        reason: data.reason,
        expert: data.expert === true,
        statusFrom: order.status,
        statusTo: rule.to,
        actor,
        at,
      };
      const retainUntil = [order.retainUntil, addYears(at, SYNTHESIS_RETENTION_YEARS)].sort()[1] as string;
      await insertSynthesisDecision(trx, decision);
      await updateSynthesisOrder(trx, id, {
        status: rule.to,
        reviewItems: order.reviewItems,
        exchangeChecks: order.exchangeChecks,
        retainUntil,
        updatedAt: at,
      });
      await appendAudit(trx, this.engine, {
        at,
        actor,
        action: 'synthesis.order.decide',
        subject: `synthesis-order:${id}`,
        data: {
          decision: data.decision,
          reason: data.reason,
          expert: decision.expert,
          from: order.status,
          to: rule.to,
          reviewItems: order.reviewItems.map((i) => `${i.kind}:${i.ref}`),
        },
      });
      return {
        ...order,
        status: rule.to,
        retainUntil,
        updatedAt: at,
        requiresExpertReview: order.reviewItems.length > 0,
        decisions: await decisionsOfOrder(trx, id),
        rescreenFindings: await rescreenFindingsOfOrder(trx, id),
      };
    });
  }

  // ---- retention --------------------------------------------------------------------------------------------

  /**
   * Deletes decided orders (fulfilled, denied, reported) whose retention (3 years after receipt and after the last
   * decision) has ended at `now`. `now` may not be later than the clock, so nothing younger is ever deleted; open
   * orders (pending-review, ready, held) are kept. One transaction with its audit record.
   */
  async purge(input: unknown, actor: string): Promise<{ now: string; purged: string[] }> {
    const data = parseWith(SynthesisPurgeSchema, input ?? {});
    const clock = this.app.now();
    const now = data.now ? new Date(data.now) : clock;
    if (now.getTime() > clock.getTime() + MAX_CLOCK_SKEW_MS)
      throw new AppError(
        'SP_BAD_REQUEST',
        `purge time ${now.toISOString()} is later than the clock (${clock.toISOString()}): it would delete records younger than ${SYNTHESIS_RETENTION_YEARS} years`,
        [{ path: 'now', message: 'later than the clock' }],
      );
    const nowIso = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      const expired = (await expiredSynthesisOrders(trx, nowIso, PURGEABLE)).filter(
        // Belt and braces: never anything received less than the retention period ago.
        (o) => addYears(o.receivedAt, SYNTHESIS_RETENTION_YEARS) <= nowIso && o.retainUntil <= nowIso,
      );
      const ids = expired.map((o) => o.id);
      if (ids.length) {
        await deleteSynthesisOrders(trx, ids);
        await appendAudit(trx, this.engine, {
          at: clock.toISOString(),
          actor,
          action: 'synthesis.purge',
          subject: 'synthesis-orders',
          data: { now: nowIso, retentionYears: SYNTHESIS_RETENTION_YEARS, orders: ids },
        });
      }
      return { now: nowIso, purged: ids };
    });
  }

  // ---- exchange ---------------------------------------------------------------------------------------------

  /** Publishes a bulletin of keyed window hashes for one customer's orders of the last `days` days. */
  async exportBulletin(input: unknown, actor: string): Promise<ExchangeBulletin> {
    const data = parseWith(BulletinExportSchema, input);
    const customer = await findSynthesisCustomer(this.db, data.customer);
    if (!customer) throw new AppError('SP_NOT_FOUND', `no synthesis customer with account ${data.customer}`);
    const { index } = await this.concernIndex();
    const now = this.app.now();
    const orders = await ordersOfCustomer(
      this.db,
      customer.id,
      new Date(now.getTime() - data.days * DAY_MS).toISOString(),
      new Date(now.getTime() + 1).toISOString(),
    );
    const bulletin = publishBulletin({
      key: data.key,
      provider: data.provider,
      customer: customer.email.toLowerCase(),
      date: isoDay(now),
      index,
      screenings: orders.map((o) => o.screening),
      orders: orders.map(orderInputOf),
    });
    await this.app.audit(actor, 'synthesis.bulletin.export', `synthesis-customer:${customer.id}`, {
      provider: data.provider,
      days: data.days,
      orders: orders.map((o) => o.id),
      concernWindows: bulletin.concernWindows.length,
      orderWindows: bulletin.orderWindows.length,
    });
    return bulletin;
  }

  /**
   * Checks an order against another provider's bulletin. Splits across providers and direct overlaps become review
   * items; a ready or held order goes back to pending-review. The check is kept on the order.
   */
  async checkBulletin(orderId: string, input: unknown, actor: string) {
    const data = parseWith(BulletinCheckSchema, input);
    const { index } = await this.concernIndex();
    return this.db.transaction().execute(async (trx) => {
      const order = await getSynthesisOrder(trx, orderId);
      if (!order) throw new AppError('SP_NOT_FOUND', `no synthesis order ${orderId}`);
      const email = String(order.customer.email ?? '').toLowerCase();
      const result = checkBulletin(data.bulletin as ExchangeBulletin, {
        key: data.key,
        customer: email,
        index,
        screening: order.screening,
        order: orderInputOf(order),
        policy: policyAt(isoDay(order.receivedAt)),
      });
      const source = `${data.bulletin.provider}@${data.bulletin.date}`;
      const items: SynthesisReviewItem[] = [
        ...result.splitFindings.map((f) => ({
          kind: 'exchange-split' as const,
          ref: f.concernId,
          message: f.reasons.join(' '),
        })),
        ...[...new Set(result.overlaps.map((o) => o.recordId))].map((recordId) => ({
          kind: 'exchange-overlap' as const,
          ref: recordId,
          message: `record '${recordId}': ${result.overlaps.filter((o) => o.recordId === recordId).length} window(s) also in the bulletin of ${source} (the same sequence ordered there)`,
        })),
      ];
      const at = this.app.now().toISOString();
      const check = {
        at,
        actor,
        source,
        sameCustomer: result.sameCustomer,
        overlaps: result.overlaps.length,
        externalPieces: result.externalPieces.length,
        splitFindings: result.splitFindings,
        indexVersionMatches: order.indexVersion === index.version,
      };
      const reopen = items.length > 0 && (order.status === 'ready' || order.status === 'held');
      const status: SynthesisOrderStatus = reopen ? 'pending-review' : order.status;
      const reviewItems = [...order.reviewItems, ...items];
      await updateSynthesisOrder(trx, orderId, {
        status,
        reviewItems,
        exchangeChecks: [...order.exchangeChecks, check],
        retainUntil: order.retainUntil,
        updatedAt: at,
      });
      await appendAudit(trx, this.engine, {
        at,
        actor,
        action: 'synthesis.bulletin.check',
        subject: `synthesis-order:${orderId}`,
        data: {
          source,
          sameCustomer: result.sameCustomer,
          overlaps: result.overlaps.length,
          splitFindings: result.splitFindings.length,
          from: order.status,
          to: status,
        },
      });
      return { orderId, status, ...check, newReviewItems: items };
    });
  }
}

function orderInputOf(o: StoredSynthesisOrder): OrderInput {
  return {
    id: o.id,
    date: isoDay(o.receivedAt),
    records: o.records.map((r) => ({ id: r.id, sequence: r.sequence, kind: r.kind })),
  };
}

function reviewItemsOf(
  screening: OrderScreening,
  splits: readonly SplitOrderFinding[],
  customer: CustomerScreening,
): SynthesisReviewItem[] {
  const items: SynthesisReviewItem[] = [];
  for (const r of screening.records) {
    if (r.outcome !== 'Flag') continue;
    items.push({ kind: 'sequence-flag', ref: r.recordId, message: `record '${r.recordId}': ${r.reasons.join(' ')}` });
  }
  for (const w of screening.withinOrderSplits)
    items.push({ kind: 'within-order-split', ref: w.concernId, message: w.reasons.join(' ') });
  for (const s of splits) items.push({ kind: 'split-order', ref: s.concernId, message: s.reasons.join(' ') });
  for (const p of customer.parties) {
    for (const h of p.hits)
      items.push({
        kind: 'customer-hit',
        ref: p.name,
        message: `${p.role} '${p.name}' matches ${h.source} entry '${h.name}' (matched name '${h.matchedName}', score ${h.score.toFixed(1)}, ${h.band})`,
      });
  }
  if (customer.addressMismatch)
    items.push({
      kind: 'address-mismatch',
      ref: customer.shippingCountry,
      message: `shipping country ${customer.shippingCountry} differs from the institution's country ${customer.institutionCountry}`,
    });
  return items;
}
