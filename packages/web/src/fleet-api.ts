/**
 * The console's client for /api/v1/fleet (end-use monitoring): the overview, device timelines, alerts, cases,
 * evidence bundles and draft reports. The shapes are the app's and the store's own types, imported type-only, so
 * the console cannot drift from the server. The calls are mixed into {@link createApi} (api.ts).
 * @module
 */
import type { CaseDetail, CaseService, FleetService, ImportSummary, PassResult, ReportKind } from '@stackport/app';
import type { CaseStatus, DetectorName, Severity } from '@stackport/core';
import type {
  AlertStatus,
  alertSummary,
  CaseEvent,
  devicesPerCountry,
  StoredAlert,
  StoredCase,
  StoredCheckIn,
  StoredDevice,
} from '@stackport/store';
import { query, type Request, type RequestFile, seg } from './calls.js';

export type {
  AlertStatus,
  CaseDetail,
  CaseEvent,
  CaseStatus,
  DetectorName,
  ImportSummary,
  PassResult,
  ReportKind,
  Severity,
  StoredAlert,
  StoredCase,
  StoredCheckIn,
  StoredDevice,
};

/** GET /fleet/overview: the fleet's counts, devices per licensed-site country, alerts per status and country. */
export type FleetOverview = Awaited<ReturnType<FleetService['counts']>> & {
  readonly countries: Awaited<ReturnType<typeof devicesPerCountry>>;
  readonly alerts: Awaited<ReturnType<typeof alertSummary>>;
};

/** GET /fleet/devices/:id/timeline: the device, its check-ins (newest first) and its alerts. */
export type DeviceTimeline = Awaited<ReturnType<FleetService['timeline']>> & { readonly alerts: StoredAlert[] };

/** GET /fleet/alerts/:id: an alert with the check-ins it relies on. */
export type AlertDetail = Awaited<ReturnType<CaseService['alert']>>;

export interface AlertQuery {
  readonly status?: AlertStatus;
  readonly deviceId?: string;
  readonly detector?: DetectorName;
  readonly severity?: Severity;
  readonly limit?: number;
  readonly offset?: number;
}

export interface CaseQuery {
  readonly status?: CaseStatus;
  readonly assignee?: string;
  readonly limit?: number;
  readonly offset?: number;
}

// Value lists typed against the core's unions: a detector or status added there fails the build here.
export const DETECTORS = [
  'out-of-region',
  'moved-away',
  'impossible-travel',
  'region-inflation',
  'cloned-key',
  'fleet-anomaly',
  'tamper',
  'silent',
] as const satisfies readonly DetectorName[];
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const satisfies readonly Severity[];
export const ALERT_STATUSES = ['open', 'in-case', 'dismissed'] as const satisfies readonly AlertStatus[];
export const CASE_STATUSES = ['open', 'investigating', 'reported', 'closed'] as const satisfies readonly CaseStatus[];

export const DETECTOR_TEXT: Record<DetectorName, string> = {
  'out-of-region': 'VIOLATION verdict: the region provably cannot meet the licensed site',
  'moved-away': 'No point of the region is in the licensed-site disc: the device is not at its site',
  'impossible-travel': 'No airliner itinerary joins two consecutive regions',
  'region-inflation': 'The region grew to 2× its baseline and by 1,000 km or more: added delay (a relay?)',
  'cloned-key': 'Two regions too far apart within one check-in window: two responders hold the key',
  'fleet-anomaly': 'Devices of several licensees away from their sites, converging on one area',
  tamper: 'The agent reported tampering',
  silent: 'No check-in for over 2.1 intervals (absence of evidence, nothing more)',
};

export const CASE_STATUS_LABEL: Record<CaseStatus, string> = {
  open: 'Open',
  investigating: 'Investigating',
  reported: 'Reported',
  closed: 'Closed',
};

/** The button that moves a case to a status. */
export const TRANSITION_LABEL: Record<CaseStatus, string> = {
  open: 'Reopen',
  investigating: 'Investigate',
  reported: 'Mark reported',
  closed: 'Close',
};

const e = seg;

/** The fleet calls, on top of the client's JSON and file requests. */
export function fleetCalls(request: Request, requestFile: RequestFile) {
  return {
    fleetOverview: () => request<FleetOverview>('GET', '/fleet/overview'),
    fleetDevices: (q: { after?: string; limit?: number; licensee?: string; country?: string } = {}) =>
      request<StoredDevice[]>('GET', `/fleet/devices${query(q)}`),
    fleetTimeline: (id: string, limit = 200) =>
      request<DeviceTimeline>('GET', `/fleet/devices/${e(id)}/timeline${query({ limit })}`),
    detect: (req: { mode?: 'incremental' | 'full'; at?: string } = {}) =>
      request<PassResult>('POST', '/fleet/detect', {
        mode: req.mode ?? 'incremental',
        ...(req.at ? { at: req.at } : {}),
      }),
    alerts: (q: AlertQuery = {}) => request<StoredAlert[]>('GET', `/fleet/alerts${query(q)}`),
    alert: (id: string) => request<AlertDetail>('GET', `/fleet/alerts/${e(id)}`),
    dismissAlert: (id: string, reason: string) =>
      request<StoredAlert>('POST', `/fleet/alerts/${e(id)}/dismiss`, { reason }),
    cases: (q: CaseQuery = {}) => request<StoredCase[]>('GET', `/fleet/cases${query(q)}`),
    openCase: (input: { alertIds: readonly string[]; title?: string; assignee?: string; note?: string }) =>
      request<CaseDetail>('POST', '/fleet/cases', input),
    caseDetail: (id: string) => request<CaseDetail>('GET', `/fleet/cases/${e(id)}`),
    setCaseStatus: (id: string, status: CaseStatus, note?: string) =>
      request<CaseDetail>('POST', `/fleet/cases/${e(id)}/status`, { status, ...(note ? { note } : {}) }),
    assignCase: (id: string, assignee: string | null) =>
      request<CaseDetail>('POST', `/fleet/cases/${e(id)}/assign`, { assignee }),
    addCaseNote: (id: string, text: string) => request<CaseDetail>('POST', `/fleet/cases/${e(id)}/notes`, { text }),
    addCaseAlerts: (id: string, alertIds: readonly string[]) =>
      request<CaseDetail>('POST', `/fleet/cases/${e(id)}/alerts`, { alertIds }),
    bundleJson: (id: string) => requestFile('POST', `/fleet/cases/${e(id)}/bundle`, `${id}-evidence.json`),
    bundlePdf: (id: string) => requestFile('POST', `/fleet/cases/${e(id)}/bundle.pdf`, `${id}-evidence.pdf`),
    draftReportPdf: (id: string, kind: ReportKind) =>
      requestFile('POST', `/fleet/cases/${e(id)}/reports/${e(kind)}?format=pdf`, `${id}-${kind}-draft.pdf`),
  };
}
