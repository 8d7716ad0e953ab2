/**
 * Stackport's application services: the operations the HTTP API, the CLI and the console expose.
 * Each operation validates its input, runs the pure core, and writes its result and its audit
 * record in one transaction, so a failure leaves nothing half-written.
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  analyseOwnership,
  bandOf,
  type Decision,
  diffListVersions,
  entryContentHash,
  type HitStatus,
  type ListEntry,
  MATCHER_VERSION,
  type OwnershipFinding,
  parseListFile,
  REVIEW_THRESHOLD,
  type ScreeningQuery,
  screen,
  sha256Hex,
  triageHit,
} from '@stackport/core';
import {
  activeEntries,
  activeVersion,
  allOwnerships,
  appendAudit,
  type Connection,
  confirmedListedParties,
  countHitsByStatus,
  entryHashes,
  findHit,
  getHit,
  getParty,
  hitsForEntries,
  insertEntries,
  insertHit,
  insertListVersion,
  insertParty,
  insertScreening,
  type ListVersion,
  listAudit,
  listHits,
  listParties,
  listScreenings,
  listVersions,
  type Party,
  replaceHit,
  type StoredHit,
  setOwners,
  supersedeVersions,
  updateParty,
  verifyAudit,
} from '@stackport/store';
import type { Kysely, Transaction } from 'kysely';
import { AppError } from './errors.js';
import { KycService } from './kyc.js';
import {
  type DecisionInput,
  DecisionSchema,
  type PartyInput,
  PartyInputSchema,
  parseInput,
  type ScreenRequest,
  ScreenRequestSchema,
} from './schemas.js';
import { type LoadedIndex, loadIndex } from './screening-index.js';

type Trx = Transaction<import('@stackport/store').Database>;

export interface Deps {
  readonly connection: Connection;
  /** The clock, injected so tests and replays control time. */
  readonly now?: () => Date;
}

export interface ImportRequest {
  readonly text: string;
  readonly fileName: string;
  readonly actor: string;
  /** Where the file came from (publisher, date, upstream URL...), kept with the version. */
  readonly provenance?: Record<string, unknown>;
  readonly title?: string;
  readonly publishedAt?: string;
}

export interface ImportResult {
  readonly version: ListVersion;
  readonly unchanged: boolean;
  readonly rescreen: RescreenSummary;
}

/**
 * What an import re-screened: saved parties (hits opened, reopened, still suppressed; hits reopened because their
 * entry left the list) and KYC accounts (accounts re-screened, screening-hit findings opened).
 */
export interface RescreenSummary {
  parties: number;
  opened: number;
  reopened: number;
  suppressed: number;
  delisted: number;
  kycAccounts: number;
  kycFindings: number;
}

const noRescreen = (): RescreenSummary => ({
  parties: 0,
  opened: 0,
  reopened: 0,
  suppressed: 0,
  delisted: 0,
  kycAccounts: 0,
  kycFindings: 0,
});

export interface ScreenResult {
  readonly query: ScreenRequest;
  readonly hits: ReturnType<Stackport['describeHits']>;
  readonly matcherVersion: string;
  readonly listVersions: readonly string[];
  readonly screenedAt: string;
}

export interface PartyScreening {
  readonly opened: number;
  readonly reopened: number;
  readonly suppressed: number;
  readonly kept: number;
}

const DATASET_OF_FORMAT: Record<string, string> = { 'csl-csv': 'csl', 'un-xml': 'un' };

export class Stackport {
  readonly connection: Connection;
  private readonly clock: () => Date;
  private loaded: LoadedIndex | undefined;

  constructor(deps: Deps) {
    this.connection = deps.connection;
    this.clock = deps.now ?? (() => new Date());
  }

  /** The injected clock: the only place the services read the time. */
  now(): Date {
    return this.clock();
  }

  /** Today's date, YYYY-MM-DD (UTC), the default "as of" date of a classification. */
  today(): string {
    return this.clock().toISOString().slice(0, 10);
  }

  private get db(): Kysely<import('@stackport/store').Database> {
    return this.connection.db;
  }

  private stamp(): string {
    return this.clock().toISOString();
  }

