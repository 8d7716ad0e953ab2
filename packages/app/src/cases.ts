/**
 * Alerts into cases: open a case from alerts, move it through open → investigating → reported → closed with
 * notes and assignees, export an evidence bundle (JSON with the signed measurements, and a PDF summary), and
 * draft the reports the Chip Security Act proposes. Every change writes a case event and an audit record in
 * the same transaction.
 * @module
 */
import { createHash } from 'node:crypto';
import {
  allowedCaseTransitions,
  CASE_STATUSES,
  type CaseStatus,
  checkCaseTransition,
  type DetectorName,
  SEVERITY_RANK,
  type Severity,
  type SignedCheckInBatch,
} from '@stackport/core';
import {
  type AlertStatus,
  appendAudit,
  type CaseEvent,
  caseAlertIds,
  caseEvents,
  getAlert,
  getAlerts,
  getCase,
  getCheckInBatches,
  getCheckIns,
  getDevices,
  getVerification,
  getVerifiers,
  insertCase,
  insertCaseEvent,
  linkAlerts,
  listAlerts,
  listAudit,
  listCases,
  listLandmarks,
  listShipments,
  type StoredAlert,
  type StoredCase,
  type StoredCheckIn,
  type StoredDevice,
  type StoredVerifier,
  setAlertStatus,
  signedBy,
  updateCase,
} from '@stackport/store';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { AppError } from './errors.js';
import { parseWith } from './licensing.js';
import type { ReportDocument, ReportSection } from './report/index.js';
import { renderPdfWithHash } from './report/index.js';
import type { Stackport } from './stackport.js';

type Trx = Transaction<import('@stackport/store').Database>;

const Actor = z.string().min(1).max(200);
const Note = z.string().trim().min(1).max(10_000);

