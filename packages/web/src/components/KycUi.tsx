/** Small building blocks of the Cloud KYC pages: legal-status, status, outcome, person and severity badges, notices. */
import type { ReactNode } from 'react';
import {
  KYC_STATUS_LABEL,
  type KycAccountStatus,
  type KycLegalStatus,
  type KycOutcome,
  type KycSeverity,
  LEGAL_STATUS_TEXT,
  OUTCOME_LABEL,
  PERSON_LABEL,
  type PersonStatus,
} from '../kyc-api';
import { href, useRouteQuery } from '../router';

/** What a rule is on the day, as shown: an in-force rule whose period ended is "ended", not "in force". */
export type LegalKind = KycLegalStatus | 'ended';

export function legalKindOf(status: string | null | undefined, statusLabel?: string): LegalKind | null {
  if (!status) return null;
  if (statusLabel?.includes('ended')) return 'ended';
  return status as KycLegalStatus;
}

const LEGAL_LABEL: Record<LegalKind, string> = {
  'proposed-rule': 'proposed rule',
  bill: 'bill',
  'in-force': 'in force',
  ended: 'ended',
  guidance: 'guidance',
};

/** The legal status of a rule: proposed rule / bill / in force / ended / guidance, with its meaning as a tooltip. */
export function LegalStatusBadge({
  status,
  statusLabel,
  testId = 'legal-status',
}: {
  status: string | null | undefined;
  statusLabel?: string;
  testId?: string;
}) {
  const kind = legalKindOf(status, statusLabel);
  if (!kind) return <span className="muted">—</span>;
  const title =
    kind === 'ended'
      ? `Was in force; its period has ended (${statusLabel}). It binds nothing today.`
      : LEGAL_STATUS_TEXT[kind];
  return (
    <abbr className={`badge legal legal-${kind}`} title={title} data-testid={testId} data-legal-status={kind}>
      {LEGAL_LABEL[kind]}
    </abbr>
  );
}

export function KycStatusBadge({ status, testId }: { status: KycAccountStatus; testId?: string }) {
  return (
    <span className={`badge kstatus-${status}`} data-testid={testId} data-status={status}>
      {KYC_STATUS_LABEL[status]}
    </span>
  );
}

export function RecommendationBadge({ outcome, testId }: { outcome: string; testId?: string }) {
  const o = outcome as KycOutcome;
  return (
    <span
      className={`badge krec-${o}`}
      data-testid={testId}
      data-outcome={o}
      title="The assessment's recommendation at opening"
    >
      {OUTCOME_LABEL[o] ?? outcome}
    </span>
  );
}

export function PersonBadge({ status, testId }: { status: PersonStatus; testId?: string }) {
  return (
    <span className={`badge person-${status}`} data-testid={testId} data-person={status}>
      {PERSON_LABEL[status]}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: KycSeverity }) {
  return (
    <span className={`badge sev-${severity}`} data-severity={severity}>
      {severity}
    </span>
  );
}

export function KycCrumbs({ children }: { children?: ReactNode }) {
  return (
    <nav aria-label="Breadcrumb" className="crumbs">
      <a href={href('kyc')}>Cloud KYC</a>
      {children}
    </nav>
  );
}

/** Most of this regime is not law: shown on every KYC page. */
export function ProposedNotice() {
  return (
    <div className="kyc-proposed" role="note" data-testid="proposed-notice">
      <strong>Most of this regime is not law.</strong> The 2024 Commerce proposed rule on IaaS customer identification
      (89 FR 5698) was never finalized, and one of its bases, EO 14110, was revoked on 20 Jan 2025. Stackport applies
      the proposed text as a design baseline: every rule, finding and reason carries its legal status (
      <LegalStatusBadge status="proposed-rule" testId="legend" /> <LegalStatusBadge status="bill" testId="legend" />{' '}
      <LegalStatusBadge status="in-force" testId="legend" />{' '}
      <LegalStatusBadge status="in-force" statusLabel="in-force (ended)" testId="legend" />{' '}
      <LegalStatusBadge status="guidance" testId="legend" />
      ). Method and limits: <code>docs/kyc.md</code>.
    </div>
  );
}

export const KYC_VIEWS = ['accounts', 'resellers', 'training-runs', 'rules'] as const;
export type KycView = (typeof KYC_VIEWS)[number];
const VIEW_LABEL: Record<KycView, string> = {
  accounts: 'Accounts',
  resellers: 'Resellers',
  'training-runs': 'Training runs',
  rules: 'Rules',
};
export const viewHref = (v: KycView) => (v === 'accounts' ? href('kyc') : `${href('kyc')}?view=${v}`);

export function useKycView(): KycView {
  const v = useRouteQuery().get('view');
  return (KYC_VIEWS as readonly string[]).includes(v ?? '') ? (v as KycView) : 'accounts';
}

/** The KYC page's views: accounts queue, reseller registry, training runs, rules. */
export function KycViews({ view }: { view: KycView }) {
  return (
    <nav aria-label="Cloud KYC views" className="view-tabs">
      {KYC_VIEWS.map((v) => (
        <a key={v} href={viewHref(v)} className="view-tab" aria-current={v === view ? 'page' : undefined}>
          {VIEW_LABEL[v]}
        </a>
      ))}
    </nav>
  );
}

/** Operations in scientific notation, as the server writes them (3.078e+26). */
export function fmtOps(n: number): string {
  return n.toExponential(3);
}