  /** The screening index, built on first use and after each import. */
  async index(): Promise<LoadedIndex> {
    if (!this.loaded) this.loaded = loadIndex(await activeEntries(this.db));
    return this.loaded;
  }

  describeHits(hits: ReturnType<typeof screen>, loaded: LoadedIndex) {
    return hits.map((h) => ({
      id: h.entryKey,
      source: h.source,
      name: h.name,
      matchedName: h.matchedName,
      score: h.score,
      band: h.band,
      listVersionId: loaded.entries.get(h.entryKey)?.versionId ?? null,
      explanation: h.explanation,
    }));
  }

  // ---------------------------------------------------------------- lists

  /**
   * Imports a list file as a new version of its dataset. Parsing happens first; the new version,
   * its entries, the supersession of the old version, the re-screening of saved parties and of KYC
   * accounts against added and changed entries and the audit record are then written in ONE
   * transaction: an interrupted import leaves the previous version active and nothing half-written.
   */
  async importList(req: ImportRequest): Promise<ImportResult> {
    const parsed = parseListFile(req.text);
    if (!parsed) {
      throw new AppError(
        'SP_LIST_FORMAT',
        `${req.fileName}: neither a CSL CSV (header _id,source,…) nor a UN consolidated XML file`,
      );
    }
    const errors = parsed.problems.filter((p) => p.severity === 'error');
    if (parsed.entries.length === 0) {
      throw new AppError(
        'SP_LIST_FORMAT',
        `${req.fileName}: no entry could be read`,
        errors.slice(0, 50).map((p) => ({ path: `row ${p.row}`, message: p.message })),
      );
    }
    const dataset = DATASET_OF_FORMAT[parsed.format] ?? parsed.format;
    const fileSha256 = sha256Hex(req.text);
    const hashed = parsed.entries.map((entry) => ({ entry, contentHash: entryContentHash(entry) }));
    const nextHashes = new Map(hashed.map((h) => [h.entry.key, h.contentHash]));

    const result = await this.db.transaction().execute(async (trx) => {
      const previous = await activeVersion(trx, dataset);
      if (previous?.fileSha256 === fileSha256) return { version: previous, unchanged: true, rescreen: noRescreen() };
      const delta = diffListVersions(previous ? await entryHashes(trx, previous.id) : new Map(), nextHashes);
      const sourceCounts: Record<string, number> = {};
      for (const e of parsed.entries) sourceCounts[e.source] = (sourceCounts[e.source] ?? 0) + 1;
      const version: ListVersion = {
        id: randomUUID(),
        dataset,
        format: parsed.format,
        title:
          req.title ?? (dataset === 'un' ? 'UN Security Council Consolidated List' : 'US Consolidated Screening List'),
        fileName: req.fileName,
        fileSha256,
        publishedAt: req.publishedAt ?? parsed.generatedAt ?? null,
        importedAt: this.stamp(),
        importedBy: req.actor,
        status: 'active',
        entryCount: parsed.entries.length,
        sourceCounts,
        problems: parsed.problems,
        provenance: req.provenance ?? {},
        delta: {
          added: delta.added.length,
          changed: delta.changed.length,
          removed: delta.removed.length,
          unchanged: delta.unchanged,
        },
      };
      await insertListVersion(trx, version);
      await insertEntries(trx, version.id, hashed);
      await supersedeVersions(trx, dataset, version.id);

      // Re-screen saved parties against added and changed entries only (delta screening).
      const touched = new Set([...delta.added, ...delta.changed]);
      const deltaEntries = hashed
        .filter((h) => touched.has(h.entry.key))
        .map((h) => ({ versionId: version.id, contentHash: h.contentHash, entry: h.entry }));
      const rescreen = noRescreen();
      if (previous && deltaEntries.length > 0) {
        const deltaIndex = loadIndex(deltaEntries);
        for (const party of await listParties(trx)) {
          const r = await this.screenPartyIn(trx, party, deltaIndex, 'list-update', req.actor);
          rescreen.parties++;
          rescreen.opened += r.opened;
          rescreen.reopened += r.reopened;
          rescreen.suppressed += r.suppressed;
        }
        // KYC accounts: the names screened at opening, against the same delta, in the same transaction.
        const kyc = await new KycService(this).rescreenOnListImport(trx, deltaIndex, {
          at: version.importedAt,
          actor: req.actor,
        });
        rescreen.kycAccounts = kyc.accounts;
        rescreen.kycFindings = kyc.findings;
      }
      rescreen.delisted = await this.reopenDelisted(trx, delta.removed, version.importedAt, req.actor);
      await appendAudit(trx, this.connection.engine, {
        at: version.importedAt,
        actor: req.actor,
        action: 'list.import',
        subject: `list-version:${version.id}`,
        data: {
          dataset,
          fileName: req.fileName,
          fileSha256,
          entryCount: version.entryCount,
          delta: version.delta,
          rescreen,
          previousVersion: previous?.id ?? null,
          problems: parsed.problems.length,
        },
      });
      return { version, unchanged: false, rescreen };
    });
    if (!result.unchanged) this.loaded = undefined;
    return result;
  }