export const OpenCaseSchema = z.object({
  alertIds: z.array(z.string().min(1).max(40)).min(1).max(1_000),
  title: z.string().trim().min(1).max(300).optional(),
  assignee: Actor.optional(),
  note: Note.optional(),
});
export const CaseStatusChangeSchema = z.object({
  status: z.enum(CASE_STATUSES),
  note: z.string().max(10_000).optional(),
});
export const CaseAssignSchema = z.object({ assignee: Actor.nullable() });
export const CaseNoteSchema = z.object({ text: Note });
export const CaseAlertsSchema = z.object({ alertIds: z.array(z.string().min(1).max(40)).min(1).max(1_000) });
export const DismissAlertSchema = z.object({ reason: Note });
export const AlertQuerySchema = z.object({
  status: z.enum(['open', 'in-case', 'dismissed']).optional(),
  deviceId: z.string().max(64).optional(),
  detector: z.string().max(40).optional(),
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const CaseQuerySchema = z.object({
  status: z.enum(CASE_STATUSES).optional(),
  assignee: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/**
 * The three reporting duties of the Chip Security Act (S.1705 / H.R.3447 §4, 119th Congress; a bill, not in
 * force): credible information that a covered product (i) is in a location other than the licensed one,
 * (ii) was diverted to a user other than the licensed one, (iii) was tampered with, including efforts to
 * spoof or circumvent location verification. Source: docs/research/location-verification.md §2.1.
 */
export const REPORT_KINDS = ['location', 'diversion', 'tampering'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

const REPORT_TITLES: Record<ReportKind, string> = {
  location: 'Product in a location other than the licensed location',
  diversion: 'Product diverted to a user other than the licensed end user',
  tampering: 'Tampering or attempted tampering with location verification',
};

/** Which duty each detector's alert bears on. Silence alone is absence of evidence: it indicates no report. */
const REPORT_OF_DETECTOR: Record<DetectorName, ReportKind | null> = {
  'out-of-region': 'location',
  'moved-away': 'location',
  'impossible-travel': 'location',
  'region-inflation': 'tampering',
  'cloned-key': 'tampering',
  'fleet-anomaly': 'diversion',
  tamper: 'tampering',
  silent: null,
};

export const LEGAL_STATUS =
  'Draft under a proposed bill: the Chip Security Act (S.1705, H.R.3447, 119th Congress) is not in force. The duties, deadlines and recipient are those of the introduced text (§4) and may change.';

export interface CaseDetail {
  readonly case: StoredCase;
  readonly alerts: StoredAlert[];
  readonly events: CaseEvent[];
  readonly devices: StoredDevice[];
  readonly allowedTransitions: readonly CaseStatus[];
  /** Reports the case's alerts bear on, with the alerts behind each. */
  readonly reportsIndicated: { kind: ReportKind; title: string; alertIds: string[] }[];
}

export interface EvidenceBundle {
  readonly format: 'stackport.evidence-bundle/1';
  readonly generatedAt: string;
  readonly generatedBy: string;
  readonly case: StoredCase;
  readonly events: CaseEvent[];
  readonly alerts: StoredAlert[];
  readonly devices: StoredDevice[];
  readonly shipments: unknown[];
  readonly checkIns: StoredCheckIn[];
  /** The stored verifications behind the check-ins, with the landmarks' signed records and the device transcript. */
  readonly verifications: unknown[];
  /** The landmarks' public keys and positions, to re-verify every signed record offline. */
  readonly landmarks: unknown[];
  /**
   * The external verifiers whose signed batches carried check-ins of this bundle: their Ed25519 keys, validity
   * and revocation, to re-verify the batches offline.
   */
  readonly verifiers: StoredVerifier[];
  /**
   * Every signed batch (`stackport.check-in-batch/1`, as received, signature included) that carried a check-in of
   * this bundle: Ed25519-verify its signature over the canonical JSON of the batch without `signature`, with the
   * verifier's key, and find the check-in in it. Check-ins with source `unsigned` (or `import`) have none.
   */
  readonly signedBatches: SignedCheckInBatch[];
  /** The audit records of this case and of its devices' verifications (hash-chained; check with the head). */
  readonly audit: unknown[];
  readonly legalStatus: string;
  /** sha256 of the canonical JSON of every field above. */
  readonly sha256: string;
}

/** JSON with sorted keys, so the digest does not depend on property order. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
}

const maxSeverity = (xs: readonly Severity[]): Severity =>
  xs.reduce<Severity>((m, s) => (SEVERITY_RANK[s] > SEVERITY_RANK[m] ? s : m), 'low');

export class CaseService {
  constructor(private readonly app: Stackport) {}

  private get db() {
    return this.app.connection.db;
  }

  async alerts(input: unknown = {}): Promise<StoredAlert[]> {
    const q = parseWith(AlertQuerySchema, input);
    return listAlerts(this.db, {
      limit: q.limit,
      offset: q.offset,
      ...(q.status ? { status: q.status } : {}),
      ...(q.deviceId ? { deviceId: q.deviceId } : {}),
      ...(q.detector ? { detector: q.detector } : {}),
      ...(q.severity ? { severity: q.severity } : {}),
    });
  }

  /** An alert with the check-ins it relies on. */
  async alert(id: string): Promise<{ alert: StoredAlert; checkIns: StoredCheckIn[] }> {
    const alert = await getAlert(this.db, id);
    if (!alert) throw new AppError('SP_NOT_FOUND', `no alert ${id}`);
    const checkIns = await this.#checkInsOf([alert]);
    return { alert, checkIns };
  }

  async dismissAlert(id: string, input: unknown, actor: string): Promise<StoredAlert> {
    const { reason } = parseWith(DismissAlertSchema, input);
    const at = this.app.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const a = await getAlert(trx, id);
      if (!a) throw new AppError('SP_NOT_FOUND', `no alert ${id}`);
      if (a.status !== 'open')
        throw new AppError('SP_CONFLICT', `alert ${id} is ${a.status}; only an open alert can be dismissed`);
      await setAlertStatus(trx, [id], 'dismissed', null, at);
      await appendAudit(trx, this.app.connection.engine, {
        at,
        actor,
        action: 'fleet.alert.dismiss',
        subject: `alert:${id}`,
        data: { reason, detector: a.detector, deviceId: a.deviceId },
      });
    });
    return (await getAlert(this.db, id)) as StoredAlert;
  }

  async cases(input: unknown = {}): Promise<StoredCase[]> {
    const q = parseWith(CaseQuerySchema, input);
    return listCases(this.db, {
      limit: q.limit,
      offset: q.offset,
      ...(q.status ? { status: q.status } : {}),
      ...(q.assignee ? { assignee: q.assignee } : {}),
    });
  }

  /** Opens a case from open alerts (each alert belongs to at most one case). */
  async open(input: unknown, actor: string): Promise<CaseDetail> {
    const v = parseWith(OpenCaseSchema, input);
    const at = this.app.now().toISOString();
    const ids = [...new Set(v.alertIds)];
    const id = `case_${at.slice(0, 10).replaceAll('-', '')}_${createHash('sha256')
      .update(`${at}\u0000${ids.join(',')}`)
      .digest('hex')
      .slice(0, 8)}`;
    await this.db.transaction().execute(async (trx) => {
      const alerts = await this.#claimable(trx, ids);
      const devices = [...new Set(alerts.map((a) => a.deviceId))].sort();
      const c: StoredCase = {
        id,
        title: v.title ?? defaultTitle(alerts),
        status: 'open',
        severity: maxSeverity(alerts.map((a) => a.severity)),
        assignee: v.assignee ?? null,
        deviceIds: devices,
        openedAt: at,
        openedBy: actor,
        updatedAt: at,
        closedAt: null,
        resolution: null,
      };
      await insertCase(trx, c, ids);
      await setAlertStatus(trx, ids, 'in-case', id, at);
      await this.#event(trx, c.id, at, actor, 'opened', {
        alertIds: ids,
        assignee: c.assignee,
        ...(v.note ? { note: v.note } : {}),
      });
    });
    return this.detail(id);
  }

  async detail(id: string): Promise<CaseDetail> {
    const c = await getCase(this.db, id);
    if (!c) throw new AppError('SP_NOT_FOUND', `no case ${id}`);
    const alerts = await getAlerts(this.db, await caseAlertIds(this.db, id));
    const devices = [...(await getDevices(this.db, c.deviceIds)).values()];
    const byKind = new Map<ReportKind, string[]>();
    for (const a of alerts) {
      const k = REPORT_OF_DETECTOR[a.detector];
      if (!k) continue;
      byKind.set(k, [...(byKind.get(k) ?? []), a.id]);
    }
    return {
      case: c,
      alerts,
      events: await caseEvents(this.db, id),
      devices,
      allowedTransitions: allowedCaseTransitions(c.status),
      reportsIndicated: REPORT_KINDS.filter((k) => byKind.has(k)).map((k) => ({
        kind: k,
        title: REPORT_TITLES[k],
        alertIds: byKind.get(k) ?? [],
      })),
    };
  }

  async setStatus(id: string, input: unknown, actor: string): Promise<CaseDetail> {
    const v = parseWith(CaseStatusChangeSchema, input);
    await this.#change(id, async (trx, c, at) => {
      const check = checkCaseTransition(c.status, v.status, v.note);
      if (!check.ok) throw new AppError('SP_CONFLICT', check.problem ?? 'transition not allowed');
      const closing = v.status === 'closed';
      await updateCase(trx, {
        ...c,
        status: v.status,
        updatedAt: at,
        closedAt: closing ? at : null,
        resolution: closing ? (v.note?.trim() ?? null) : c.resolution,
      });
      await this.#event(trx, id, at, actor, 'status', {
        from: c.status,
        to: v.status,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
    });
    return this.detail(id);
  }

  async assign(id: string, input: unknown, actor: string): Promise<CaseDetail> {
    const v = parseWith(CaseAssignSchema, input);
    await this.#change(id, async (trx, c, at) => {
      await updateCase(trx, { ...c, assignee: v.assignee, updatedAt: at });
      await this.#event(trx, id, at, actor, 'assign', { from: c.assignee, to: v.assignee });
    });
    return this.detail(id);
  }

  async note(id: string, input: unknown, actor: string): Promise<CaseDetail> {
    const v = parseWith(CaseNoteSchema, input);
    await this.#change(id, async (trx, c, at) => {
      await updateCase(trx, { ...c, updatedAt: at });
      await this.#event(trx, id, at, actor, 'note', { text: v.text });
    });
    return this.detail(id);
  }

  async addAlerts(id: string, input: unknown, actor: string): Promise<CaseDetail> {
    const v = parseWith(CaseAlertsSchema, input);
    await this.#change(id, async (trx, c, at) => {
      if (c.status === 'closed') throw new AppError('SP_CONFLICT', `case ${id} is closed; reopen it first`);
      const ids = [...new Set(v.alertIds)];
      const alerts = await this.#claimable(trx, ids);
      await linkAlerts(trx, id, ids);
      await setAlertStatus(trx, ids, 'in-case', id, at);
      await updateCase(trx, {
        ...c,
        severity: maxSeverity([c.severity, ...alerts.map((a) => a.severity)]),
        deviceIds: [...new Set([...c.deviceIds, ...alerts.map((a) => a.deviceId)])].sort(),
        updatedAt: at,
      });
      await this.#event(trx, id, at, actor, 'alert-added', { alertIds: ids });
    });
    return this.detail(id);
  }

  /**
   * The evidence bundle: the case, its events and alerts, the devices and shipments, every check-in the
   * alerts rely on, the verifications behind them with the landmarks' signed records, the landmarks' keys,
   * and the related audit records, with a sha256 over the canonical JSON. Exporting is itself recorded.
   */
  async bundle(id: string, actor: string): Promise<EvidenceBundle> {
    const d = await this.detail(id);
    const checkIns = await this.#checkInsOf(d.alerts);
    const verificationIds = [...new Set(checkIns.map((c) => c.verificationId).filter((x): x is string => !!x))];
    const verifications = [];
    for (const vid of verificationIds) {
      const v = await getVerification(this.db, vid);
      if (v) verifications.push(v);
    }
    const batchKeys = checkIns.flatMap((c) => {
      const verifierId = signedBy(c);
      return verifierId && c.batchId ? [{ verifierId, batchId: c.batchId }] : [];
    });
    const signedBatches = (await getCheckInBatches(this.db, batchKeys)).map(
      (b) => JSON.parse(b.body) as SignedCheckInBatch,
    );
    const verifiers = await getVerifiers(this.db, [...new Set(batchKeys.map((k) => k.verifierId))]);
    const shipmentIds = new Set(d.devices.map((x) => x.shipmentId).filter(Boolean));
    const shipments = (await listShipments(this.db)).filter((s) => shipmentIds.has(s.id));
    const audit = [];
    for (const subject of [`case:${id}`, ...d.devices.map((x) => `device:${x.deviceId}`)]) {
      let afterSeq = 0;
      for (;;) {
        const page = await listAudit(this.db, { subject, afterSeq, limit: 1_000 });
        audit.push(...page);
        if (page.length < 1_000) break;
        afterSeq = page.at(-1)?.seq ?? afterSeq;
      }
    }
    audit.sort((x, y) => x.seq - y.seq);
    const at = this.app.now().toISOString();
    const body = {
      format: 'stackport.evidence-bundle/1' as const,
      generatedAt: at,
      generatedBy: actor,
      case: d.case,
      events: d.events,
      alerts: d.alerts,
      devices: d.devices,
      shipments,
      checkIns,
      verifications,
      landmarks: await listLandmarks(this.db),
      verifiers,
      signedBatches,
      audit,
      legalStatus: LEGAL_STATUS,
    };
    const sha256 = createHash('sha256').update(canonicalJson(body)).digest('hex');
    await this.db.transaction().execute(async (trx) => {
      await this.#event(trx, id, at, actor, 'bundle', {
        sha256,
        checkIns: checkIns.length,
        verifications: verifications.length,
        signedBatches: signedBatches.length,
      });
    });
    return { ...body, sha256 };
  }

  /** The bundle's PDF summary (the JSON bundle stays the evidence; the PDF cites its digest). */
  async bundlePdf(id: string, actor: string): Promise<{ bytes: Uint8Array; sha256: string; bundleSha256: string }> {
    const b = await this.bundle(id, actor);
    const pdf = await renderPdfWithHash(summaryDocument(b));
    return { ...pdf, bundleSha256: b.sha256 };
  }

  /** A draft report for one of the three duties, as a document (and as PDF bytes when asked). */
  async draftReport(
    id: string,
    kind: string,
    actor: string,
  ): Promise<{ document: ReportDocument; bundleSha256: string }> {
    if (!(REPORT_KINDS as readonly string[]).includes(kind))
      throw new AppError('SP_BAD_REQUEST', `report kind must be one of ${REPORT_KINDS.join(', ')}`, [
        { path: 'kind', message: `one of ${REPORT_KINDS.join(', ')}` },
      ]);
    const k = kind as ReportKind;
    const b = await this.bundle(id, actor);
    const relevant = b.alerts.filter((a) => REPORT_OF_DETECTOR[a.detector] === k);
    const document = reportDocument(k, b, relevant);
    await this.db.transaction().execute(async (trx) => {
      await this.#event(trx, id, b.generatedAt, actor, 'report', {
        kind: k,
        bundleSha256: b.sha256,
        alerts: relevant.map((a) => a.id),
      });
    });
    return { document, bundleSha256: b.sha256 };
  }

  async #checkInsOf(alerts: readonly StoredAlert[]): Promise<StoredCheckIn[]> {
    const out: StoredCheckIn[] = [];
    const byDevice = new Map<string, Set<string>>();
    for (const a of alerts)
      for (const id of a.evidence.checkInIds) {
        // A fleet-anomaly alert cites other devices' check-ins too: look them up by id across those devices.
        const set = byDevice.get(a.deviceId) ?? new Set<string>();
        set.add(id);
        byDevice.set(a.deviceId, set);
      }
    for (const [deviceId, ids] of byDevice) out.push(...(await getCheckIns(this.db, deviceId, [...ids])));
    const members = alerts
      .filter((a) => a.detector === 'fleet-anomaly')
      .flatMap((a) => a.evidence.facts.map((f) => String(f.members ?? '').split(' ')))
      .flat()
      .filter(Boolean);
    const wanted = new Set(alerts.flatMap((a) => a.evidence.checkInIds));
    const have = new Set(out.map((c) => c.checkInId));
    for (const m of new Set(members)) {
      const missing = [...wanted].filter((x) => !have.has(x));
      if (missing.length === 0) break;
      for (const c of await getCheckIns(this.db, m, missing)) {
        out.push(c);
        have.add(c.checkInId);
      }
    }
    return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.checkInId < b.checkInId ? -1 : 1));
  }

  async #claimable(trx: Trx, ids: readonly string[]): Promise<StoredAlert[]> {
    const alerts = await getAlerts(trx, ids);
    const found = new Set(alerts.map((a) => a.id));
    const missing = ids.filter((x) => !found.has(x));
    if (missing.length)
      throw new AppError(
        'SP_NOT_FOUND',
        `no alert ${missing.join(', ')}`,
        missing.map((m) => ({ path: 'alertIds', message: `no alert ${m}` })),
      );
    const taken = alerts.filter((a) => a.status !== ('open' satisfies AlertStatus));
    if (taken.length)
      throw new AppError(
        'SP_CONFLICT',
        `alert(s) not open: ${taken.map((a) => `${a.id} is ${a.status}${a.caseId ? ` in ${a.caseId}` : ''}`).join('; ')}`,
      );
    return alerts;
  }

  async #change(id: string, apply: (trx: Trx, c: StoredCase, at: string) => Promise<void>): Promise<void> {
    const at = this.app.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const c = await getCase(trx, id);
      if (!c) throw new AppError('SP_NOT_FOUND', `no case ${id}`);
      await apply(trx, c, at);
    });
  }

  /** A case event and its audit record, in the caller's transaction. */
  async #event(
    trx: Trx,
    caseId: string,
    at: string,
    actor: string,
    kind: CaseEvent['kind'],
    data: Record<string, unknown>,
  ): Promise<void> {
    const n = (await caseEvents(trx, caseId)).length + 1;
    await insertCaseEvent(trx, { id: `${caseId}:${String(n).padStart(6, '0')}`, caseId, at, actor, kind, data });
    await appendAudit(trx, this.app.connection.engine, {
      at,
      actor,
      action: `fleet.case.${kind}`,
      subject: `case:${caseId}`,
      data,
    });
  }
}

