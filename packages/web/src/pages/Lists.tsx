/** Lists and status: active list versions with per-source counts, every version with provenance, audit chain. */
import { useCallback, useEffect, useState } from 'react';
import {
  type ApiError,
  type AuditVerdict,
  HIT_STATUSES,
  type ListVersion,
  STATUS_LABEL,
  type Status,
  toApiError,
} from '../api';
import { ProblemAlert, SourceBadge, Spinner, StatusBadge } from '../components/ui';
import { fmtDate, fmtInt, SOURCE_NAMES } from '../format';
import { useSession } from '../session';

interface Loaded {
  status: Status;
  versions: ListVersion[];
  audit: AuditVerdict | ApiError;
}

export function ListsPage() {
  const { api } = useSession();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const [status, versions, audit] = await Promise.all([
        api.status(),
        api.lists(),
        api.auditVerify().catch((e: unknown) => toApiError(e)),
      ]);
      setData({ status, versions, audit });
      setError(null);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setLoading(false);
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="page">
      <div className="page-head page-head-row">
        <div>
          <h1>Lists &amp; status</h1>
          <p className="lede">
            The list versions screening runs against, every version imported before them, and the integrity of the audit
            log. Import new versions with <code>stackport lists import FILE</code> or{' '}
            <code>POST /api/v1/lists/import</code> (admin).
          </p>
        </div>
        <button type="button" className="btn" onClick={() => void load()} disabled={loading}>
          {loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <ProblemAlert error={error} label="Could not load the status" />
      {!data && loading && <Spinner />}
      {data && <StatusView data={data} />}
    </div>
  );
}

