/**
 * Alerts and cases (migration 0005). Alerts are stored deduplicated (one row per detector, device and dedup
 * window); a case groups alerts and keeps an append-only event log (notes, status changes, assignments, exports).
 * @module
 */
import type { Alert, DetectorName, Severity } from '@stackport/core';
import type { Kysely, Transaction } from 'kysely';
import type { AlertTable, CaseTable, Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type AlertStatus = AlertTable['status'];
export type CaseStatus = CaseTable['status'];

export interface StoredAlert extends Alert {
  readonly status: AlertStatus;
  readonly caseId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

function toAlert(r: AlertTable): StoredAlert {
  return {
    id: r.id,
    detector: r.detector as DetectorName,
    severity: r.severity as Severity,
    deviceId: r.device_id,
    at: r.at,
    lastAt: r.last_at,
    evidence: JSON.parse(r.evidence) as Alert['evidence'],
    message: r.message,
    status: r.status,
    caseId: r.case_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function alertRow(a: StoredAlert): AlertTable {
  return {
    id: a.id,
    detector: a.detector,
    severity: a.severity,
    device_id: a.deviceId,
    at: a.at,
    last_at: a.lastAt,
    evidence: JSON.stringify(a.evidence),
    message: a.message,
    status: a.status,
    case_id: a.caseId,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

/** Stored alerts of these devices whose last finding is at or after `since` (the ones a new finding may extend). */
export async function recentAlertsOfDevices(
  db: Db,
  deviceIds: readonly string[],
  since: string,
): Promise<StoredAlert[]> {
  const out: StoredAlert[] = [];
  for (let i = 0; i < deviceIds.length; i += 500) {
    const part = deviceIds.slice(i, i + 500);
    const rows = await db
      .selectFrom('alerts')
      .selectAll()
      .where('device_id', 'in', part)
      .where('last_at', '>=', since)
      .execute();
    out.push(...rows.map(toAlert));
  }
  return out;
}

export async function insertAlerts(db: Db, alerts: readonly StoredAlert[]): Promise<void> {
  for (let i = 0; i < alerts.length; i += 500)
    await db
      .insertInto('alerts')
      .values(alerts.slice(i, i + 500).map(alertRow))
      .execute();
}

/** Rewrites an alert's merged evidence and status (its id, device, detector and first time never change). */
export async function updateAlertEvidence(db: Db, a: StoredAlert): Promise<void> {
  await db
    .updateTable('alerts')
    .set({
      severity: a.severity,
      last_at: a.lastAt,
      evidence: JSON.stringify(a.evidence),
      message: a.message,
      status: a.status,
      updated_at: a.updatedAt,
    })
    .where('id', '=', a.id)
    .execute();
}

export async function setAlertStatus(
  db: Db,
  ids: readonly string[],
  status: AlertStatus,
  caseId: string | null,
  at: string,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('alerts')
    .set({ status, case_id: caseId, updated_at: at })
    .where('id', 'in', [...ids])
    .execute();
}

export async function getAlert(db: Db, id: string): Promise<StoredAlert | undefined> {
  const r = await db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toAlert(r) : undefined;
}

export async function getAlerts(db: Db, ids: readonly string[]): Promise<StoredAlert[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('alerts')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  return rows.map(toAlert).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
}

export interface AlertQuery {
  readonly status?: AlertStatus;
  readonly deviceId?: string;
  readonly detector?: string;
  readonly severity?: string;
  readonly limit: number;
  readonly offset: number;
}

export async function listAlerts(db: Db, q: AlertQuery): Promise<StoredAlert[]> {
  let query = db.selectFrom('alerts').selectAll();
  if (q.status) query = query.where('status', '=', q.status);
  if (q.deviceId) query = query.where('device_id', '=', q.deviceId);
  if (q.detector) query = query.where('detector', '=', q.detector);
  if (q.severity) query = query.where('severity', '=', q.severity);
  const rows = await query.orderBy('at', 'desc').orderBy('id').limit(q.limit).offset(q.offset).execute();
  return rows.map(toAlert);
}

/** Alert counts per status and per country of the device's licensed site (the queue header and the fleet map). */
export async function alertSummary(
  db: Db,
): Promise<{ byStatus: Record<string, number>; byCountry: { country: string; open: number }[] }> {
  const byStatus: Record<string, number> = {};
  for (const r of await db
    .selectFrom('alerts')
    .select(['status', (eb) => eb.fn.countAll<string | number>().as('n')])
    .groupBy('status')
    .execute())
    byStatus[r.status] = Number(r.n);
  const rows = await db
    .selectFrom('alerts')
    .innerJoin('devices', 'devices.id', 'alerts.device_id')
    .select(['devices.site_country as country', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('alerts.status', '!=', 'dismissed')
    .groupBy('devices.site_country')
    .orderBy('devices.site_country')
    .execute();
  return { byStatus, byCountry: rows.map((r) => ({ country: r.country, open: Number(r.n) })) };
}

export interface StoredCase {
  readonly id: string;
  readonly title: string;
  readonly status: CaseStatus;
  readonly severity: Severity;
  readonly assignee: string | null;
  readonly deviceIds: readonly string[];
  readonly openedAt: string;
  readonly openedBy: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
  readonly resolution: string | null;
}

function toCase(r: CaseTable): StoredCase {
  return {
    id: r.id,
    title: r.title,
    status: r.status,
    severity: r.severity as Severity,
    assignee: r.assignee,
    deviceIds: JSON.parse(r.device_ids) as string[],
    openedAt: r.opened_at,
    openedBy: r.opened_by,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    resolution: r.resolution,
  };
}

export async function insertCase(db: Db, c: StoredCase, alertIds: readonly string[]): Promise<void> {
  await db
    .insertInto('cases')
    .values({
      id: c.id,
      title: c.title,
      status: c.status,
      severity: c.severity,
      assignee: c.assignee,
      device_ids: JSON.stringify(c.deviceIds),
      opened_at: c.openedAt,
      opened_by: c.openedBy,
      updated_at: c.updatedAt,
      closed_at: c.closedAt,
      resolution: c.resolution,
    })
    .execute();
  await linkAlerts(db, c.id, alertIds);
}

export async function linkAlerts(db: Db, caseId: string, alertIds: readonly string[]): Promise<void> {
  if (alertIds.length === 0) return;
  await db
    .insertInto('case_alerts')
    .values(alertIds.map((a) => ({ case_id: caseId, alert_id: a })))
    .onConflict((oc) => oc.columns(['case_id', 'alert_id']).doNothing())
    .execute();
}

export async function updateCase(db: Db, c: StoredCase): Promise<void> {
  await db
    .updateTable('cases')
    .set({
      title: c.title,
      status: c.status,
      severity: c.severity,
      assignee: c.assignee,
      device_ids: JSON.stringify(c.deviceIds),
      updated_at: c.updatedAt,
      closed_at: c.closedAt,
      resolution: c.resolution,
    })
    .where('id', '=', c.id)
    .execute();
}

export async function getCase(db: Db, id: string): Promise<StoredCase | undefined> {
  const r = await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toCase(r) : undefined;
}

export async function caseAlertIds(db: Db, caseId: string): Promise<string[]> {
  const rows = await db.selectFrom('case_alerts').select('alert_id').where('case_id', '=', caseId).execute();
  return rows.map((r) => r.alert_id);
}

export async function listCases(
  db: Db,
  q: { status?: CaseStatus; assignee?: string; limit: number; offset: number },
): Promise<StoredCase[]> {
  let query = db.selectFrom('cases').selectAll();
  if (q.status) query = query.where('status', '=', q.status);
  if (q.assignee) query = query.where('assignee', '=', q.assignee);
  const rows = await query.orderBy('updated_at', 'desc').orderBy('id').limit(q.limit).offset(q.offset).execute();
  return rows.map(toCase);
}

export interface CaseEvent {
  readonly id: string;
  readonly caseId: string;
  readonly at: string;
  readonly actor: string;
  readonly kind: 'opened' | 'status' | 'assign' | 'note' | 'alert-added' | 'bundle' | 'report';
  readonly data: Readonly<Record<string, unknown>>;
}

export async function insertCaseEvent(db: Db, e: CaseEvent): Promise<void> {
  await db
    .insertInto('case_events')
    .values({ id: e.id, case_id: e.caseId, at: e.at, actor: e.actor, kind: e.kind, data: JSON.stringify(e.data) })
    .execute();
}

export async function caseEvents(db: Db, caseId: string): Promise<CaseEvent[]> {
  const rows = await db
    .selectFrom('case_events')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    at: r.at,
    actor: r.actor,
    kind: r.kind as CaseEvent['kind'],
    data: JSON.parse(r.data) as Record<string, unknown>,
  }));
}
