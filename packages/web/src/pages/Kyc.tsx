/**
 * Cloud-compute customer due diligence (IaaS KYC, GET/POST /api/v1/kyc/*):
 * - #/kyc: the accounts queue by status (`#/kyc?status=approved`; pending review by default), each account's
 *   recommendation, customer type, declared country, foreign-person determination and open findings by severity;
 *   analysts open an account (the application as JSON, from a template);
 * - #/kyc/<accountId>: one account: its findings (resolve one with a note; the draft training-run report), the
 *   decision (approve / reject / close with a reason, and the override reason while high findings are open; the
 *   server's refusal is shown as it sent it), the foreign-person determination with its reasons, the rules applied
 *   each with its legal status, the application (identification, IPs, payment means, beneficial owners), the
 *   screening with explanations, the assessment's reasons and the history;
 * - #/kyc?view=resellers: the reseller registry with attestations and their expiry;
 * - #/kyc?view=training-runs: large training runs (estimated operations vs the threshold, the arithmetic, the draft
 *   report PDF), the check and usage ingestion for analysts;
 * - #/kyc?view=rules: every rule known on a day with its legal status.
 */
import { type FormEvent, type ReactNode, useCallback, useId, useMemo, useState } from 'react';
import { HitList } from '../components/Explanation';
import {
  fmtOps,
  KycCrumbs,
  KycStatusBadge,
  KycViews,
  LegalStatusBadge,
  PersonBadge,
  ProposedNotice,
  RecommendationBadge,
  SeverityBadge,
  useKycView,
} from '../components/KycUi';
import { Empty, ProblemAlert, QueueCard, Spinner, StatusTabs } from '../components/ui';
import { fmtDate, fmtInt, plural, shortId } from '../format';
import {
  applicationOf,
  assessmentOf,
  estimateOf,
  KYC_DECISION_FROM,
  KYC_DECISION_LABEL,
  KYC_DECISIONS,
  KYC_STATUS_LABEL,
  KYC_STATUSES,
  type KycAccount,
  type KycAccountStatus,
  type KycAccountSummary,
  type KycApplicationInput,
  type KycDecisionKind,
  type KycRuleView,
  type KycSeverity,
  type KycTrainingCheckResult,
  type KycUsageIngestResult,
  type PersonStatus,
  SEVERITIES,
  type StoredKycFinding,
  type StoredKycReseller,
  screeningOf,
  type TrainingRunEstimate,
} from '../kyc-api';
import { href, useRouteParams, useRouteQuery } from '../router';
import { useSession } from '../session';
import { notJson, useAction, useDownload } from '../use-action';
import { canAct, useLoad } from '../use-load';
import { useTitle } from '../use-title';

const LIMIT = 100;

export function KycPage() {
  const [id] = useRouteParams();
  const view = useKycView();
  if (id) return <AccountView id={id} />;
  return (
    <div className="page">
      <div className="page-head">
        <h1>Cloud KYC</h1>
        <p className="lede">
          Customer due diligence for cloud compute (IaaS): account applications screened against the restricted-party
          lists and assessed (foreign-person determination, red flags, missing identification fields), the foreign
          reseller registry, and large training runs estimated from accelerator usage.
        </p>
      </div>
      <ProposedNotice />
      <KycViews view={view} />
      {view === 'accounts' && <AccountsView />}
      {view === 'resellers' && <ResellersView />}
      {view === 'training-runs' && <TrainingRunsView />}
      {view === 'rules' && <RulesView />}
    </div>
  );
}

/** The server's day (the app's clock), from the rules call: attestations and checks are judged on it. */
function useServerDay(): string | null {
  const { api } = useSession();
  const { data } = useLoad(useCallback(() => api.kycRules(), [api]));
  return data?.date ?? null;
}

// ------------------------------------------------------------------ accounts queue

