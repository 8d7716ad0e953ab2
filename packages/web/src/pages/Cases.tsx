/**
 * Cases (GET/POST /api/v1/fleet/cases[/:id]):
 * - #/cases: the cases, recently updated first, by status;
 * - #/cases/<id>: one case: its alerts, devices and history; the allowed status changes with a note (the server
 *   requires one to close, to mark reported and to reopen, and its refusal is shown as it sent it); assignment and
 *   notes; the evidence bundle (JSON) and its PDF summary; draft reports (PDF) for the duties the alerts bear on,
 *   under a bill that is not in force.
 */
import { type FormEvent, type ReactNode, useCallback, useEffect, useId, useState } from 'react';
import { type Download, saveDownload } from '../calls';
import { AlertTable, CaseStatusBadge, deviceHref, FleetCrumbs, SeverityBadge } from '../components/FleetUi';
import { Empty, ProblemAlert, QueueCard, Spinner, StatusTabs } from '../components/ui';
import {
  CASE_STATUS_LABEL,
  CASE_STATUSES,
  type CaseDetail,
  type CaseEvent,
  type CaseStatus,
  type ReportKind,
  TRANSITION_LABEL,
} from '../fleet-api';
import { fmtDate, plural } from '../format';
import { href, useRouteParams, useRouteQuery } from '../router';
import { useSession } from '../session';
import { useAction } from '../use-action';
import { canAct, useLoad } from '../use-load';

/** The cases a queue page shows: the most recently changed. */
const CASES_LIMIT = 500;

export function CasesPage() {
  const [id] = useRouteParams();
  if (id) return <CaseView id={id} />;
  return <CaseList />;
}

// ------------------------------------------------------------------ the list

