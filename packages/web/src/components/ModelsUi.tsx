/** Small building blocks of the AI models pages: status, flag and outcome badges, views, crumbs, formats. */
import type { ReactNode } from 'react';
import {
  FLAG_TEXT,
  MODEL_STATUS_LABEL,
  MODEL_STATUS_TEXT,
  type ModelPolicyOutcome,
  type ModelStatus,
  type PolicyDecision,
  type ProvenanceFlag,
} from '../models-api';
import { href, useRouteQuery } from '../router';

export function ModelStatusBadge({ status, testId }: { status: ModelStatus; testId?: string }) {
  return (
    <abbr
      className={`badge mstatus-${status}`}
      title={MODEL_STATUS_TEXT[status]}
      data-testid={testId}
      data-status={status}
    >
      {MODEL_STATUS_LABEL[status]}
    </abbr>
  );
}

const OUTCOME_OF: Record<PolicyDecision, ModelPolicyOutcome> = {
  allow: 'allowed',
  review: 'flagged',
  forbid: 'forbidden',
};

/** A policy outcome (`allowed`/`flagged`/`forbidden`) or a core decision (`allow`/`review`/`forbid`). */
export function OutcomeBadge({ outcome, testId }: { outcome: ModelPolicyOutcome | PolicyDecision; testId?: string }) {
  const o = (OUTCOME_OF as Record<string, ModelPolicyOutcome>)[outcome] ?? (outcome as ModelPolicyOutcome);
  return <ModelStatusBadge status={o} {...(testId ? { testId } : {})} />;
}

export function FlagBadge({ flag }: { flag: Pick<ProvenanceFlag, 'code' | 'severity'> }) {
  return (
    <abbr
      className={`badge sev-${flag.severity} mdl-flag`}
      title={`${flag.severity}: ${FLAG_TEXT[flag.code] ?? flag.code}`}
      data-testid="flag-badge"
      data-code={flag.code}
      data-severity={flag.severity}
    >
      {flag.code}
    </abbr>
  );
}

export function CountryBadge({ country }: { country: string | null | undefined }) {
  if (!country) return <span className="muted">—</span>;
  return <span className="badge country">{country}</span>;
}

/** A policy source: a link when it is an http(s) URL (nothing else becomes an href), else the reference as text. */
export function SourceRef({ source }: { source: string }) {
  if (/^https?:\/\//i.test(source))
    return (
      <a href={source} target="_blank" rel="noreferrer noopener" className="mono mdl-source">
        {source}
      </a>
    );
  return <span className="mono mdl-source">{source}</span>;
}

export function ModelsCrumbs({ children }: { children?: ReactNode }) {
  return (
    <nav aria-label="Breadcrumb" className="crumbs">
      <a href={href('models')}>AI models</a>
      {children}
    </nav>
  );
}

export const MODELS_VIEWS = ['registry', 'policies', 'evaluations'] as const;
export type ModelsView = (typeof MODELS_VIEWS)[number];
const VIEW_LABEL: Record<ModelsView, string> = {
  registry: 'Registry',
  policies: 'Origin policies',
  evaluations: 'Evaluation runs',
};
export const modelsViewHref = (v: ModelsView) => (v === 'registry' ? href('models') : `${href('models')}?view=${v}`);

export function useModelsView(): ModelsView {
  const v = useRouteQuery().get('view');
  return (MODELS_VIEWS as readonly string[]).includes(v ?? '') ? (v as ModelsView) : 'registry';
}

export function ModelsViews({ view }: { view: ModelsView }) {
  return (
    <nav aria-label="AI models views" className="view-tabs">
      {MODELS_VIEWS.map((v) => (
        <a key={v} href={modelsViewHref(v)} className="view-tab" aria-current={v === view ? 'page' : undefined}>
          {VIEW_LABEL[v]}
        </a>
      ))}
    </nav>
  );
}

/** 0.123 → "12.3 %". */
export function pct(x: number): string {
  return `${(Math.round(x * 1000) / 10).toFixed(1)} %`;
}

/** A difference in percentage points with its sign: +12.5 pp, −3.0 pp, ±0.0 pp. */
export function signedPp(x: number): string {
  const v = Math.round(x * 1000) / 10;
  return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v).toFixed(1)} pp`;
}

/** A fingerprint confidence 0–1 as a two-decimal figure. */
export function fmtConfidence(c: number): string {
  return c.toFixed(2);
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
export function fmtBytes(n: number): string {
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${UNITS[u]}`;
}