function AccountsView() {
  const { api, me } = useSession();
  const params = useRouteQuery();
  // No status in the hash: the review queue; `status=` (empty): every status.
  const raw = params.get('status');
  const status: KycAccountStatus | undefined = !params.has('status')
    ? 'pending-review'
    : raw && (KYC_STATUSES as readonly string[]).includes(raw)
      ? (raw as KycAccountStatus)
      : undefined;
  const { data, error } = useLoad(
    useCallback(() => api.kycAccounts({ limit: LIMIT, ...(status ? { status } : {}) }), [api, status]),
  );
  const [opening, setOpening] = useState(false);
  const actor = canAct(me.role);
  useTitle('Cloud KYC');
  const tabHref = (s: KycAccountStatus | undefined) => `${href('kyc')}?status=${s ?? ''}`;

  return (
    <>
      {actor && (
        <div className="page-actions">
          <button
            type="button"
            className="btn btn-primary"
            aria-expanded={opening}
            aria-controls="open-account"
            onClick={() => setOpening((o) => !o)}
          >
            Open account…
          </button>
        </div>
      )}
      {actor && opening && (
        <OpenAccount
          onOpened={(a) => {
            setOpening(false);
            window.location.hash = href('kyc', a.id);
          }}
          onCancel={() => setOpening(false)}
        />
      )}
      <StatusTabs
        label="Account status"
        statuses={[...KYC_STATUSES, undefined]}
        current={status}
        labelOf={(s) => KYC_STATUS_LABEL[s]}
        hrefOf={tabHref}
      />
      <ProblemAlert error={error} label="Accounts failed" />
      {!data && !error && <Spinner />}
      {data && (
        <QueueCard
          titleId="kyc-queue-title"
          count={data.length}
          noun="account"
          statusLabel={status && KYC_STATUS_LABEL[status]}
          limit={LIMIT}
          order="newest first"
          empty={`No account${status ? ` is ${KYC_STATUS_LABEL[status].toLowerCase()}` : ' yet'}.`}
        >
          <table className="table" aria-label="KYC accounts">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Type</th>
                <th scope="col">Declared country</th>
                <th scope="col">Recommendation</th>
                <th scope="col">Foreign person</th>
                <th scope="col">Open findings</th>
                <th scope="col">Status</th>
                <th scope="col">Opened</th>
              </tr>
            </thead>
            <tbody>
              {data.map((a) => {
                return (
                  <tr key={a.id} data-testid="account-row" data-account={a.id} data-status={a.status}>
                    <td>
                      <a href={href('kyc', a.id)} className="strong-link">
                        {a.name}
                      </a>
                      <div className="sub mono">{a.id}</div>
                    </td>
                    <td data-testid="account-type">{a.type}</td>
                    <td>
                      {a.declaredCountry ? (
                        <span className="badge country">{a.declaredCountry}</span>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>
                      <RecommendationBadge outcome={a.recommendation} testId="account-recommendation" />
                    </td>
                    <td>
                      {a.foreignPerson ? (
                        <PersonBadge status={a.foreignPerson as PersonStatus} testId="account-person" />
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>
                      <OpenCounts counts={a.openFindings} />
                    </td>
                    <td>
                      <KycStatusBadge status={a.status} />
                    </td>
                    <td className="nowrap sub">{fmtDate(a.openedAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </QueueCard>
      )}
    </>
  );
}

function countOpen(findings: readonly StoredKycFinding[]): Record<KycSeverity, number> {
  const n: Record<KycSeverity, number> = { high: 0, medium: 0, low: 0 };
  for (const f of findings) if (f.status === 'open') n[f.severity] += 1;
  return n;
}

function OpenCounts({ counts: n }: { counts: KycAccountSummary['openFindings'] }) {
  const total = n.high + n.medium + n.low;
  return (
    <span className="kyc-counts" data-testid="open-findings" data-high={n.high} data-medium={n.medium} data-low={n.low}>
      {total === 0 ? (
        <span className="muted">none</span>
      ) : (
        SEVERITIES.filter((s) => n[s] > 0).map((s) => (
          <span key={s} className={`badge sev-${s}`}>
            {n[s]} {s}
          </span>
        ))
      )}
    </span>
  );
}

// ------------------------------------------------------------------ opening an account

const TEMPLATES: Record<'individual' | 'entity', KycApplicationInput> = {
  individual: {
    type: 'individual',
    accountId: 'acct-new-1',
    names: ['Full legal name'],
    addresses: [{ lines: ['1 Example Street'], city: 'Columbus', region: 'OH', postalCode: '43201', country: 'US' }],
    paymentMeans: [{ kind: 'card', id: 'tok_card_1', binCountry: 'US', source: 'own' }],
    emails: ['name@example.com'],
    phones: ['+1 614 555 0100'],
    ipAddresses: [{ ip: '198.51.100.10', country: 'US', egress: 'direct' }],
    declaredCountry: 'US',
    citizenships: ['US'],
    residenceCountry: 'US',
  },
  entity: {
    type: 'entity',
    accountId: 'acct-new-2',
    names: ['Example Analytics LLC'],
    addresses: [{ lines: ['1 Example Avenue'], city: 'Wilmington', region: 'DE', country: 'US' }],
    paymentMeans: [{ kind: 'bank', id: 'ba_1', bankCountry: 'US', source: 'own' }],
    emails: ['ops@example.com'],
    phones: ['+1 302 555 0100'],
    ipAddresses: [{ ip: '203.0.113.10', country: 'US', egress: 'direct' }],
    declaredCountry: 'US',
    countryOfIncorporation: 'US',
    principalPlaceOfBusiness: 'US',
    beneficialOwners: [
      { name: 'Owner One', type: 'individual', sharePct: 100, nationalities: ['US'], residenceCountry: 'US' },
    ],
    beneficialOwnersComplete: true,
    resellerChain: [],
  },
};

function OpenAccount({ onOpened, onCancel }: { onOpened: (a: KycAccount) => void; onCancel: () => void }) {
  const { api } = useSession();
  const ids = useId();
  const [text, setText] = useState(() => JSON.stringify(TEMPLATES.individual, null, 2));
  const { busy, error, setError, run } = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      setError(notJson('The application is not JSON', err));
      return;
    }
    await run(async () => {
      onOpened(await api.openKycAccount(body));
    });
  };
  return (
    <form id="open-account" className="card kyc-form" onSubmit={submit} aria-label="Open an account">
      <h2 className="card-title">
        Open an account{' '}
        <span className="muted">
          the application is validated, screened and assessed; a refusal names the fields and nothing is stored
        </span>
      </h2>
      <div className="kyc-form-body">
        <div className="form-row">
          <span className="sub">Start from a template:</span>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setText(JSON.stringify(TEMPLATES.individual, null, 2))}
          >
            Individual
          </button>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setText(JSON.stringify(TEMPLATES.entity, null, 2))}
          >
            Entity with owners
          </button>
        </div>
        <label className="field" htmlFor={`${ids}-json`}>
          <span>
            Application (JSON){' '}
            <span className="optional">
              the core’s <code>CustomerApplication</code>: <code>type</code> individual or entity, accountId, names,
              addresses, paymentMeans, emails, phones, ipAddresses, declaredCountry, resellerChain, beneficialOwners…
            </span>
          </span>
        </label>
        <textarea
          id={`${ids}-json`}
          name="application"
          className="mono"
          rows={16}
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <ProblemAlert error={error} label="The application was refused" />
        <div className="form-row">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Opening…' : 'Open account'}
          </button>
          <button type="button" className="btn btn-quiet" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </form>
  );
}

// ------------------------------------------------------------------ one account

function AccountView({ id }: { id: string }) {
  const { api, me } = useSession();
  const { data: a, error, reload, set } = useLoad(useCallback(() => api.kycAccount(id), [api, id]));
  useTitle(a ? `${a.name} · Cloud KYC` : 'Cloud KYC');
  const actor = canAct(me.role);
  return (
    <div className="page">
      <KycCrumbs>
        <span aria-current="page">{a?.name ?? id}</span>
      </KycCrumbs>
      <ProblemAlert error={error} label="Account failed" />
      {!a && !error && <Spinner />}
      {a && (
        <>
          <AccountHead account={a} />
          <LegalBasis account={a} />
          <Findings account={a} actor={actor} onResolved={reload} />
          {actor && <Decide account={a} onChange={set} />}
          <ForeignPerson account={a} />
          <RulesApplied account={a} />
          <Application account={a} />
          <Screening account={a} />
          <Reasons account={a} />
          <History account={a} />
        </>
      )}
    </div>
  );
}

function AccountHead({ account: a }: { account: KycAccount }) {
  const fp = assessmentOf(a).foreignPerson;
  return (
    <div className="page-head">
      <h1 data-testid="account-title">{a.name}</h1>
      <div className="kyc-head-badges">
        <KycStatusBadge status={a.status} testId="account-status" />
        <span className="sub">recommendation</span>
        <RecommendationBadge outcome={a.recommendation} testId="account-recommendation" />
        <PersonBadge status={fp.status} testId="account-person" />
        <span className="badge chip">{a.type}</span>
        {a.declaredCountry && <span className="badge country">{a.declaredCountry}</span>}
      </div>
      <p className="sub">
        account <span className="mono">{a.id}</span> · opened {fmtDate(a.openedAt)} by {a.openedBy} · assessed on{' '}
        {a.assessedOn}
        {a.decidedAt && ` · decided ${fmtDate(a.decidedAt)}`}
      </p>
    </div>
  );
}

/** Which of the rules applied bind on the day: usually none. */
function LegalBasis({ account: a }: { account: KycAccount }) {
  const s = assessmentOf(a);
  const inForce = s.rulesApplied.filter((r) => r.inForce).length;
  const proposed = s.rulesApplied.filter((r) => r.legalStatus === 'proposed-rule').length;
  return (
    <div
      className={s.restsOnProposedRules ? 'kyc-basis kyc-basis-proposed' : 'kyc-basis'}
      role="note"
      data-testid="legal-basis"
      data-rests-on-proposed={s.restsOnProposedRules}
    >
      <strong>
        {s.restsOnProposedRules
          ? 'This assessment rests on proposed rules: none of the rules applied binds on the day.'
          : `${plural(inForce, 'rule')} applied ${inForce === 1 ? 'binds' : 'bind'} on the day.`}
      </strong>{' '}
      Of the {plural(s.rulesApplied.length, 'rule')} applied on {s.date}, {proposed} {proposed === 1 ? 'is a' : 'are'}{' '}
      proposed rule{proposed === 1 ? '' : 's'} (never finalized) and {inForce} {inForce === 1 ? 'is' : 'are'} in force.
      Findings and missing fields under a proposed rule are review items under Stackport’s design baseline, not breaches
      of law.
    </div>
  );
}

// ------------------------------------------------------------------ findings

function Findings({ account: a, actor, onResolved }: { account: KycAccount; actor: boolean; onResolved: () => void }) {
  const n = countOpen(a.findings);
  const order = (f: StoredKycFinding) =>
    (f.status === 'open' ? 0 : 10) + SEVERITIES.indexOf(f.severity as (typeof SEVERITIES)[number]);
  const sorted = [...a.findings].sort((x, y) => order(x) - order(y));
  return (
    <section className="card" aria-labelledby="kyc-findings-title">
      <div className="card-head">
        <h2 id="kyc-findings-title">
          Findings{' '}
          <span className="muted">
            {n.high} high · {n.medium} medium · {n.low} low open, {plural(a.findings.length, 'finding')} in all
          </span>
        </h2>
        {a.blockingFindings > 0 && (
          <span className="badge sev-high" data-testid="blocking-findings">
            {a.blockingFindings} blocking approval
          </span>
        )}
      </div>
      {sorted.length === 0 ? (
        <Empty>No finding: no screening hit, red flag, missing field or undetermined status.</Empty>
      ) : (
        <ul className="divided-list">
          {sorted.map((f) => (
            <Finding key={f.id} finding={f} actor={actor} onResolved={onResolved} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Finding({
  finding: f,
  actor,
  onResolved,
}: {
  finding: StoredKycFinding;
  actor: boolean;
  onResolved: () => void;
}) {
  const { api } = useSession();
  const ids = useId();
  const [resolving, setResolving] = useState(false);
  const [note, setNote] = useState('');
  const { busy, error, run } = useAction();
  const dl = useDownload();
  const resolve = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      await api.resolveKycFinding(f.id, note);
      setResolving(false);
      onResolved();
    });
  };
  const training = f.kind === 'large-training-run';
  return (
    <li
      data-testid="finding"
      data-finding={f.id}
      data-kind={f.kind}
      data-severity={f.severity}
      data-status={f.status}
      className={f.status === 'resolved' ? 'kyc-finding-resolved' : undefined}
    >
      <div className="kyc-finding-head">
        <SeverityBadge severity={f.severity} /> <strong className="mono">{f.kind}</strong>{' '}
        <span className="mono sub">{f.ref}</span>
        <span className={`badge fstatus-${f.status}`}>{f.status}</span>
        {f.ruleId && (
          <span className="sub">
            rule <span className="mono">{f.ruleId}</span> <LegalStatusBadge status={f.legalStatus} />
          </span>
        )}
      </div>
      <div>{f.summary}</div>
      {training ? <TrainingSummary estimate={estimateOf(f)} /> : <Evidence evidence={f.evidence} />}
      {training && f.report && (
        <div className="form-row">
          <button
            type="button"
            className="btn btn-small"
            disabled={dl.busy}
            onClick={() => dl.download(() => api.kycReportPdf(f.id))}
          >
            Draft report (PDF)
          </button>
          {dl.last && <span className="sub">Downloaded {dl.last}</span>}
          <ProblemAlert error={dl.error} label="Download failed" />
        </div>
      )}
      {f.status === 'resolved' && (
        <div className="sub" data-testid="finding-resolution">
          Resolved {fmtDate(f.resolvedAt)} by {f.resolvedBy}: <q>{f.resolution}</q>
        </div>
      )}
      {f.status === 'open' && actor && !resolving && (
        <button type="button" className="link-button" onClick={() => setResolving(true)}>
          Resolve…
        </button>
      )}
      {resolving && (
        <form id={`${ids}-r`} className="kyc-resolve" onSubmit={resolve} aria-label={`Resolve ${f.kind} ${f.ref}`}>
          <label className="field field-grow" htmlFor={`${ids}-note`}>
            <span>Resolution note</span>
          </label>
          <textarea
            id={`${ids}-note`}
            name="resolution"
            rows={2}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <div className="form-row">
            <button type="submit" className="btn btn-small btn-primary" disabled={busy}>
              Resolve
            </button>
            <button type="button" className="btn btn-small btn-quiet" onClick={() => setResolving(false)}>
              Cancel
            </button>
          </div>
          <ProblemAlert error={error} label="Resolution refused" />
        </form>
      )}
    </li>
  );
}

function evidenceValue(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ');
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function Evidence({ evidence }: { evidence: Record<string, unknown> }) {
  const entries = Object.entries(evidence);
  if (entries.length === 0) return null;
  return (
    <dl className="kyc-evidence" aria-label="Evidence">
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{evidenceValue(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

// ------------------------------------------------------------------ decisions

function Decide({ account: a, onChange }: { account: KycAccount; onChange: (a: KycAccount) => void }) {
  const { api } = useSession();
  const ids = useId();
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState('');
  const { busy, error, run } = useAction();
  const allowed = KYC_DECISIONS.filter((d) => KYC_DECISION_FROM[d].includes(a.status));
  const decide = async (d: KycDecisionKind) => {
    await run(async () => {
      const next = await api.decideKycAccount(a.id, {
        decision: d,
        reason,
        ...(override.trim() && d === 'approve' ? { override } : {}),
      });
      onChange(next);
      setReason('');
      setOverride('');
    });
  };
  if (allowed.length === 0)
    return (
      <section className="card" aria-labelledby={`${ids}-t`}>
        <h2 id={`${ids}-t`} className="card-title">
          Decision
        </h2>
        <Empty>This account is {KYC_STATUS_LABEL[a.status].toLowerCase()}: it takes no further decision.</Empty>
      </section>
    );
  return (
    <section className="card" aria-labelledby={`${ids}-t`} data-testid="decision">
      <h2 id={`${ids}-t`} className="card-title">
        Decide{' '}
        <span className="muted">every decision needs a reason and is kept with the account and in the audit log</span>
      </h2>
      <div className="synth-decide-body">
        <label className="field" htmlFor={`${ids}-reason`}>
          <span>Reason</span>
        </label>
        <textarea
          id={`${ids}-reason`}
          name="decision-reason"
          rows={2}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        {a.blockingFindings > 0 && a.status === 'pending-review' && (
          <>
            <p className="kyc-override-note" data-testid="override-note">
              {plural(a.blockingFindings, 'high-severity finding is', 'high-severity findings are')} open: the server
              refuses approval unless they are resolved or the approval carries an explicit override reason (at least 10
              characters, kept with the decision).
            </p>
            <label className="field" htmlFor={`${ids}-override`}>
              <span>
                Override reason <span className="optional">approval only</span>
              </span>
            </label>
            <textarea
              id={`${ids}-override`}
              name="override"
              rows={2}
              value={override}
              onChange={(e) => setOverride(e.target.value)}
            />
          </>
        )}
        <div className="form-row">
          {KYC_DECISIONS.map((d) => (
            <button
              key={d}
              type="button"
              className={`btn btn-small${d === 'approve' ? ' btn-primary' : ' btn-danger'}`}
              disabled={busy || !allowed.includes(d)}
              title={allowed.includes(d) ? undefined : `not allowed from ${a.status}`}
              onClick={() => decide(d)}
              data-decision={d}
            >
              {KYC_DECISION_LABEL[d]}
            </button>
          ))}
        </div>
        <ProblemAlert error={error} label="Decision refused" />
      </div>
    </section>
  );
}

// ------------------------------------------------------------------ determination, rules, reasons

function ForeignPerson({ account: a }: { account: KycAccount }) {
  const fp = assessmentOf(a).foreignPerson;
  const own = fp.ownership;
  return (
    <section className="card" aria-labelledby="kyc-fp-title" data-testid="foreign-person" data-status={fp.status}>
      <div className="card-head">
        <h2 id="kyc-fp-title">
          Foreign-person determination <PersonBadge status={fp.status} />
        </h2>
        <span className="sub">
          rule <span className="mono">{fp.ruleId}</span> <LegalStatusBadge status="proposed-rule" /> · our reading of
          the proposed definitions
        </span>
      </div>
      <div className="synth-customer">
        <ul className="synth-reasons" aria-label="Determination reasons">
          {fp.reasons.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: reasons are in a fixed order
            <li key={i} data-testid="fp-reason" data-code={r.code}>
              {r.text}
            </li>
          ))}
        </ul>
        {fp.missing.length > 0 && (
          <p className="notice">
            Missing for a determination: <span className="mono">{fp.missing.join(', ')}</span>
          </p>
        )}
        {own && (
          <p data-testid="ownership">
            Foreign-owned when foreign persons own <strong>more than {own.thresholdPct} %</strong>: known foreign{' '}
            <strong>{own.knownForeignPct} %</strong>, unresolved {own.unresolvedPct} %
            {own.ownersOfUnknownWeight.length > 0 &&
              ` · owners of unknown share: ${own.ownersOfUnknownWeight.join(', ')}`}
            .
          </p>
        )}
      </div>
    </section>
  );
}

function RulesApplied({ account: a }: { account: KycAccount }) {
  const { api } = useSession();
  const s = assessmentOf(a);
  const { data } = useLoad(useCallback(() => api.kycRules(a.assessedOn), [api, a.assessedOn]));
  const byId = useMemo(() => new Map((data?.rules ?? []).map((r) => [r.id, r])), [data]);
  return (
    <section className="card" aria-labelledby="kyc-rules-title">
      <div className="card-head">
        <h2 id="kyc-rules-title">
          Rules applied{' '}
          <span className="muted">
            {plural(s.rulesApplied.length, 'rule')}, on {s.date}
          </span>
        </h2>
        <span className="sub">hover a status for its meaning</span>
      </div>
      <div className="table-scroll">
        <table className="table table-compact" aria-label="Rules applied">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Legal status</th>
              <th scope="col">Effective</th>
              <th scope="col">Citation</th>
            </tr>
          </thead>
          <tbody>
            {s.rulesApplied.map((r) => {
              const full = byId.get(r.id);
              return (
                <tr key={r.id} data-testid="rule-row" data-rule={r.id} data-in-force={r.inForce}>
                  <td>
                    <span className="mono">{r.id}</span> <span className="sub mono">v{r.version}</span>
                    {full && <div className="sub">{full.title}</div>}
                  </td>
                  <td>
                    <LegalStatusBadge status={r.legalStatus} statusLabel={r.statusLabel} />
                    {r.ambiguous && (
                      <abbr className="badge chip" title={full?.ambiguityNote ?? 'Ambiguous: see the rule’s note'}>
                        ambiguous
                      </abbr>
                    )}
                  </td>
                  <td className="sub" data-testid="rule-dates">
                    <RuleDates from={r.effectiveFrom} to={r.effectiveTo} inForce={r.inForce} />
                  </td>
                  <td className="sub">{r.citation}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RuleDates({ from, to, inForce }: { from: string | null; to: string | null; inForce: boolean }) {
  if (!from) return <>not in force (no effective date)</>;
  return (
    <>
      {from} → {to ?? 'open-ended'}
      {!inForce && to ? ' (ended)' : ''}
    </>
  );
}

function Reasons({ account: a }: { account: KycAccount }) {
  const s = assessmentOf(a);
  return (
    <section className="card" aria-labelledby="kyc-reasons-title">
      <h2 id="kyc-reasons-title" className="card-title">
        Assessment <span className="muted">every reason, with the legal status of its rule</span>
      </h2>
      <ul className="divided-list">
        {s.reasons.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: reasons are in a fixed order
          <li key={i} data-testid="reason" data-weight={r.weight}>
            <span className={`badge weight-${r.weight}`}>{r.weight}</span> <span className="mono sub">{r.code}</span>{' '}
            {r.legalStatus && <LegalStatusBadge status={r.legalStatus} />}
            <div>{r.text}</div>
          </li>
        ))}
        {s.missingFields.length > 0 && (
          <li data-testid="missing-fields">
            <strong>Missing identification fields:</strong>{' '}
            {s.missingFields.map((m, i) => (
              <span key={`${m.ruleId}:${m.path}`}>
                {i > 0 && ', '}
                <span className="mono">{m.path}</span>
              </span>
            ))}{' '}
            <span className="sub">(asked for by proposed rules: review items, not breaches)</span>
          </li>
        )}
      </ul>
    </section>
  );
}

// ------------------------------------------------------------------ application and screening

function Kv({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const list = (xs: readonly string[] | undefined) => (xs && xs.length > 0 ? xs.join(', ') : '—');

function Application({ account: a }: { account: KycAccount }) {
  const app = applicationOf(a);
  const owners = app.type === 'entity' ? app.beneficialOwners : [];
  const classified = new Map((assessmentOf(a).foreignPerson.ownership?.owners ?? []).map((o) => [o.name, o]));
  return (
    <section className="card" aria-labelledby="kyc-app-title" data-testid="application">
      <h2 id="kyc-app-title" className="card-title">
        Application <span className="muted">as validated at opening</span>
      </h2>
      <div className="synth-customer">
        <dl className="synth-set" aria-label="Identification">
          <Kv label="Names">{list(app.names)}</Kv>
          <Kv label="Customer type">{app.type}</Kv>
          <Kv label="Declared country">{app.declaredCountry ?? '—'}</Kv>
          {app.type === 'individual' ? (
            <>
              <Kv label="Citizenships">{list(app.citizenships)}</Kv>
              <Kv label="Residence">{app.residenceCountry ?? '—'}</Kv>
              <Kv label="US permanent resident">
                {app.usPermanentResident === undefined ? 'not stated' : app.usPermanentResident ? 'yes' : 'no'}
              </Kv>
            </>
          ) : (
            <>
              <Kv label="Incorporated in">{app.countryOfIncorporation ?? '—'}</Kv>
              <Kv label="Principal place of business">{app.principalPlaceOfBusiness ?? '—'}</Kv>
              <Kv label="Owner list complete">
                {app.beneficialOwnersComplete === undefined
                  ? 'not stated'
                  : app.beneficialOwnersComplete
                    ? 'yes'
                    : 'no'}
              </Kv>
            </>
          )}
          <Kv label="Addresses">
            {app.addresses.length === 0
              ? '—'
              : app.addresses.map((ad, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: addresses are in the applicant's order
                  <div key={i}>
                    {[...ad.lines, ad.city, ad.region, ad.postalCode].filter(Boolean).join(', ')}{' '}
                    <span className="badge country">{ad.country}</span>
                  </div>
                ))}
          </Kv>
          <Kv label="E-mails">{list(app.emails)}</Kv>
          <Kv label="Phones">{list(app.phones)}</Kv>
          <Kv label="Reseller chain">{app.resellerChain.length ? app.resellerChain.join(' → ') : 'direct customer'}</Kv>
          <Kv label="Verification">
            {app.verification?.length
              ? app.verification.map((v) => `${v.method}: ${v.evidence} (${v.verifiedOn})`).join('; ')
              : 'none recorded'}
          </Kv>
        </dl>
        <div className="table-scroll">
          <table className="table table-compact" aria-label="IP addresses">
            <thead>
              <tr>
                <th scope="col">IP address</th>
                <th scope="col">Observed country</th>
                <th scope="col">Egress</th>
                <th scope="col">Observed on</th>
              </tr>
            </thead>
            <tbody>
              {app.ipAddresses.length === 0 && (
                <tr>
                  <td colSpan={4} className="muted">
                    none given
                  </td>
                </tr>
              )}
              {app.ipAddresses.map((ip) => (
                <tr key={ip.ip} data-testid="ip-row" data-country={ip.country ?? ''}>
                  <td className="mono">{ip.ip}</td>
                  <td>{ip.country ? <span className="badge country">{ip.country}</span> : 'unresolved'}</td>
                  <td>{ip.egress ?? 'unknown'}</td>
                  <td className="sub">{ip.observedOn ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="table-scroll">
          <table className="table table-compact" aria-label="Payment means">
            <thead>
              <tr>
                <th scope="col">Payment means</th>
                <th scope="col">Id</th>
                <th scope="col">Country / network</th>
                <th scope="col">Source</th>
                <th scope="col">Added</th>
              </tr>
            </thead>
            <tbody>
              {app.paymentMeans.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    none given
                  </td>
                </tr>
              )}
              {app.paymentMeans.map((p) => (
                <tr key={p.id} data-testid="payment-row">
                  <td>{p.kind}</td>
                  <td className="mono">{p.id}</td>
                  <td>
                    {p.kind === 'card'
                      ? (p.binCountry ?? '—')
                      : p.kind === 'bank'
                        ? (p.bankCountry ?? '—')
                        : (p.network ?? 'no country')}
                  </td>
                  <td>{p.source ?? 'not stated'}</td>
                  <td className="sub">{p.addedOn ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {app.type === 'entity' && (
          <div className="table-scroll">
            <table className="table table-compact" aria-label="Beneficial owners">
              <thead>
                <tr>
                  <th scope="col">Beneficial owner</th>
                  <th scope="col" className="num">
                    Share
                  </th>
                  <th scope="col">Controls</th>
                  <th scope="col">Nationality / incorporation</th>
                  <th scope="col">Residence</th>
                  <th scope="col">Counts as</th>
                </tr>
              </thead>
              <tbody>
                {owners.length === 0 && (
                  <tr>
                    <td colSpan={6} className="muted">
                      none given
                    </td>
                  </tr>
                )}
                {owners.map((o) => {
                  const c = classified.get(o.name);
                  return (
                    <tr key={o.name} data-testid="owner-row" data-owner={o.name}>
                      <td>
                        {o.name} <span className="sub">{o.type}</span>
                      </td>
                      <td className="num">{o.sharePct === undefined ? '—' : `${o.sharePct} %`}</td>
                      <td>{o.controls ? 'yes' : '—'}</td>
                      <td>{o.type === 'entity' ? (o.countryOfIncorporation ?? '—') : list(o.nationalities)}</td>
                      <td>
                        {o.residenceCountry ?? '—'}
                        {o.usPermanentResident ? ' (US permanent resident)' : ''}
                      </td>
                      <td>{c ? <PersonBadge status={c.status} /> : <span className="muted">—</span>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}

function Screening({ account: a }: { account: KycAccount }) {
  const s = screeningOf(a);
  const [open, setOpen] = useState<string | null>(null);
  const hits = s.screened.reduce((n, p) => n + p.hits.length, 0);
  return (
    <section className="card" aria-labelledby="kyc-screening-title">
      <div className="card-head">
        <h2 id="kyc-screening-title">
          Screening <span className="muted">{plural(hits, 'hit')}</span>
        </h2>
        <span className="sub">
          matcher <span className="mono">{s.matcherVersion}</span> · {plural(s.listVersions.length, 'list version')}
        </span>
      </div>
      <div className="table-scroll">
        <table className="table table-compact" aria-label="Screened names">
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Screened name</th>
              <th scope="col">Hits at or above the review threshold</th>
            </tr>
          </thead>
          <tbody>
            {s.screened.map((p) => (
              <tr key={`${p.role}:${p.name}`} data-testid="screened-name" data-role={p.role} data-hits={p.hits.length}>
                <td>{p.role}</td>
                <td>
                  {p.name} {p.country && <span className="badge country">{p.country}</span>}
                </td>
                <td>
                  <HitList
                    hits={p.hits}
                    keyPrefix={`${p.role}:${p.name}:`}
                    open={open}
                    onToggle={setOpen}
                    testId="screening-hit"
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function History({ account: a }: { account: KycAccount }) {
  type Event =
    | { kind: 'resolution'; at: string; f: StoredKycFinding }
    | { kind: 'decision'; at: string; d: KycAccount['decisions'][number] };
  // Resolutions before decisions at the same instant: a finding resolved to lift a block precedes the approval.
  const events: Event[] = [
    ...a.findings
      .filter((f) => f.status === 'resolved' && f.resolvedAt)
      .map((f) => ({ kind: 'resolution' as const, at: f.resolvedAt ?? '', f })),
    ...a.decisions.map((d) => ({ kind: 'decision' as const, at: d.at, d })),
  ].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
  return (
    <section className="card" aria-labelledby="kyc-history-title">
      <h2 id="kyc-history-title" className="card-title">
        History <span className="muted">oldest first; every change is also in the audit trail</span>
      </h2>
      <ol className="case-history">
        <li data-testid="account-event" data-kind="opened">
          <div className="sub">
            {fmtDate(a.openedAt)} · {a.openedBy}
          </div>
          <div>
            Opened, screened and assessed: <RecommendationBadge outcome={a.recommendation} />
          </div>
        </li>
        {events.map((e) =>
          e.kind === 'resolution' ? (
            <li key={`r:${e.f.id}`} data-testid="account-event" data-kind="resolution">
              <div className="sub">
                {fmtDate(e.at)} · {e.f.resolvedBy}
              </div>
              <div>
                Resolved <SeverityBadge severity={e.f.severity} /> <span className="mono">{e.f.kind}</span>{' '}
                <span className="mono sub">{e.f.ref}</span>
                <blockquote className="event-note">{e.f.resolution}</blockquote>
              </div>
            </li>
          ) : (
            <li
              key={`d:${e.d.id}`}
              data-testid="account-event"
              data-kind="decision"
              data-decision={e.d.decision}
              data-override={e.d.override !== null}
            >
              <div className="sub">
                {fmtDate(e.at)} · {e.d.actor}
              </div>
              <div>
                <strong>{KYC_DECISION_LABEL[e.d.decision]}</strong> · {e.d.statusFrom} → <strong>{e.d.statusTo}</strong>
                {e.d.override !== null && <span className="badge sev-high kyc-override-badge">override</span>}
                <blockquote className="event-note">{e.d.reason}</blockquote>
                {e.d.override !== null && (
                  <blockquote className="event-note">
                    <strong>Override:</strong> {e.d.override}
                  </blockquote>
                )}
                {e.d.openFindings.length > 0 && (
                  <div className="sub">Open at the time: {e.d.openFindings.join('; ')}</div>
                )}
              </div>
            </li>
          ),
        )}
      </ol>
    </section>
  );
}

// ------------------------------------------------------------------ resellers

type AttestationState = 'current' | 'expired' | 'future';
function attestationState(a: StoredKycReseller['attestations'][number], day: string): AttestationState {
  if (day < a.attestedOn) return 'future';
  return day < a.expiresOn ? 'current' : 'expired';
}

function ResellersView() {
  const { api } = useSession();
  const { data, error } = useLoad(useCallback(() => api.kycResellers(), [api]));
  const day = useServerDay();
  useTitle('Resellers · Cloud KYC');
  return (
    <>
      <ProblemAlert error={error} label="Resellers failed" />
      {!data && !error && <Spinner />}
      {data && (
        <section className="card" aria-labelledby="kyc-resellers-title">
          <div className="card-head">
            <h2 id="kyc-resellers-title">
              Reseller registry <span className="muted">{plural(data.length, 'reseller')}</span>
            </h2>
            <span className="sub">
              attestations judged on {day ?? '…'} (expiry exclusive) · admins register resellers through the API or{' '}
              <code>stackport kyc resellers</code>
            </span>
          </div>
          {data.length === 0 ? (
            <Empty>No reseller is registered: a customer served through a reseller raises a finding.</Empty>
          ) : (
            <div className="table-scroll">
              <table className="table" aria-label="Resellers">
                <thead>
                  <tr>
                    <th scope="col">Reseller</th>
                    <th scope="col">Country</th>
                    <th scope="col">CIP attestations</th>
                    <th scope="col">Reported customers</th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((r) => {
                    const states = day ? r.attestations.map((a) => attestationState(a, day)) : [];
                    const current = states.includes('current');
                    return (
                      <tr key={r.id} data-testid="reseller-row" data-reseller={r.id} data-attested={current}>
                        <td>
                          <strong>{r.name}</strong>
                          <div className="sub mono">{r.id}</div>
                        </td>
                        <td>
                          <span className="badge country">{r.country}</span>
                        </td>
                        <td>
                          {r.attestations.length === 0 ? (
                            <span className="badge sev-high" data-testid="no-attestation">
                              no attestation
                            </span>
                          ) : (
                            <ul className="kyc-attestations">
                              {r.attestations.map((a, i) => {
                                const st = day ? attestationState(a, day) : null;
                                return (
                                  <li
                                    // biome-ignore lint/suspicious/noArrayIndexKey: attestations are appended in order
                                    key={i}
                                    data-testid="attestation"
                                    data-state={st ?? ''}
                                  >
                                    {st && <span className={`badge att-${st}`}>{st}</span>} {a.program} · {a.attestedOn}{' '}
                                    → expires {a.expiresOn}
                                    {a.lastAuditOn && <span className="sub"> · last audit {a.lastAuditOn}</span>}
                                  </li>
                                );
                              })}
                            </ul>
                          )}
                          {day && r.attestations.length > 0 && !current && (
                            <div className="sub">no attestation is current: its customers raise a finding</div>
                          )}
                        </td>
                        <td>
                          {r.customers.length === 0 ? (
                            <span className="muted">none reported</span>
                          ) : (
                            <>
                              {plural(r.customers.length, 'account')}:{' '}
                              {r.customers.slice(0, 8).map((c, i) => (
                                <span key={c}>
                                  {i > 0 && ', '}
                                  <a href={href('kyc', c)} className="mono">
                                    {c}
                                  </a>
                                </span>
                              ))}
                              {r.customers.length > 8 && ' …'}
                            </>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}

// ------------------------------------------------------------------ training runs

function TrainingSummary({ estimate: e }: { estimate: TrainingRunEstimate }) {
  return (
    <div className="kyc-estimate" data-testid="training-estimate" data-crosses={e.crossesThreshold}>
      <p>
        <strong className="mono" data-testid="estimate-ops">
          {fmtOps(e.estimatedOps)}
        </strong>{' '}
        operations in {e.windowFrom} … {e.windowTo} ({e.windowDays}-day window){' '}
        <span className={e.crossesThreshold ? 'kyc-over' : 'kyc-under'} data-testid="estimate-vs-threshold">
          {e.crossesThreshold ? '≥' : '<'} threshold {fmtOps(e.thresholdOps)} (
          {(e.fractionOfThreshold * 100).toFixed(0)} %)
        </span>
      </p>
      <ol className="kyc-arithmetic" aria-label="Arithmetic">
        {e.arithmetic.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the lines of the sum, in order
          <li key={i} className="mono">
            {line}
          </li>
        ))}
      </ol>
      {e.unknownModels.length > 0 && (
        <p className="notice">Needs input (no peak figure, not counted): {e.unknownModels.join(', ')}</p>
      )}
      <p className="sub">{e.legalNote}</p>
    </div>
  );
}

function TrainingRunsView() {
  const { api, me } = useSession();
  const actor = canAct(me.role);
  const { data, error, reload } = useLoad(
    useCallback(() => api.kycFindings({ kind: 'large-training-run', limit: 200 }), [api]),
  );
  const [result, setResult] = useState<KycTrainingCheckResult | null>(null);
  useTitle('Training runs · Cloud KYC');
  return (
    <>
      <section className="card" aria-labelledby="kyc-method-title">
        <h2 id="kyc-method-title" className="card-title">
          How a run is estimated
        </h2>
        <div className="synth-customer">
          <p className="mono kyc-formula">peak dense BF16 FLOP/s × count × hours × 3,600 s/h × utilisation</p>
          <p className="sub">
            Summed per account over its busiest rolling window (90 days by default) and compared with the threshold
            (1e26 operations by default: the EO 14110 interim figure; EO 14110 was revoked on 20 Jan 2025). The report
            requirement is in the proposed IaaS rule <LegalStatusBadge status="proposed-rule" />: a crossing run becomes
            a high finding with a <strong>draft</strong> report, with no known filing channel.
          </p>
        </div>
      </section>
      {actor && (
        <TrainingCheck
          onChecked={(r) => {
            setResult(r);
            reload();
          }}
        />
      )}
      {result && <CheckResult result={result} />}
      <ProblemAlert error={error} label="Training runs failed" />
      {!data && !error && <Spinner />}
      {data && (
        <section className="card" aria-labelledby="kyc-runs-title">
          <div className="card-head">
            <h2 id="kyc-runs-title">
              Large training runs <span className="muted">{plural(data.length, 'finding')}, newest first</span>
            </h2>
          </div>
          {data.length === 0 ? (
            <Empty>No run has crossed the threshold{actor ? ': ingest usage and run the check' : ''}.</Empty>
          ) : (
            <ul className="divided-list">
              {data.map((f) => (
                <TrainingFinding key={f.id} finding={f} />
              ))}
            </ul>
          )}
        </section>
      )}
      {actor && <UsageIngest />}
    </>
  );
}

function TrainingFinding({ finding: f }: { finding: StoredKycFinding }) {
  const { api } = useSession();
  const dl = useDownload();
  return (
    <li data-testid="training-finding" data-account={f.accountId} data-status={f.status}>
      <div className="kyc-finding-head">
        <SeverityBadge severity={f.severity} />{' '}
        <a href={href('kyc', f.accountId)} className="strong-link">
          {f.accountId}
        </a>{' '}
        <span className="mono sub">{f.ref}</span> <span className={`badge fstatus-${f.status}`}>{f.status}</span>{' '}
        <LegalStatusBadge status={f.legalStatus} />
      </div>
      <TrainingSummary estimate={estimateOf(f)} />
      <div className="form-row">
        <button
          type="button"
          className="btn btn-small"
          disabled={dl.busy || !f.report}
          onClick={() => dl.download(() => api.kycReportPdf(f.id))}
        >
          Draft report (PDF)
        </button>
        {dl.last && (
          <span className="sub" data-testid="report-downloaded">
            Downloaded <span className="mono">{dl.last}</span>
          </span>
        )}
      </div>
      <ProblemAlert error={dl.error} label="Download failed" />
    </li>
  );
}

function TrainingCheck({ onChecked }: { onChecked: (r: KycTrainingCheckResult) => void }) {
  const { api } = useSession();
  const ids = useId();
  const day = useServerDay();
  const [asOf, setAsOf] = useState('');
  const [threshold, setThreshold] = useState('1e26');
  const [windowDays, setWindowDays] = useState('90');
  const { busy, error, run } = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      onChecked(
        await api.checkTrainingRuns({
          ...(asOf ? { asOf } : {}),
          ...(threshold.trim() ? { thresholdOps: Number(threshold) } : {}),
          ...(windowDays.trim() ? { windowDays: Number(windowDays) } : {}),
        }),
      );
    });
  };
  return (
    <form className="card kyc-form" onSubmit={submit} aria-label="Run the training-run check">
      <h2 className="card-title">
        Run the check{' '}
        <span className="muted">estimates every account’s busiest window; crossing runs become findings</span>
      </h2>
      <div className="kyc-form-body">
        <div className="form-row">
          <label className="field" htmlFor={`${ids}-asof`}>
            <span>
              As of <span className="optional">default {day ?? 'today'}</span>
            </span>
            <input id={`${ids}-asof`} type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
          </label>
          <label className="field" htmlFor={`${ids}-thr`}>
            <span>Threshold (operations)</span>
            <input id={`${ids}-thr`} value={threshold} onChange={(e) => setThreshold(e.target.value)} />
          </label>
          <label className="field" htmlFor={`${ids}-win`}>
            <span>Window (days)</span>
            <input
              id={`${ids}-win`}
              type="number"
              min={1}
              value={windowDays}
              onChange={(e) => setWindowDays(e.target.value)}
            />
          </label>
          <div className="field-action">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? 'Checking…' : 'Run the check'}
            </button>
          </div>
        </div>
        <ProblemAlert error={error} label="Check refused" />
      </div>
    </form>
  );
}

function CheckResult({ result: r }: { result: KycTrainingCheckResult }) {
  return (
    <section className="card" aria-labelledby="kyc-check-title" data-testid="check-result">
      <div className="card-head">
        <h2 id="kyc-check-title">
          Check as of {r.asOf}{' '}
          <span className="muted">
            {plural(r.estimates.length, 'account')} with usage · threshold {fmtOps(r.thresholdOps)} · {r.windowDays}-day
            window · {plural(r.findings.length, 'finding')} opened or refreshed
          </span>
        </h2>
      </div>
      {r.estimates.length === 0 ? (
        <Empty>No usage in the window.</Empty>
      ) : (
        <div className="table-scroll">
          <table className="table table-compact" aria-label="Estimates">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Busiest window</th>
                <th scope="col" className="num">
                  Estimated operations
                </th>
                <th scope="col" className="num">
                  Of threshold
                </th>
                <th scope="col">Arithmetic</th>
              </tr>
            </thead>
            <tbody>
              {r.estimates.map((e) => (
                <tr
                  key={e.accountId}
                  data-testid="estimate-row"
                  data-account={e.accountId}
                  data-crosses={e.crossesThreshold}
                >
                  <td>
                    <a href={href('kyc', e.accountId)} className="mono">
                      {e.accountId}
                    </a>
                  </td>
                  <td className="nowrap sub">
                    {e.windowFrom} … {e.windowTo}
                  </td>
                  <td className="num mono" data-testid="estimate-ops">
                    {fmtOps(e.estimatedOps)}
                  </td>
                  <td className="num">
                    <span className={e.crossesThreshold ? 'kyc-over' : 'kyc-under'}>
                      {(e.fractionOfThreshold * 100).toFixed(0)} %{e.crossesThreshold ? ' · crosses' : ''}
                    </span>
                  </td>
                  <td className="mono sub kyc-arith-cell">{e.lines.map((l) => l.arithmetic).join(' + ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function UsageIngest() {
  const { api } = useSession();
  const ids = useId();
  const [text, setText] = useState('');
  const { busy, error, setError, run } = useAction();
  const [done, setDone] = useState<KycUsageIngestResult | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      setError(notJson('The batch is not JSON', err));
      return;
    }
    await run(async () => {
      setDone(await api.ingestKycUsage(body));
    });
  };
  return (
    <form className="card kyc-form" onSubmit={submit} aria-label="Ingest usage">
      <h2 className="card-title">
        Ingest usage{' '}
        <span className="muted">
          daily rows, idempotent per account, day and accelerator; bad rows are quarantined with their reason
        </span>
      </h2>
      <div className="kyc-form-body">
        <label className="field" htmlFor={`${ids}-usage`}>
          <span>
            Usage (JSON){' '}
            <span className="optional">
              <code>
                {
                  '[{"accountId": "…", "day": "2026-06-30", "acceleratorModel": "nvidia-h100-sxm", "count": 8, "hours": 24, "utilisation": 0.4}]'
                }
              </code>
            </span>
          </span>
        </label>
        <textarea
          id={`${ids}-usage`}
          name="usage"
          className="mono"
          rows={5}
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="form-row">
          <button type="submit" className="btn" disabled={busy || !text.trim()}>
            {busy ? 'Ingesting…' : 'Ingest usage'}
          </button>
        </div>
        <ProblemAlert error={error} label="Usage refused" />
        {done && (
          <div data-testid="usage-result">
            <output className="flash">
              {fmtInt(done.received)} received · {fmtInt(done.inserted)} inserted · {fmtInt(done.replaced)} replaced ·{' '}
              {fmtInt(done.unchanged)} unchanged · {fmtInt(done.rejected.length)} quarantined · batch{' '}
              {shortId(done.batchId)}
            </output>
            {done.rejected.length > 0 && (
              <ul className="synth-reasons">
                {done.rejected.slice(0, 50).map((r) => (
                  <li key={r.row}>
                    row {r.row}: {r.reason}
                  </li>
                ))}
              </ul>
            )}
            {done.unknownModels.length > 0 && (
              <p className="notice">Needs input (no peak figure): {done.unknownModels.join(', ')}</p>
            )}
          </div>
        )}
      </div>
    </form>
  );
}

// ------------------------------------------------------------------ rules

function RulesView() {
  const { api } = useSession();
  const ids = useId();
  const [date, setDate] = useState('');
  const { data, error } = useLoad(useCallback(() => api.kycRules(date || undefined), [api, date]));
  useTitle('Rules · Cloud KYC');
  const counts = useMemo(() => {
    const n = { proposed: 0, bill: 0, inForce: 0, ended: 0, guidance: 0 };
    for (const r of data?.rules ?? []) {
      if (r.legalStatus === 'proposed-rule') n.proposed += 1;
      else if (r.legalStatus === 'bill') n.bill += 1;
      else if (r.legalStatus === 'guidance') n.guidance += 1;
      else if (r.inForce) n.inForce += 1;
      else n.ended += 1;
    }
    return n;
  }, [data]);
  return (
    <section className="card" aria-labelledby="kyc-allrules-title">
      <div className="card-head">
        <h2 id="kyc-allrules-title">
          Rules known on {data?.date ?? '…'}{' '}
          {data && (
            <span className="muted" data-testid="rule-counts">
              {counts.proposed} proposed · {counts.bill} bills · {counts.inForce} in force · {counts.ended} ended ·{' '}
              {counts.guidance} guidance
            </span>
          )}
        </h2>
        <label className="field kyc-date" htmlFor={`${ids}-date`}>
          <span>On the day</span>
          <input id={`${ids}-date`} type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
      </div>
      <ProblemAlert error={error} label="Rules failed" />
      {!data && !error && <Spinner />}
      {data && (
        <div className="table-scroll">
          <table className="table table-compact" aria-label="KYC rules">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Legal status</th>
                <th scope="col">Known from</th>
                <th scope="col">Effective</th>
                <th scope="col">Citation</th>
              </tr>
            </thead>
            <tbody>
              {data.rules.map((r: KycRuleView) => (
                <tr key={r.id} data-testid="all-rule-row" data-rule={r.id}>
                  <td>
                    <strong>{r.title}</strong>
                    <div className="sub mono">
                      {r.id} v{r.version} · {r.topic}
                    </div>
                    {r.ambiguityNote && <div className="sub">{r.ambiguityNote}</div>}
                  </td>
                  <td>
                    <LegalStatusBadge status={r.legalStatus} statusLabel={r.statusLabel} />
                  </td>
                  <td className="sub nowrap">{r.knownFrom}</td>
                  <td className="sub">
                    <RuleDates from={r.effectiveFrom} to={r.effectiveTo} inForce={r.inForce} />
                  </td>
                  <td className="sub">
                    {r.citation}
                    {!r.sectionVerified && <div>section not verified</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
