/** Small building blocks shared by the fleet, alert and case pages. */

import type { Fact } from '@stackport/core';
import type { ReactNode } from 'react';
import {
  type AlertStatus,
  CASE_STATUS_LABEL,
  type CaseStatus,
  DETECTOR_TEXT,
  type DetectorName,
  type Severity,
  type StoredAlert,
} from '../fleet-api';
import { fmtDate, shortId } from '../format';
import { href } from '../router';

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`badge sev sev-${severity}`}>{severity}</span>;
}

export function DetectorLabel({ detector }: { detector: DetectorName }) {
  return (
    <abbr className="detector mono" title={DETECTOR_TEXT[detector]}>
      {detector}
    </abbr>
  );
}

export function AlertStatusBadge({ alert }: { alert: Pick<StoredAlert, 'status' | 'caseId'> }) {
  const s: AlertStatus = alert.status;
  return (
    <span className="nowrap">
      <span className={`badge astatus-${s}`} data-testid="alert-status">
        {s}
      </span>
      {alert.caseId && (
        <>
          {' '}
          <a href={href('cases', alert.caseId)} className="mono sub">
            {alert.caseId}
          </a>
        </>
      )}
    </span>
  );
}

export function CaseStatusBadge({ status, testId }: { status: CaseStatus; testId?: string }) {
  return (
    <span className={`badge cstatus-${status}`} data-testid={testId}>
      {CASE_STATUS_LABEL[status]}
    </span>
  );
}

export function FleetCrumbs({ root, children }: { root: 'fleet' | 'alerts' | 'cases'; children?: ReactNode }) {
  const label = { fleet: 'Fleet', alerts: 'Alerts', cases: 'Cases' }[root];
  return (
    <nav aria-label="Breadcrumb" className="crumbs">
      <a href={href(root)}>{label}</a>
      {children}
    </nav>
  );
}

export const deviceHref = (deviceId: string) => href('fleet', 'devices', deviceId);

/** A fact's value for people: numbers rounded, booleans as yes/no. */
function fmtFact(v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(1);
  return v;
}

/** The detector's evidence: each merged finding's facts and the check-ins relied on. */
export function AlertEvidence({ alert }: { alert: StoredAlert }) {
  const facts: readonly Fact[] = alert.evidence.facts;
  return (
    <details className="details alert-evidence">
      <summary>
        Evidence: {alert.evidence.findings} finding{alert.evidence.findings === 1 ? '' : 's'},{' '}
        {alert.evidence.checkInIds.length} check-in{alert.evidence.checkInIds.length === 1 ? '' : 's'}
      </summary>
      {facts.map((f, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: findings are in time order and never reorder
        <dl key={i} className="kv fact-list">
          {Object.entries(f).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd className="mono">{fmtFact(v)}</dd>
            </div>
          ))}
        </dl>
      ))}
      <p className="sub mono">check-ins: {alert.evidence.checkInIds.join(', ') || '—'}</p>
    </details>
  );
}

/** Alerts as a table; `select` adds a checkbox per open alert, `actions` a last column. */
export function AlertTable({
  alerts,
  label,
  showDevice = true,
  select,
  actions,
  below,
}: {
  alerts: readonly StoredAlert[];
  label: string;
  showDevice?: boolean;
  select?: { selected: ReadonlySet<string>; toggle: (id: string) => void } | undefined;
  actions?: ((a: StoredAlert) => ReactNode) | undefined;
  /** A row under an alert's row (a dismiss form, say). */
  below?: ((a: StoredAlert) => ReactNode) | undefined;
}) {
  const cols = 6 + (select ? 1 : 0) + (showDevice ? 1 : 0) + (actions ? 1 : 0);
  return (
    <div className="table-scroll">
      <table className="table alert-table" aria-label={label}>
        <thead>
          <tr>
            {select && (
              <th scope="col">
                <span className="sr-only">Select</span>
              </th>
            )}
            <th scope="col">Severity</th>
            <th scope="col">Detector</th>
            {showDevice && <th scope="col">Device</th>}
            <th scope="col">First · last</th>
            <th scope="col">What was found</th>
            <th scope="col">Status</th>
            <th scope="col">Alert</th>
            {actions && (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => {
            const extra = below?.(a);
            return (
              <AlertRows key={a.id} a={a} extra={extra} cols={cols}>
                {select && (
                  <td>
                    {a.status === 'open' && (
                      <input
                        type="checkbox"
                        aria-label={`Select alert ${a.id}`}
                        checked={select.selected.has(a.id)}
                        onChange={() => select.toggle(a.id)}
                      />
                    )}
                  </td>
                )}
                <td>
                  <SeverityBadge severity={a.severity} />
                </td>
                <td>
                  <DetectorLabel detector={a.detector} />
                </td>
                {showDevice && (
                  <td className="nowrap">
                    <a href={deviceHref(a.deviceId)} className="mono">
                      {a.deviceId}
                    </a>
                  </td>
                )}
                <td className="nowrap sub">
                  {fmtDate(a.at)}
                  {a.lastAt !== a.at && <div>{fmtDate(a.lastAt)}</div>}
                </td>
                <td className="alert-message">
                  {a.message}
                  <AlertEvidence alert={a} />
                </td>
                <td>
                  <AlertStatusBadge alert={a} />
                </td>
                <td className="mono sub" title={a.id}>
                  {shortId(a.id, 11)}
                </td>
                {actions && <td className="nowrap">{actions(a)}</td>}
              </AlertRows>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function AlertRows({
  a,
  extra,
  cols,
  children,
}: {
  a: StoredAlert;
  extra: ReactNode;
  cols: number;
  children: ReactNode;
}) {
  return (
    <>
      <tr
        data-testid="alert-row"
        data-alert={a.id}
        data-device={a.deviceId}
        data-detector={a.detector}
        data-status={a.status}
      >
        {children}
      </tr>
      {extra && (
        <tr className="alert-extra">
          <td colSpan={cols}>{extra}</td>
        </tr>
      )}
    </>
  );
}

export function CountryChips({ codes, site }: { codes: readonly string[]; site?: string }) {
  if (codes.length === 0) return <span className="muted">none (open sea)</span>;
  return (
    <span className="country-chips">
      {codes.map((c) => (
        <span
          key={c}
          className={`badge country${site && c !== site ? ' country-away' : ''}`}
          data-testid="touched-country"
        >
          {c}
        </span>
      ))}
    </span>
  );
}