  /**
   * An entry that left the list changes the picture for every hit on it that is open, confirmed or
   * escalated: those go back to the queue marked `entry-removed` for a reviewer to close. A false
   * positive on a removed entry needs nothing.
   */
  private async reopenDelisted(trx: Trx, removed: readonly string[], at: string, actor: string): Promise<number> {
    let count = 0;
    for (const hit of await hitsForEntries(trx, removed)) {
      if (hit.status === 'false_positive') continue;
      await replaceHit(trx, { ...hit, status: 'open', openReason: 'entry-removed', openedAt: at, updatedAt: at });
      await appendAudit(trx, this.connection.engine, {
        at,
        actor,
        action: 'hit.reopen',
        subject: `hit:${hit.id}`,
        data: {
          partyId: hit.partyId,
          entryKey: hit.entryKey,
          trigger: 'entry-removed',
          previousStatus: hit.status,
          previousReason: hit.reason,
        },
      });
      count++;
    }
    return count;
  }

  async listVersions(opts: { activeOnly?: boolean } = {}): Promise<ListVersion[]> {
    return listVersions(this.db, opts);
  }

  // ---------------------------------------------------------------- screening

  /** Screens a name without saving a party. The search is logged (screenings table) for audit. */
  async screen(input: unknown, actor: string): Promise<ScreenResult> {
    const query = parseInput(ScreenRequestSchema, input);
    const loaded = await this.index();
    const hits = screen(loaded.index, toQuery(query), { limit: query.limit ?? 10, minScore: REVIEW_THRESHOLD });
    const screenedAt = this.stamp();
    await insertScreening(this.db, {
      id: randomUUID(),
      partyId: null,
      query,
      matcherVersion: MATCHER_VERSION,
      listVersions: loaded.versionIds,
      hitCount: hits.length,
      topScore: hits[0]?.score ?? null,
      trigger: 'ad-hoc',
      at: screenedAt,
      actor,
    });
    return {
      query,
      hits: this.describeHits(hits, loaded),
      matcherVersion: MATCHER_VERSION,
      listVersions: loaded.versionIds,
      screenedAt,
    };
  }