function StatusView({ data: { status, versions, audit } }: { data: Loaded }) {
  const totalHits = HIT_STATUSES.reduce((s, k) => s + (status.hits[k] ?? 0), 0);
  return (
    <>
      <section className="stats" aria-label="Summary">
        <div className="stat">
          <div className="stat-label">Matcher</div>
          <div className="stat-value mono" data-testid="status-matcher">
            {status.matcherVersion}
          </div>
          <div className="stat-sub">store: {status.engine}</div>
        </div>
        <div className="stat">
          <div className="stat-label">Screening index</div>
          <div className="stat-value">{fmtInt(status.index.entries)} entries</div>
          <div className="stat-sub">{fmtInt(status.index.names)} names and aliases</div>
        </div>
        <div className="stat">
          <div className="stat-label">Hits</div>
          <div className="stat-value">{fmtInt(totalHits)}</div>
          <div className="stat-sub hit-counts">
            {HIT_STATUSES.map((s) => (
              <a key={s} href={`#/review?status=${s}`} className="hit-count">
                {STATUS_LABEL[s]} <strong>{fmtInt(status.hits[s] ?? 0)}</strong>
              </a>
            ))}
          </div>
        </div>
        <AuditStat audit={audit} />
        <div className="stat">
          <div className="stat-label">API</div>
          <div className="stat-value">
            <a href="/docs" target="_blank" rel="noreferrer">
              API documentation
            </a>
          </div>
          <div className="stat-sub">
            <a href="/openapi.json">openapi.json</a> · <code>/api/v1</code>
          </div>
        </div>
      </section>

      <section className="card" aria-labelledby="active-title">
        <h2 id="active-title" className="card-title">
          Active lists
        </h2>
        <div className="active-lists">
          {[...status.lists]
            .sort((a, b) => a.dataset.localeCompare(b.dataset))
            .map((v) => (
              <ActiveList key={v.id} v={v} />
            ))}
          {status.lists.length === 0 && <p className="empty">No list imported yet.</p>}
        </div>
      </section>

      <section className="card" aria-labelledby="versions-title">
        <h2 id="versions-title" className="card-title">
          All versions <span className="muted">({versions.length}, newest import first)</span>
        </h2>
        <div className="table-scroll">
          <table className="table versions-table" aria-labelledby="versions-title">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">List</th>
                <th scope="col">Published</th>
                <th scope="col">Imported</th>
                <th scope="col" className="num">
                  Entries
                </th>
                <th scope="col">Delta</th>
                <th scope="col" className="num">
                  Problems
                </th>
                <th scope="col">File</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <VersionRow key={v.id} v={v} />
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

function AuditStat({ audit }: { audit: AuditVerdict | ApiError }) {
  if (!('ok' in audit)) {
    return (
      <div className="stat" data-testid="audit-status">
        <div className="stat-label">Audit chain</div>
        <div className="stat-value muted">unavailable</div>
        <div className="stat-sub">{audit.detail}</div>
      </div>
    );
  }
  return (
    <div className={`stat ${audit.ok ? 'stat-ok' : 'stat-bad'}`} data-testid="audit-status">
      <div className="stat-label">Audit chain</div>
      {audit.ok ? (
        <>
          <div className="stat-value">
            <span className="dot dot-ok" aria-hidden="true" /> Intact
          </div>
          <div className="stat-sub">
            {fmtInt(audit.count)} records verified · head{' '}
            <code title={audit.headHash}>{audit.headHash.slice(0, 12)}</code>
          </div>
        </>
      ) : (
        <>
          <div className="stat-value" role="alert">
            <span className="dot dot-bad" aria-hidden="true" /> Broken at record {audit.brokenAtSeq}
          </div>
          <div className="stat-sub">{audit.reason}</div>
        </>
      )}
    </div>
  );
}

function ActiveList({ v }: { v: ListVersion }) {
  const sources = Object.entries(v.sourceCounts).sort((a, b) => b[1] - a[1]);
  return (
    <article className="active-list" aria-label={v.title} data-testid={`active-${v.dataset}`}>
      <header>
        <div>
          <span className="dataset">{v.dataset.toUpperCase()}</span>
          <strong>{v.title}</strong>
        </div>
        <StatusBadge status={v.status}>{v.status}</StatusBadge>
      </header>
      <dl className="facts">
        <div>
          <dt>Published</dt>
          <dd>{fmtDate(v.publishedAt)}</dd>
        </div>
        <div>
          <dt>Imported</dt>
          <dd>{fmtDate(v.importedAt)}</dd>
        </div>
        <div>
          <dt>Entries</dt>
          <dd>{fmtInt(v.entryCount)}</dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd className="mono" title={v.id}>
            {v.id.slice(0, 8)}
          </dd>
        </div>
      </dl>
      <table
        className="table table-compact source-counts"
        aria-label={`Entries per source in ${v.dataset.toUpperCase()}`}
      >
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">List</th>
            <th scope="col" className="num">
              Entries
            </th>
          </tr>
        </thead>
        <tbody>
          {sources.map(([code, n]) => (
            <tr key={code} data-testid={`source-${code}`}>
              <td>
                <SourceBadge source={code} />
              </td>
              <td className="muted">{SOURCE_NAMES[code] ?? code}</td>
              <td className="num">{fmtInt(n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

function VersionRow({ v }: { v: ListVersion }) {
  const [open, setOpen] = useState(false);
  const errors = v.problems.filter((p) => p.severity === 'error').length;
  const detailId = `version-${v.id}`;
  return (
    <>
      <tr className={v.status === 'superseded' ? 'superseded' : undefined} data-testid="version-row">
        <td>
          <StatusBadge status={v.status}>{v.status}</StatusBadge>
        </td>
        <td>
          <div>
            <span className="dataset">{v.dataset.toUpperCase()}</span> {v.title}
          </div>
          <div className="sub">
            <span className="mono" title={v.id}>
              {v.id.slice(0, 8)}
            </span>{' '}
            · {v.format} · by {v.importedBy} ·{' '}
            <button
              type="button"
              className="link-button"
              aria-expanded={open}
              aria-controls={detailId}
              onClick={() => setOpen((o) => !o)}
            >
              Provenance and checksum
            </button>
          </div>
        </td>
        <td className="nowrap">{fmtDate(v.publishedAt)}</td>
        <td className="nowrap">{fmtDate(v.importedAt)}</td>
        <td className="num">{fmtInt(v.entryCount)}</td>
        <td>
          {v.delta ? (
            <span className="delta" title={`${fmtInt(v.delta.unchanged)} unchanged`}>
              <span className="pos">+{fmtInt(v.delta.added)}</span>{' '}
              <span className="chg">~{fmtInt(v.delta.changed)}</span>{' '}
              <span className="neg">−{fmtInt(v.delta.removed)}</span>
            </span>
          ) : (
            <span className="muted">—</span>
          )}
        </td>
        <td className="num">
          {v.problems.length === 0 ? (
            <span className="muted">0</span>
          ) : (
            <details className="details details-right">
              <summary>
                {v.problems.length}
                {errors > 0 && (
                  <span className="neg">
                    {' '}
                    ({errors} error{errors === 1 ? '' : 's'})
                  </span>
                )}
              </summary>
              <ul className="problems">
                {v.problems.slice(0, 50).map((p, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: problems are positional
                  <li key={i} className={`sev-${p.severity}`}>
                    <span className="mono">row {p.row}</span> {p.severity}: {p.message}
                  </li>
                ))}
                {v.problems.length > 50 && <li className="muted">… and {v.problems.length - 50} more</li>}
              </ul>
            </details>
          )}
        </td>
        <td>
          <div>{v.fileName}</div>
          <div className="sub mono sha" title={`sha256 ${v.fileSha256}`}>
            sha256 {v.fileSha256.slice(0, 12)}…
          </div>
        </td>
      </tr>
      {open && (
        <tr className="version-detail" id={detailId}>
          <td />
          <td colSpan={7}>
            <dl className="kv" data-testid={`provenance-${v.fileName}`}>
              <div>
                <dt>version</dt>
                <dd className="mono">{v.id}</dd>
              </div>
              <div>
                <dt>file sha256</dt>
                <dd className="mono">{v.fileSha256}</dd>
              </div>
              {Object.entries(v.provenance).map(([k, val]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>
                    <ProvenanceValue value={val} />
                  </dd>
                </div>
              ))}
            </dl>
          </td>
        </tr>
      )}
    </>
  );
}

function ProvenanceValue({ value }: { value: unknown }) {
  if (Array.isArray(value)) return <>{value.map(String).join('; ')}</>;
  if (typeof value === 'string' && /^https?:\/\//.test(value)) {
    return (
      <a href={value} rel="noreferrer" target="_blank">
        {value}
      </a>
    );
  }
  if (typeof value === 'object' && value !== null) return <code>{JSON.stringify(value)}</code>;
  return <>{String(value)}</>;
}