function defaultTitle(alerts: readonly StoredAlert[]): string {
  const devices = [...new Set(alerts.map((a) => a.deviceId))];
  const detectors = [...new Set(alerts.map((a) => a.detector))];
  return `${detectors.join(', ')} on ${devices.length === 1 ? devices[0] : `${devices.length} devices`}`;
}

function deviceRows(devices: readonly StoredDevice[]) {
  return devices.map((d) => [
    d.deviceId,
    d.serial,
    d.model,
    d.eccn,
    d.licenseId ?? null,
    d.licensee,
    d.endUser ?? null,
    `${d.licensedSite.label ?? ''} ${d.licensedSite.country} (${d.licensedSite.position.lat.toFixed(3)}, ${d.licensedSite.position.lon.toFixed(3)}) ±${d.licensedSite.radiusKm} km`.trim(),
  ]);
}

function checkInRows(checkIns: readonly StoredCheckIn[]) {
  return checkIns.map((c) => [
    c.at,
    c.deviceId,
    c.verdict,
    c.region.countriesTouched.join(' ') || '—',
    Math.round(c.region.boundingRadiusKm),
    c.region.licensedSiteInRegion === null ? 'n/a' : c.region.licensedSiteInRegion ? 'yes' : 'no',
    c.tamper ? 'yes' : '',
    c.source === 'verification'
      ? `verification ${c.verificationId ?? ''}`
      : signedBy(c)
        ? `signed by verifier ${signedBy(c)}, batch ${c.batchId ?? ''}`
        : 'imported, unsigned',
  ]);
}