  /** Screens one party against an index and files the hits according to earlier decisions. */
  private async screenPartyIn(
    trx: Trx,
    party: Party,
    loaded: LoadedIndex,
    trigger: string,
    actor: string,
  ): Promise<PartyScreening> {
    const query: ScreeningQuery = {
      name: party.name,
      ...(party.country ? { country: party.country } : {}),
      ...(party.type ? { type: party.type } : {}),
      ...(party.identifiers.length ? { identifiers: party.identifiers } : {}),
    };
    const hits = screen(loaded.index, query, { limit: 50, minScore: REVIEW_THRESHOLD });
    const at = this.stamp();
    const counts = { opened: 0, reopened: 0, suppressed: 0, kept: 0 };
    for (const h of hits) {
      const stored = loaded.entries.get(h.entryKey);
      if (!stored) continue;
      const prior = await findHit(trx, party.id, h.entryKey);
      const triage = triageHit(prior, stored.contentHash);
      const fresh = {
        entryKey: h.entryKey,
        source: h.source,
        entryName: h.name,
        entryContentHash: stored.contentHash,
        listVersionId: stored.versionId,
        score: h.score,
        band: h.band,
        matchedName: h.matchedName,
        explanation: h.explanation,
        updatedAt: at,
      };
      if (triage === 'open' || (triage === 'reopen' && prior)) {
        const hit: StoredHit = {
          ...fresh,
          id: prior?.id ?? randomUUID(),
          partyId: party.id,
          status: 'open',
          reason: null,
          decidedBy: null,
          decidedAt: null,
          openedAt: at,
          openReason: triage === 'open' ? 'new' : 'entry-changed',
        };
        if (prior) await replaceHit(trx, hit);
        else await insertHit(trx, hit);
        await appendAudit(trx, this.connection.engine, {
          at,
          actor,
          action: triage === 'open' ? 'hit.open' : 'hit.reopen',
          subject: `hit:${hit.id}`,
          data: {
            partyId: party.id,
            entryKey: h.entryKey,
            score: h.score,
            trigger,
            ...(prior ? { previousStatus: prior.status, previousReason: prior.reason } : {}),
          },
        });
        if (triage === 'open') counts.opened++;
        else counts.reopened++;
      } else if (triage === 'suppressed') {
        counts.suppressed++;
      } else {
        counts.kept++;
        // An open hit follows the latest score; a decided one stays as it was decided.
        if (prior?.status === 'open') await replaceHit(trx, { ...prior, ...fresh });
      }
    }
    await insertScreening(trx, {
      id: randomUUID(),
      partyId: party.id,
      query,
      matcherVersion: MATCHER_VERSION,
      listVersions: loaded.versionIds,
      hitCount: hits.length,
      topScore: hits[0]?.score ?? null,
      trigger,
      at,
      actor,
    });
    return counts;
  }

  // ---------------------------------------------------------------- parties

  async createParty(input: unknown, actor: string): Promise<{ party: Party; screening: PartyScreening }> {
    const data = parseInput(PartyInputSchema, input);
    const loaded = await this.index();
    return this.db.transaction().execute(async (trx) => {
      const at = this.stamp();
      const party: Party = {
        id: randomUUID(),
        name: data.name,
        country: data.country ?? null,
        type: data.type ?? null,
        identifiers: data.identifiers ?? [],
        reference: data.reference ?? null,
        createdAt: at,
        updatedAt: at,
      };
      await insertParty(trx, party);
      await this.writeOwners(trx, party.id, data.owners);
      await appendAudit(trx, this.connection.engine, {
        at,
        actor,
        action: 'party.create',
        subject: `party:${party.id}`,
        data: { ...data },
      });
      const screening = await this.screenPartyIn(trx, party, loaded, 'party-created', actor);
      return { party, screening };
    });
  }

  /** Replaces a party's data and re-screens it against the full index (any change can change hits). */
  async updateParty(id: string, input: unknown, actor: string): Promise<{ party: Party; screening: PartyScreening }> {
    const data = parseInput(PartyInputSchema, input);
    const loaded = await this.index();
    return this.db.transaction().execute(async (trx) => {
      const before = await getParty(trx, id);
      if (!before) throw new AppError('SP_NOT_FOUND', `no party ${id}`);
      const party: Party = {
        ...before,
        name: data.name,
        country: data.country ?? null,
        type: data.type ?? null,
        identifiers: data.identifiers ?? [],
        reference: data.reference ?? null,
        updatedAt: this.stamp(),
      };
      await updateParty(trx, party);
      if (data.owners) await this.writeOwners(trx, id, data.owners);
      await appendAudit(trx, this.connection.engine, {
        at: party.updatedAt,
        actor,
        action: 'party.update',
        subject: `party:${id}`,
        data: { before, after: data },
      });
      const screening = await this.screenPartyIn(trx, party, loaded, 'party-updated', actor);
      return { party, screening };
    });
  }

  private async writeOwners(trx: Trx, partyId: string, owners: PartyInput['owners']): Promise<void> {
    if (!owners) return;
    for (const o of owners) {
      if (o.partyId === partyId)
        throw new AppError('SP_BAD_REQUEST', 'a party cannot own itself', [
          { path: 'owners', message: 'self-ownership' },
        ]);
      if (!(await getParty(trx, o.partyId)))
        throw new AppError('SP_BAD_REQUEST', `owner ${o.partyId} is not a saved party`, [
          { path: 'owners', message: `unknown party ${o.partyId}` },
        ]);
    }
    const total = owners.reduce((s, o) => s + (o.share ?? 0), 0);
    if (total > 100.0001)
      throw new AppError('SP_BAD_REQUEST', `owner shares add up to ${total}%, more than 100%`, [
        { path: 'owners', message: 'shares exceed 100%' },
      ]);
    await setOwners(
      trx,
      partyId,
      owners.map((o) => ({ ownerId: o.partyId, share: o.share })),
    );
  }