function CaseList() {
  const { api } = useSession();
  const params = useRouteQuery();
  const raw = params.get('status');
  const status = raw && (CASE_STATUSES as readonly string[]).includes(raw) ? (raw as CaseStatus) : undefined;
  const { data, error } = useLoad(
    useCallback(() => api.cases({ limit: CASES_LIMIT, ...(status ? { status } : {}) }), [api, status]),
  );
  // Coming back from a case, the route is the same: the shell does not reset the title.
  useEffect(() => {
    document.title = 'Cases · Stackport';
  }, []);
  return (
    <div className="page">
      <div className="page-head">
        <h1>Cases</h1>
        <p className="lede">
          A case groups alerts for an investigation: open → investigating → reported → closed, with notes, an assignee,
          the evidence bundle and draft reports. Open one from the <a href={href('alerts')}>alert queue</a>.
        </p>
      </div>
      <StatusTabs
        label="Case status"
        statuses={[undefined, ...CASE_STATUSES]}
        current={status}
        labelOf={(s) => CASE_STATUS_LABEL[s]}
        hrefOf={(s) => (s ? `${href('cases')}?status=${s}` : href('cases'))}
      />
      <ProblemAlert error={error} label="Cases failed" />
      {!data && !error && <Spinner />}
      {data && (
        <QueueCard
          titleId="cases-queue-title"
          count={data.length}
          noun="case"
          statusLabel={status && CASE_STATUS_LABEL[status]}
          limit={CASES_LIMIT}
          order="most recently changed first"
          empty={`No case${status ? ` is ${CASE_STATUS_LABEL[status].toLowerCase()}` : ' yet'}.`}
        >
          <table className="table" aria-label="Cases">
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">Status</th>
                <th scope="col">Severity</th>
                <th scope="col">Assignee</th>
                <th scope="col" className="num">
                  Devices
                </th>
                <th scope="col">Opened</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {data.map((c) => (
                <tr key={c.id} data-testid="case-row" data-case={c.id}>
                  <td>
                    <a href={href('cases', c.id)} className="strong-link">
                      {c.title}
                    </a>
                    <div className="sub mono">{c.id}</div>
                  </td>
                  <td>
                    <CaseStatusBadge status={c.status} />
                  </td>
                  <td>
                    <SeverityBadge severity={c.severity} />
                  </td>
                  <td>{c.assignee ?? <span className="muted">unassigned</span>}</td>
                  <td className="num">{c.deviceIds.length}</td>
                  <td className="nowrap sub">
                    {fmtDate(c.openedAt)}
                    <div>{c.openedBy}</div>
                  </td>
                  <td className="nowrap sub">{fmtDate(c.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </QueueCard>
      )}
    </div>
  );
}

// ------------------------------------------------------------------ one case

function CaseView({ id }: { id: string }) {
  const { api, me } = useSession();
  const loaded = useLoad(useCallback(() => api.caseDetail(id), [api, id]));
  const d = loaded.data;
  useEffect(() => {
    if (d) document.title = `${d.case.title} · Cases · Stackport`;
  }, [d]);
  const actor = canAct(me.role);
  return (
    <div className="page">
      <FleetCrumbs root="cases">
        <span aria-current="page" className="mono">
          {id}
        </span>
      </FleetCrumbs>
      <ProblemAlert error={loaded.error} label="Case failed" />
      {!d && !loaded.error && <Spinner />}
      {d && (
        <>
          <div className="page-head">
            <h1 data-testid="case-title">
              {d.case.title} <CaseStatusBadge status={d.case.status} testId="case-status" />{' '}
              <SeverityBadge severity={d.case.severity} />
            </h1>
          </div>
          <dl className="stats fleet-stats" data-testid="case-facts">
            <div className="stat">
              <dt className="stat-label">Case</dt>
              <dd className="stat-value mono">{d.case.id}</dd>
              <dd className="stat-sub">
                opened {fmtDate(d.case.openedAt)} by {d.case.openedBy}
              </dd>
            </div>
            <div className="stat">
              <dt className="stat-label">Assignee</dt>
              <dd className="stat-value" data-testid="case-assignee">
                {d.case.assignee ?? <span className="muted">unassigned</span>}
              </dd>
              <dd className="stat-sub">updated {fmtDate(d.case.updatedAt)}</dd>
            </div>
            <div className="stat">
              <dt className="stat-label">Alerts · devices</dt>
              <dd className="stat-value">
                {d.alerts.length} · {d.devices.length}
              </dd>
              <dd className="stat-sub">{plural(d.events.length, 'event')} in the history</dd>
            </div>
            <div className="stat">
              <dt className="stat-label">Resolution</dt>
              <dd className="stat-value">{d.case.resolution ?? <span className="muted">—</span>}</dd>
              <dd className="stat-sub">{d.case.closedAt ? `closed ${fmtDate(d.case.closedAt)}` : 'not closed'}</dd>
            </div>
          </dl>
          {actor && <CaseActions detail={d} onChange={loaded.set} />}
          <EvidenceAndReports detail={d} actor={actor} onExported={loaded.reload} />
          <section className="card" aria-labelledby="case-alerts-title">
            <h2 id="case-alerts-title" className="card-title">
              Alerts <span className="muted">{plural(d.alerts.length, 'alert')}</span>
            </h2>
            <AlertTable alerts={d.alerts} label="Case alerts" />
          </section>
          <section className="card" aria-labelledby="case-devices-title">
            <h2 id="case-devices-title" className="card-title">
              Devices <span className="muted">{plural(d.devices.length, 'device')}</span>
            </h2>
            <div className="table-scroll">
              <table className="table table-compact" aria-label="Case devices">
                <thead>
                  <tr>
                    <th scope="col">Device</th>
                    <th scope="col">Model · ECCN</th>
                    <th scope="col">Licensee</th>
                    <th scope="col">Licensed site</th>
                  </tr>
                </thead>
                <tbody>
                  {d.devices.map((x) => (
                    <tr key={x.deviceId} data-testid="case-device" data-device={x.deviceId}>
                      <td>
                        <a href={deviceHref(x.deviceId)} className="mono strong-link">
                          {x.deviceId}
                        </a>
                        <div className="sub">{x.serial}</div>
                      </td>
                      <td>
                        {x.model} <code>{x.eccn}</code>
                      </td>
                      <td>
                        {x.licensee}
                        {x.licenseId && <div className="sub">License {x.licenseId}</div>}
                      </td>
                      <td>
                        {x.licensedSite.label ?? 'Site'} <span className="badge country">{x.licensedSite.country}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <History events={d.events} />
        </>
      )}
    </div>
  );
}

function CaseActions({ detail, onChange }: { detail: CaseDetail; onChange: (d: CaseDetail) => void }) {
  const { api } = useSession();
  const id = detail.case.id;
  const ids = useId();
  const [note, setNote] = useState('');
  const [assignee, setAssignee] = useState(detail.case.assignee ?? '');
  const [text, setText] = useState('');
  const status = useAction();
  const assign = useAction();
  const addNote = useAction();

  const move = async (to: CaseStatus) => {
    const d = await status.run(() => api.setCaseStatus(id, to, note.trim() || undefined));
    if (d) {
      onChange(d);
      setNote('');
    }
  };
  const submitAssign = async (e: FormEvent) => {
    e.preventDefault();
    const d = await assign.run(() => api.assignCase(id, assignee.trim() || null));
    if (d) onChange(d);
  };
  const submitNote = async (e: FormEvent) => {
    e.preventDefault();
    const d = await addNote.run(() => api.addCaseNote(id, text));
    if (d) {
      onChange(d);
      setText('');
    }
  };

  return (
    <section className="card case-actions" aria-labelledby={`${ids}-t`}>
      <h2 id={`${ids}-t`} className="card-title">
        Work the case
      </h2>
      <div className="case-action-grid">
        <div className="case-action" data-testid="status-change">
          <h3>Status</h3>
          <label className="field" htmlFor={`${ids}-note`}>
            <span>
              Note <span className="optional">required to close (the resolution), to mark reported and to reopen</span>
            </span>
          </label>
          <textarea
            id={`${ids}-note`}
            name="status-note"
            rows={2}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <div className="form-row">
            {detail.allowedTransitions.map((to) => (
              <button
                key={to}
                type="button"
                className={`btn btn-small${to === 'closed' ? '' : ' btn-primary'}`}
                disabled={status.busy}
                onClick={() => move(to)}
                data-to={to}
              >
                {TRANSITION_LABEL[to]}
              </button>
            ))}
          </div>
          <ProblemAlert error={status.error} label="Status change refused" />
        </div>
        <form className="case-action" onSubmit={submitAssign}>
          <h3>Assignee</h3>
          <label className="field">
            <span>Who works the case</span>
            <input name="assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)} maxLength={200} />
          </label>
          <div className="form-row">
            <button type="submit" className="btn btn-small" disabled={assign.busy}>
              {assignee.trim() ? 'Assign' : 'Unassign'}
            </button>
          </div>
          <ProblemAlert error={assign.error} label="Assignment refused" />
        </form>
        <form className="case-action" onSubmit={submitNote}>
          <h3>Note</h3>
          <label className="field">
            <span>Add to the history</span>
            <textarea name="case-note" rows={2} value={text} onChange={(e) => setText(e.target.value)} />
          </label>
          <div className="form-row">
            <button type="submit" className="btn btn-small" disabled={addNote.busy}>
              Add note
            </button>
          </div>
          <ProblemAlert error={addNote.error} label="Note refused" />
        </form>
      </div>
    </section>
  );
}

const REPORT_HINT: Record<ReportKind, string> = {
  location: 'in a location other than the licensed one',
  diversion: 'diverted to a user other than the licensed one',
  tampering: 'tampered with, or its location verification spoofed or circumvented',
};

function EvidenceAndReports({
  detail,
  actor,
  onExported,
}: {
  detail: CaseDetail;
  actor: boolean;
  onExported: () => void;
}) {
  const { api } = useSession();
  const id = detail.case.id;
  const action = useAction();
  const [last, setLast] = useState<{ name: string; bundleSha256: string | null } | null>(null);
  const download = async (f: () => Promise<Download>) => {
    const d = await action.run(f);
    if (!d) return;
    saveDownload(d);
    setLast({ name: d.fileName, bundleSha256: d.headers.get('x-bundle-sha256') });
    onExported();
  };
  return (
    <section className="card" aria-labelledby="case-evidence-title">
      <h2 id="case-evidence-title" className="card-title">
        Evidence and reports
      </h2>
      <div className="case-evidence">
        <div>
          <h3>Evidence bundle</h3>
          <p className="sub">
            The JSON bundle is the evidence: the case, alerts, check-ins, the stored verifications with every signed
            landmark record, the landmark keys and the audit records, with a sha256 over it. The PDF summarises it and
            cites the digest. Every export is recorded in the history.
          </p>
          {actor ? (
            <div className="form-row">
              <button
                type="button"
                className="btn btn-small"
                disabled={action.busy}
                onClick={() => download(() => api.bundleJson(id))}
              >
                Download bundle (JSON)
              </button>
              <button
                type="button"
                className="btn btn-small"
                disabled={action.busy}
                onClick={() => download(() => api.bundlePdf(id))}
              >
                Download PDF summary
              </button>
            </div>
          ) : (
            <p className="muted">Exports are for analysts.</p>
          )}
        </div>
        <div>
          <h3>Draft reports</h3>
          <div className="draft-notice" role="note" data-testid="draft-notice">
            <strong>DRAFT — not in force.</strong> The Chip Security Act (S.1705, H.R.3447, 119th Congress) is a bill,
            not law: the reporting duties, deadlines and recipient are those of the introduced text (§4) and may change.
            Each draft says so and is for the export-compliance officer to complete; nothing is filed.
          </div>
          {detail.reportsIndicated.length === 0 ? (
            <Empty>
              No report is indicated by this case’s alerts (silence alone is absence of evidence, not a reportable
              fact).
            </Empty>
          ) : (
            <ul className="report-list">
              {detail.reportsIndicated.map((r) => (
                <li key={r.kind} data-testid="report-indicated" data-kind={r.kind}>
                  <div>
                    <strong>{r.title}</strong>{' '}
                    <span className="muted">
                      (§4: product {REPORT_HINT[r.kind]}; {plural(r.alertIds.length, 'alert')})
                    </span>
                  </div>
                  {actor && (
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={action.busy}
                      onClick={() => download(() => api.draftReportPdf(id, r.kind))}
                    >
                      Draft report (PDF)
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <ProblemAlert error={action.error} label="Export failed" />
      {last && (
        <output className="flash" data-testid="export-result">
          Downloaded <span className="mono">{last.name}</span>
          {last.bundleSha256 && (
            <>
              {' '}
              · evidence bundle sha256 <span className="mono">{last.bundleSha256}</span>
            </>
          )}
        </output>
      )}
    </section>
  );
}

function History({ events }: { events: readonly CaseEvent[] }) {
  return (
    <section className="card" aria-labelledby="case-history-title">
      <h2 id="case-history-title" className="card-title">
        History <span className="muted">oldest first; every entry is also in the audit trail</span>
      </h2>
      <ol className="case-history">
        {events.map((e) => (
          <li key={e.id} data-testid="case-event" data-kind={e.kind}>
            <div className="sub">
              {fmtDate(e.at)} · {e.actor}
            </div>
            <div>{describeEvent(e)}</div>
          </li>
        ))}
      </ol>
    </section>
  );
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const count = (v: unknown): number => (Array.isArray(v) ? v.length : 0);

function describeEvent(e: CaseEvent): ReactNode {
  const d = e.data;
  const note = str(d.note);
  const quote = (t: string | null) => (t ? <blockquote className="event-note">{t}</blockquote> : null);
  switch (e.kind) {
    case 'opened':
      return (
        <>
          Opened with {plural(count(d.alertIds), 'alert')}
          {str(d.assignee) ? `, assigned to ${str(d.assignee)}` : ''}
          {quote(note)}
        </>
      );
    case 'status':
      return (
        <>
          Status {str(d.from) ?? '?'} → <strong>{str(d.to) ?? '?'}</strong>
          {quote(note)}
        </>
      );
    case 'assign':
      return (
        <>
          Assigned to {str(d.to) ?? 'nobody'}
          {str(d.from) ? ` (was ${str(d.from)})` : ''}
        </>
      );
    case 'note':
      return <>Note{quote(str(d.text))}</>;
    case 'alert-added':
      return <>Added {plural(count(d.alertIds), 'alert')}</>;
    case 'bundle':
      return (
        <>
          Evidence bundle exported · sha256 <span className="mono sub">{str(d.sha256)}</span>
        </>
      );
    case 'report':
      return (
        <>
          Draft {str(d.kind)} report generated · bundle sha256 <span className="mono sub">{str(d.bundleSha256)}</span>
        </>
      );
    default:
      return <>{e.kind}</>;
  }
}
