/** Small presentational building blocks shared by the pages. */
import type { ReactNode } from 'react';
import { type ApiError, fieldOf } from '../api';
import { fmtScore, plural, SOURCE_NAMES } from '../format';

/**
 * A problem+json error as an alert: title, stable code, detail and, unless they are shown next to
 * their fields already (`shownFields`), the per-field errors.
 */
export function ProblemAlert({
  error,
  shownFields = [],
  label,
}: {
  error: ApiError | null | undefined;
  shownFields?: readonly string[];
  label?: string;
}) {
  if (!error) return null;
  const rest = error.errors.filter((e) => {
    const f = fieldOf(e.path);
    return !f || !shownFields.includes(f);
  });
  return (
    <div className="problem" role="alert" aria-label={label ?? 'Error'}>
      <div className="problem-head">
        <strong>{error.title}</strong>
        <code className="problem-code">
          {error.status > 0 ? `${error.status} ` : ''}
          {error.code}
        </code>
      </div>
      {error.detail && <p className="problem-detail">{error.detail}</p>}
      {rest.length > 0 && (
        <ul className="problem-errors">
          {rest.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: errors have no identity and never reorder
            <li key={i}>
              {e.path && <code>{e.path}</code>} {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Messages for one field, linked to its input through `id` (use it in aria-describedby). */
export function FieldErrors({ id, messages }: { id: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <div id={id} className="field-error" role="alert">
      {messages.join('; ')}
    </div>
  );
}

export function BandBadge({ band }: { band: string }) {
  return <span className={`badge band-${band}`}>{band}</span>;
}

export function SourceBadge({ source }: { source: string }) {
  return (
    <abbr className="badge source" title={SOURCE_NAMES[source] ?? source}>
      {source}
    </abbr>
  );
}

export function StatusBadge({ status, children }: { status: string; children: ReactNode }) {
  return <span className={`badge status-${status}`}>{children}</span>;
}

/** A score 0–100 with a small bar, coloured by band. */
export function Score({ score, band }: { score: number; band: string }) {
  const pct = Math.max(0, Math.min(100, score));
  return (
    <span className="score">
      <span className="score-value">{fmtScore(score)}</span>
      <span className="score-bar" aria-hidden="true">
        <span className={`score-fill band-${band}`} style={{ width: `${pct}%` }} />
      </span>
    </span>
  );
}

export function Spinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <output className="spinner" aria-live="polite">
      {label}
    </output>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/**
 * A queue's status filter: one link per status (each a deep link, so a tab can be bookmarked), `undefined` for all,
 * the current one selected.
 */
export function StatusTabs<S extends string>({
  label,
  statuses,
  current,
  labelOf,
  hrefOf,
}: {
  label: string;
  statuses: readonly (S | undefined)[];
  current: S | undefined;
  labelOf: (status: S) => string;
  hrefOf: (status: S | undefined) => string;
}) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {statuses.map((s) => (
        <a key={s ?? 'all'} role="tab" aria-selected={s === current} className="tab" href={hrefOf(s)}>
          {s ? labelOf(s) : 'All'}
        </a>
      ))}
    </div>
  );
}

/**
 * A queue's card: "N things[ status][ (the newest N)]" as its heading, the order it is sorted in, and the table, or
 * what to say when it is empty.
 */
export function QueueCard({
  titleId,
  count,
  noun,
  statusLabel,
  limit,
  order,
  empty,
  className,
  children,
}: {
  titleId: string;
  count: number;
  noun: string;
  statusLabel?: string | undefined;
  limit: number;
  order: string;
  empty: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section className={className ? `card ${className}` : 'card'} aria-labelledby={titleId}>
      <div className="card-head">
        <h2 id={titleId}>
          {plural(count, noun)}
          {statusLabel ? ` ${statusLabel.toLowerCase()}` : ''}
          {count === limit && <span className="muted"> (the newest {limit})</span>}
        </h2>
        <span className="sub">{order}</span>
      </div>
      {count === 0 ? <Empty>{empty}</Empty> : <div className="table-scroll">{children}</div>}
    </section>
  );
}