const DEVICE_HEADER = ['Device', 'Serial', 'Model', 'ECCN', 'License', 'Licensee', 'End user', 'Licensed site'];
const CHECK_IN_HEADER = [
  'At (UTC)',
  'Device',
  'Verdict',
  'Countries the region touches',
  'Radius km',
  'Site in region',
  'Tamper',
  'Source',
];

function alertSection(alerts: readonly StoredAlert[], heading = 'Alerts'): ReportSection {
  return {
    heading,
    blocks: [
      {
        kind: 'table',
        header: ['Alert', 'Detector', 'Severity', 'Device', 'First', 'Last', 'What was found'],
        rows: alerts.map((a) => [a.id, a.detector, a.severity, a.deviceId, a.at, a.lastAt, a.message]),
      },
    ],
  };
}

/** The bundle's printable summary. */
export function summaryDocument(b: EvidenceBundle): ReportDocument {
  const c = b.case;
  return {
    title: `Evidence summary — ${c.title}`,
    subtitle: `Case ${c.id}`,
    generatedAt: b.generatedAt,
    reference: c.id,
    confidentiality: 'Business confidential — export compliance',
    sections: [
      {
        heading: 'Case',
        confidential: true,
        blocks: [
          {
            kind: 'keyValue',
            items: [
              { key: 'Status', value: c.status },
              { key: 'Severity', value: c.severity },
              { key: 'Assignee', value: c.assignee },
              { key: 'Opened', value: `${c.openedAt} by ${c.openedBy}` },
              { key: 'Resolution', value: c.resolution },
              { key: 'Evidence bundle sha256', value: b.sha256 },
            ],
          },
          {
            kind: 'callout',
            tone: 'note',
            text: 'This page summarises the JSON evidence bundle with the digest above. The bundle, not this summary, is the evidence: it holds every signed landmark record, so each verdict can be re-verified offline with the landmark keys it lists.',
          },
        ],
      },
      {
        heading: 'Devices',
        confidential: true,
        blocks: [{ kind: 'table', header: DEVICE_HEADER, rows: deviceRows(b.devices) }],
      },
      alertSection(b.alerts),
      {
        heading: 'Check-ins the alerts rely on',
        blocks: [{ kind: 'table', header: CHECK_IN_HEADER, rows: checkInRows(b.checkIns) }],
      },
      {
        heading: 'Case history',
        blocks: [
          {
            kind: 'table',
            header: ['At', 'Who', 'What', 'Details'],
            rows: b.events.map((e) => [e.at, e.actor, e.kind, JSON.stringify(e.data)]),
          },
        ],
      },
      {
        heading: 'Verifications',
        blocks: [
          {
            kind: 'paragraph',
            text: `${b.verifications.length} stored verification(s) with their signed landmark records; ${b.landmarks.length} landmark key(s); ${b.audit.length} audit record(s) of this case and its devices.`,
          },
        ],
      },
    ],
  };
}

