/**
 * The alert queue (GET /api/v1/fleet/alerts): filter by status, detector, severity and device; select open
 * alerts and open a case from them (POST /fleet/cases); dismiss an open alert with a reason
 * (POST /fleet/alerts/:id/dismiss). The filters live in the hash (`#/alerts?status=open&detector=moved-away`), so
 * a filtered queue can be linked to.
 */
import { type FormEvent, useCallback, useId, useMemo, useState } from 'react';
import { type ApiError, toApiError } from '../api';
import { AlertTable } from '../components/FleetUi';
import { Empty, ProblemAlert, Spinner } from '../components/ui';
import {
  ALERT_STATUSES,
  type AlertQuery,
  type AlertStatus,
  DETECTORS,
  type DetectorName,
  SEVERITIES,
  type Severity,
  type StoredAlert,
} from '../fleet-api';
import { plural } from '../format';
import { href, useRouteQuery } from '../router';
import { useSession } from '../session';
import { canAct, useLoad } from '../use-load';

const LIMIT = 200;

function pick<T extends string>(v: string | null, allowed: readonly T[]): T | undefined {
  return v && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

export function AlertsPage() {
  const { api, me } = useSession();
  const params = useRouteQuery();
  // No status in the hash: the open queue; `status=` (empty): every status.
  const status = params.has('status') ? pick<AlertStatus>(params.get('status'), ALERT_STATUSES) : 'open';
  const detector = pick<DetectorName>(params.get('detector'), DETECTORS);
  const severity = pick<Severity>(params.get('severity'), SEVERITIES);
  const deviceId = params.get('deviceId') || undefined;
  const q: AlertQuery = useMemo(
    () => ({
      limit: LIMIT,
      ...(status ? { status } : {}),
      ...(detector ? { detector } : {}),
      ...(severity ? { severity } : {}),
      ...(deviceId ? { deviceId } : {}),
    }),
    [status, detector, severity, deviceId],
  );
  const { data, error, reload } = useLoad(useCallback(() => api.alerts(q), [api, q]));
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [dismissing, setDismissing] = useState<string | null>(null);
  const actor = canAct(me.role);

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (name === 'status') next.set('status', value);
    else if (value) next.set(name, value);
    else next.delete(name);
    setSelected(new Set());
    window.location.hash = `${href('alerts')}?${next.toString()}`;
  };

  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const shown = data ?? [];
  const openShown = shown.filter((a) => a.status === 'open');
  const chosen = shown.filter((a) => selected.has(a.id));

  return (
    <div className="page">
      <div className="page-head">
        <h1>Alert queue</h1>
        <p className="lede">
          What the detector passes found, deduplicated per detector and device. Select open alerts to open a case, or
          dismiss one with a reason (new evidence reopens it). Each detector is explained in{' '}
          <code>docs/monitoring.md</code>.
        </p>
      </div>
      <section className="card">
        <form className="form-row alert-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
          <label className="field">
            <span>Status</span>
            <select value={status ?? ''} onChange={(e) => setFilter('status', e.target.value)} name="status">
              <option value="">all</option>
              {ALERT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Detector</span>
            <select value={detector ?? ''} onChange={(e) => setFilter('detector', e.target.value)} name="detector">
              <option value="">all</option>
              {DETECTORS.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Severity</span>
            <select value={severity ?? ''} onChange={(e) => setFilter('severity', e.target.value)} name="severity">
              <option value="">all</option>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Device</span>
            <input
              name="deviceId"
              defaultValue={deviceId ?? ''}
              key={deviceId ?? ''}
              placeholder="any"
              onKeyDown={(e) => {
                if (e.key === 'Enter') setFilter('deviceId', e.currentTarget.value.trim());
              }}
              onBlur={(e) => {
                if (e.currentTarget.value.trim() !== (deviceId ?? ''))
                  setFilter('deviceId', e.currentTarget.value.trim());
              }}
            />
          </label>
        </form>
      </section>
      <ProblemAlert error={error} label="Alerts failed" />
      {!data && !error && <Spinner />}
      {data && actor && chosen.length > 0 && <OpenCase alerts={chosen} onCancel={() => setSelected(new Set())} />}
      {data && (
        <section className="card" aria-labelledby="queue-title">
          <div className="card-head">
            <h2 id="queue-title">
              {plural(data.length, 'alert')}
              {data.length === LIMIT && <span className="muted"> (the first {LIMIT}; narrow the filters)</span>}
            </h2>
            {actor && openShown.length > 0 && (
              <span className="toolbar">
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => setSelected(new Set(openShown.map((a) => a.id)))}
                >
                  Select all open ({openShown.length})
                </button>
                {selected.size > 0 && (
                  <button type="button" className="btn btn-small btn-quiet" onClick={() => setSelected(new Set())}>
                    Clear selection
                  </button>
                )}
              </span>
            )}
          </div>
          {data.length === 0 ? (
            <Empty>No alert matches these filters.</Empty>
          ) : (
            <AlertTable
              alerts={data}
              label="Alerts"
              select={actor ? { selected, toggle } : undefined}
              actions={
                actor
                  ? (a) =>
                      a.status === 'open' && (
                        <button
                          type="button"
                          className="btn btn-small btn-quiet"
                          aria-expanded={dismissing === a.id}
                          onClick={() => setDismissing(dismissing === a.id ? null : a.id)}
                        >
                          Dismiss…
                        </button>
                      )
                  : undefined
              }
              below={(a) =>
                dismissing === a.id ? (
                  <DismissForm
                    alert={a}
                    onDone={() => {
                      setDismissing(null);
                      setSelected((s) => {
                        const n = new Set(s);
                        n.delete(a.id);
                        return n;
                      });
                      reload();
                    }}
                  />
                ) : null
              }
            />
          )}
        </section>
      )}
    </div>
  );
}

function OpenCase({ alerts, onCancel }: { alerts: readonly StoredAlert[]; onCancel: () => void }) {
  const { api } = useSession();
  const [title, setTitle] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const ids = useId();
  const devices = [...new Set(alerts.map((a) => a.deviceId))];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const d = await api.openCase({
        alertIds: alerts.map((a) => a.id),
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      window.location.hash = href('cases', d.case.id);
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  };
  return (
    <section className="card open-case" aria-labelledby={`${ids}-t`}>
      <form onSubmit={submit} className="form-card">
        <h2 id={`${ids}-t`} className="card-title">
          Open a case from {plural(alerts.length, 'selected alert')}{' '}
          <span className="muted">on {plural(devices.length, 'device')}</span>
        </h2>
        <ProblemAlert error={error} label="The case was not opened" />
        <div className="form-row">
          <label className="field field-grow">
            <span>
              Title <span className="optional">optional: the detectors and devices by default</span>
            </span>
            <input value={title} onChange={(e) => setTitle(e.target.value)} name="title" maxLength={300} />
          </label>
        </div>
        <div className="form-row">
          <label className="field field-grow">
            <span>
              Note <span className="optional">optional</span>
            </span>
            <textarea value={note} onChange={(e) => setNote(e.target.value)} name="note" rows={2} />
          </label>
        </div>
        <div className="form-row">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Opening…' : 'Open a case'}
          </button>
          <button type="button" className="btn btn-quiet" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

function DismissForm({ alert, onDone }: { alert: StoredAlert; onDone: () => void }) {
  const { api } = useSession();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.dismissAlert(alert.id, reason);
      onDone();
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  };
  return (
    <form className="dismiss-form" onSubmit={submit} aria-label={`Dismiss alert ${alert.id}`}>
      <label className="field field-grow" htmlFor={id}>
        <span>Why is this alert dismissed? (kept in the audit trail)</span>
      </label>
      <textarea id={id} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} name="reason" />
      <ProblemAlert error={error} label="Dismissal refused" />
      <div className="form-row">
        <button type="submit" className="btn btn-small btn-primary" disabled={busy}>
          Dismiss the alert
        </button>
      </div>
    </form>
  );
}