  async getParty(id: string) {
    const party = await getParty(this.db, id);
    if (!party) throw new AppError('SP_NOT_FOUND', `no party ${id}`);
    const [hits, screenings, ownership] = await Promise.all([
      listHits(this.db, { partyId: id, limit: 500 }),
      listScreenings(this.db, id),
      this.ownership(id),
    ]);
    return { party, hits, screenings, ownership };
  }

  async listParties(opts: { limit?: number; offset?: number } = {}) {
    return listParties(this.db, opts);
  }

  /** Ownership finding for a party: OFAC 50% rule / BIS Affiliates rule arithmetic over saved owners. */
  async ownership(partyId: string): Promise<OwnershipFinding> {
    const findings = analyseOwnership(await allOwnerships(this.db), await confirmedListedParties(this.db));
    return findings.get(partyId) ?? { partyId, outcome: 'no-listed-owner', aggregateShare: 0, contributors: [] };
  }

  // ---------------------------------------------------------------- review queue

  async listHits(filter: {
    status?: HitStatus | undefined;
    partyId?: string | undefined;
    limit?: number;
    offset?: number;
  }) {
    return listHits(this.db, filter);
  }

  async hitCounts() {
    return countHitsByStatus(this.db);
  }

  async getHit(id: string): Promise<StoredHit> {
    const hit = await getHit(this.db, id);
    if (!hit) throw new AppError('SP_NOT_FOUND', `no hit ${id}`);
    return hit;
  }

  /** Records a reviewer's decision on a hit, with its reason, in the hit and the audit log together. */
  async decide(id: string, input: unknown, actor: string): Promise<StoredHit> {
    const data: DecisionInput = parseInput(DecisionSchema, input);
    return this.db.transaction().execute(async (trx) => {
      const hit = await getHit(trx, id);
      if (!hit) throw new AppError('SP_NOT_FOUND', `no hit ${id}`);
      const at = this.stamp();
      const decided: StoredHit = {
        ...hit,
        status: data.decision as Decision,
        reason: data.reason,
        decidedBy: actor,
        decidedAt: at,
        updatedAt: at,
      };
      await replaceHit(trx, decided);
      await appendAudit(trx, this.connection.engine, {
        at,
        actor,
        action: 'hit.decide',
        subject: `hit:${id}`,
        data: {
          partyId: hit.partyId,
          entryKey: hit.entryKey,
          entryContentHash: hit.entryContentHash,
          from: hit.status,
          to: data.decision,
          reason: data.reason,
        },
      });
      return decided;
    });
  }

  // ---------------------------------------------------------------- audit and status

  async verifyAudit() {
    return verifyAudit(this.db);
  }

  async listAudit(opts: { afterSeq?: number; limit?: number; subject?: string }) {
    return listAudit(this.db, opts);
  }

  /** Appends an audit record outside any other change (token management, sign-ins...). */
  async audit(actor: string, action: string, subject: string, data: unknown): Promise<void> {
    await this.db
      .transaction()
      .execute((trx) => appendAudit(trx, this.connection.engine, { at: this.stamp(), actor, action, subject, data }));
  }

  async status() {
    const versions = await listVersions(this.db, { activeOnly: true });
    const loaded = await this.index();
    return {
      engine: this.connection.engine,
      matcherVersion: MATCHER_VERSION,
      lists: versions,
      index: { entries: loaded.index.size, names: loaded.index.nameCount },
      hits: await countHitsByStatus(this.db),
    };
  }
}

export function toQuery(r: ScreenRequest): ScreeningQuery {
  return {
    name: r.name,
    ...(r.country ? { country: r.country } : {}),
    ...(r.type ? { type: r.type } : {}),
    ...(r.identifiers ? { identifiers: r.identifiers } : {}),
  };
}

export { bandOf, type ListEntry };