function reportDocument(kind: ReportKind, b: EvidenceBundle, relevant: readonly StoredAlert[]): ReportDocument {
  const devices = b.devices.filter((d) => relevant.some((a) => a.deviceId === d.deviceId));
  const ids = new Set(relevant.flatMap((a) => a.evidence.checkInIds));
  const checkIns = b.checkIns.filter((c) => ids.has(c.checkInId));
  const facts: string[] = [];
  for (const a of relevant) facts.push(`${a.at} — ${a.message} [${a.id}, ${a.severity}]`);
  return {
    title: `DRAFT report: ${REPORT_TITLES[kind]}`,
    subtitle: `Case ${b.case.id} — prepared for review by the licensee's export-compliance officer`,
    generatedAt: b.generatedAt,
    reference: `${b.case.id} / ${kind}`,
    confidentiality: 'Business confidential — draft, not filed',
    sections: [
      {
        heading: 'Legal basis and status',
        blocks: [
          { kind: 'callout', tone: 'warning', title: 'Not in force', text: LEGAL_STATUS },
          {
            kind: 'paragraph',
            text: `The introduced text asks the licensee to "promptly report to the Under Secretary of Industry and Security" credible information that a covered product ${kind === 'location' ? '"is in a location other than the location specified in the application"' : kind === 'diversion' ? '"has been diverted to a user other than the user specified"' : '"has been subjected to tampering or an attempt at tampering, including efforts to disable, spoof, manipulate, mislead or circumvent location verification mechanisms"'}. Covered products: ECCN 3A090, 3A001.z, 4A090, 4A003.z. No government filing interface is known; this draft is for the officer to complete and send.`,
          },
        ],
      },
      {
        heading: 'Licensee and products',
        confidential: true,
        blocks: [{ kind: 'table', header: DEVICE_HEADER, rows: deviceRows(devices) }],
      },
      { heading: 'What was observed', blocks: [{ kind: 'bullets', items: facts }] },
      alertSection(relevant, 'Alerts behind this report'),
      {
        heading: 'Location evidence',
        blocks: [
          { kind: 'table', header: CHECK_IN_HEADER, rows: checkInRows(checkIns) },
          {
            kind: 'paragraph',
            text: 'Each verdict bounds where the device can be from round-trip times to landmarks at known places (nothing travels faster than light). A region excluding the licensed site proves the device was not there; it does not prove where inside the region it was.',
          },
        ],
      },
      {
        heading: 'To be completed by the licensee',
        blocks: [
          {
            kind: 'bullets',
            items: [
              'Reporting officer, contact details and date of submission.',
              'License number(s) and the application the licensed location comes from.',
              'What the licensee knows beyond this evidence (customer statements, site inspection, shipping records).',
              'Actions taken (customer contacted, shipments held, devices disabled where the contract allows).',
            ],
          },
          {
            kind: 'keyValue',
            items: [
              { key: 'Evidence bundle sha256', value: b.sha256 },
              { key: 'Case status', value: b.case.status },
            ],
          },
        ],
      },
    ],
  };
}
