/**
 * American AI Exports Program (GET/POST/PUT /api/v1/program/*, docs/program.md):
 * - #/program: the proposals (consortium, review state, current version, open blocking findings); analysts create one
 *   from its JSON ("start from the example": the core's example proposal). A draft is saved even when incomplete;
 * - #/program?view=catalog: the designated packages in force (the public view: business-confidential sections blank);
 * - #/program/<id>: one proposal, in tabs (`?tab=`):
 *   - check (default): the findings grouped blocking / justified / advisory with requirement, citation and path
 *     (analysts justify a blocking finding on a draft; it stays listed as justified), the component × target-country
 *     license matrix, the US-content share with its arithmetic against the ≥ 51 % presumption, the screening hits
 *     with their list versions, and what the check ran with;
 *   - builder: the structured summary (members and anchor, the five layers with components and responsible members,
 *     BOM lines, targets, data centers, support requests) and the JSON editor (Save: the draft is checked again);
 *   - review: the agencies' rubric reviews, the national interest determination and the decision; admins record them;
 *   - history: the versions with their sha256 and the review record's events.
 *   Submission is in the head: a refusal shows the server's problem+json with the blocking findings; the frozen
 *   version's sha256 is shown after it.
 */
import { type FormEvent, type ReactNode, useCallback, useId, useState } from 'react';
import { saveDownload } from '../calls';
import { Empty, ProblemAlert, QueueCard, Spinner, StatusBadge } from '../components/ui';
import { fmtDate, fmtInt, plural } from '../format';
import {
  AGENCIES,
  type CatalogEntry,
  criteriaFor,
  findingKeyOf,
  isOpenBlocking,
  LAYER_LABEL,
  LAYERS,
  type LicenseCell,
  NID_CONSULTED,
  type ProgramCheckView,
  type ProgramDecisionInput,
  type ProgramFinding,
  type ProgramProposal,
  type ProgramProposalSummary,
  type Proposal,
  type ReviewAgency,
  type ReviewState,
  STATE_LABEL,
  STATES,
  type UsContentResult,
} from '../program-api';
import { href, useRouteParams, useRouteQuery } from '../router';
import { useSession } from '../session';
import { notJson, useAction } from '../use-action';
import { canAct, useLoad } from '../use-load';
import { useTitle } from '../use-title';

const LIMIT = 100;

const usd = (cents: number) =>
  `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function StateBadge({ state }: { state: string }) {
  const label = (STATES as readonly string[]).includes(state) ? STATE_LABEL[state as ReviewState] : state;
  return (
    <StatusBadge status={`prog-${state}`}>
      <span data-testid="program-state">{label}</span>
    </StatusBadge>
  );
}

export function ProgramPage() {
  const [id] = useRouteParams();
  const view = useRouteQuery().get('view') === 'catalog' ? 'catalog' : 'proposals';
  if (id) return <ProposalView id={id} />;
  return (
    <div className="page">
      <div className="page-head">
        <h1>AI Exports Program</h1>
        <p className="lede">
          Full-stack AI export packages proposed by consortia under EO 14320 and the Call for Proposals (FR 2026-06952):
          drafts checked with the real screening, classification and license modules, submission frozen under a sha256,
          the interagency review, the national interest determination and the designation. Method and limits:{' '}
          <code>docs/program.md</code>.
        </p>
      </div>
      <nav aria-label="Program views" className="view-tabs">
        <a href={href('program')} className="view-tab" aria-current={view === 'proposals' ? 'page' : undefined}>
          Proposals
        </a>
        <a
          href={`${href('program')}?view=catalog`}
          className="view-tab"
          aria-current={view === 'catalog' ? 'page' : undefined}
        >
          Catalog
        </a>
      </nav>
      {view === 'proposals' ? <ProposalsView /> : <CatalogView />}
    </div>
  );
}

// ------------------------------------------------------------------ proposals list

function ProposalsView() {
  const { api, me } = useSession();
  const { data, error } = useLoad(useCallback(() => api.programProposals({ limit: LIMIT }), [api]));
  const [creating, setCreating] = useState(false);
  useTitle('AI Exports Program');
  return (
    <>
      {canAct(me.role) && (
        <div className="page-actions">
          <button
            type="button"
            className="btn btn-primary"
            aria-expanded={creating}
            aria-controls="new-proposal"
            onClick={() => setCreating((c) => !c)}
          >
            New proposal…
          </button>
        </div>
      )}
      {creating && <NewProposal onCancel={() => setCreating(false)} />}
      <ProblemAlert error={error} label="Proposals failed" />
      {!data && !error && <Spinner />}
      {data && (
        <QueueCard
          titleId="prog-list-title"
          count={data.length}
          noun="proposal"
          limit={LIMIT}
          order="most recently changed first"
          empty="No proposal yet."
        >
          <table className="table" aria-label="Proposals">
            <thead>
              <tr>
                <th>Proposal</th>
                <th>Consortium</th>
                <th>Status</th>
                <th className="num">Version</th>
                <th className="num">Blocking findings</th>
                <th>Changed</th>
              </tr>
            </thead>
            <tbody>
              {data.map((p) => (
                <ProposalRow key={p.id} p={p} />
              ))}
            </tbody>
          </table>
        </QueueCard>
      )}
    </>
  );
}

function ProposalRow({ p }: { p: ProgramProposalSummary }) {
  // From the list itself (the current version's last check): no request per row.
  const blocking = p.checkSummary?.blocking;
  return (
    <tr data-testid="proposal-row" data-id={p.id}>
      <td>
        <a href={href('program', p.id)}>{p.title || p.id}</a>
        <div className="sub mono">{p.id}</div>
      </td>
      <td>{p.consortium}</td>
      <td>
        <StateBadge state={p.status} />
      </td>
      <td className="num">v{p.currentVersion}</td>
      <td className="num" data-testid="blocking-count">
        {blocking === undefined ? 'not checked' : blocking}
      </td>
      <td>{fmtDate(p.updatedAt)}</td>
    </tr>
  );
}

function NewProposal({ onCancel }: { onCancel: () => void }) {
  const { api } = useSession();
  const ids = useId();
  const [text, setText] = useState('');
  const { busy, error, setError, run } = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      setError(notJson('The proposal is not JSON', err));
      return;
    }
    await run(async () => {
      const v = await api.createProgramProposal(body);
      window.location.hash = href('program', v.proposal.id);
    });
  };
  return (
    <form id="new-proposal" className="card kyc-form" onSubmit={submit} aria-label="New proposal">
      <h2 className="card-title">
        New proposal{' '}
        <span className="muted">
          saved as a draft even when incomplete, with its findings; a schema error names the path and nothing is stored
        </span>
      </h2>
      <div className="kyc-form-body">
        <div className="form-row">
          <button
            type="button"
            className="btn btn-small"
            disabled={busy}
            onClick={() => run(async () => setText(pretty(await api.programExample())))}
          >
            Start from the example
          </button>
          <span className="sub">the server’s complete example package (change its id to save it twice)</span>
        </div>
        <label className="field" htmlFor={`${ids}-json`}>
          <span>
            Proposal (JSON){' '}
            <span className="optional">
              schema <code>docs/program/proposal.schema.json</code>
            </span>
          </span>
        </label>
        <textarea
          id={`${ids}-json`}
          name="proposal"
          className="mono"
          rows={16}
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <ProblemAlert error={error} label="The proposal was refused" />
        <div className="form-row">
          <button type="submit" className="btn btn-primary" disabled={busy || !text.trim()}>
            {busy ? 'Saving…' : 'Save draft'}
          </button>
          <button type="button" className="btn btn-quiet" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </form>
  );
}

const pretty = (p: unknown) => JSON.stringify(p, null, 2);

// ------------------------------------------------------------------ catalog

function CatalogView() {
  const { api } = useSession();
  const { data, error } = useLoad(useCallback(() => api.programCatalog(), [api]));
  useTitle('Catalog · AI Exports Program');
  return (
    <>
      <ProblemAlert error={error} label="Catalog failed" />
      {!data && !error && <Spinner />}
      {data && (
        <section className="card" aria-labelledby="prog-catalog-title">
          <div className="card-head">
            <h2 id="prog-catalog-title">
              {plural(data.entries.length, 'designated package')} in force on {data.asOf}
            </h2>
            <span className="sub">public view: business-confidential sections are left blank</span>
          </div>
          {data.entries.length === 0 ? (
            <Empty>No package is designated on {data.asOf}.</Empty>
          ) : (
            <div className="prog-catalog">
              {data.entries.map((c) => (
                <CatalogCard key={c.designationId} c={c} />
              ))}
            </div>
          )}
        </section>
      )}
    </>
  );
}

const Withheld = () => <span className="muted">withheld (business-confidential)</span>;

function CatalogCard({ c }: { c: CatalogEntry }) {
  return (
    <article className="prog-catalog-entry" data-testid="catalog-entry" aria-label={c.title}>
      <h3>
        <a href={href('program', c.proposalId)}>{c.title}</a>
      </h3>
      <dl className="kv">
        <div>
          <dt>Consortium</dt>
          <dd>{c.consortium}</dd>
        </div>
        <div>
          <dt>Anchor</dt>
          <dd>{c.anchor ?? <Withheld />}</dd>
        </div>
        <div>
          <dt>Members</dt>
          <dd>{c.members.length ? c.members.join(', ') : <Withheld />}</dd>
        </div>
        <div>
          <dt>Targets</dt>
          <dd>{c.targets.length ? c.targets.join(', ') : <Withheld />}</dd>
        </div>
        <div>
          <dt>In force</dt>
          <dd>
            {c.effectiveFrom} → {c.expiresOn} <span className="sub">(expiry exclusive)</span>
          </dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>
            v{c.version} <code className="prog-hash">{c.contentHash}</code>
          </dd>
        </div>
      </dl>
      <ul className="prog-layers">
        {c.layers.map((l) => (
          <li key={l.layer}>
            <strong>{LAYER_LABEL[l.layer as keyof typeof LAYER_LABEL] ?? l.layer}:</strong>{' '}
            {l.components.length ? l.components.join(', ') : <Withheld />}
          </li>
        ))}
      </ul>
      {c.conditions.length > 0 && (
        <div>
          <strong>Conditions</strong>
          <ul data-testid="catalog-conditions">
            {c.conditions.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </div>
      )}
    </article>
  );
}

// ------------------------------------------------------------------ one proposal

const TABS = ['check', 'builder', 'review', 'history'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABEL: Record<Tab, string> = {
  check: 'Check results',
  builder: 'Builder',
  review: 'Review',
  history: 'History',
};

function ProposalView({ id }: { id: string }) {
  const { api } = useSession();
  const raw = useRouteQuery().get('tab');
  const tab: Tab = (TABS as readonly string[]).includes(raw ?? '') ? (raw as Tab) : 'check';
  const { data: p, error, reload } = useLoad(useCallback(() => api.programProposal(id), [api, id]));
  useTitle(p ? `${p.proposal.title || id} · AI Exports Program` : 'AI Exports Program');
  return (
    <div className="page">
      <nav aria-label="Breadcrumb" className="crumbs">
        <a href={href('program')}>AI Exports Program</a>
        <span aria-current="page">{p?.proposal.title || id}</span>
      </nav>
      <ProblemAlert error={error} label="Proposal failed" />
      {!p && !error && <Spinner />}
      {p && (
        <>
          <ProposalHead p={p} onChange={reload} />
          <nav aria-label="Proposal sections" className="view-tabs">
            {TABS.map((t) => (
              <a
                key={t}
                href={`${href('program', id)}${t === 'check' ? '' : `?tab=${t}`}`}
                className="view-tab"
                aria-current={t === tab ? 'page' : undefined}
              >
                {TAB_LABEL[t]}
              </a>
            ))}
          </nav>
          {tab === 'check' && <CheckTab p={p} onChange={reload} />}
          {tab === 'builder' && <BuilderTab p={p} onChange={reload} />}
          {tab === 'review' && <ReviewTab p={p} onChange={reload} />}
          {tab === 'history' && <HistoryTab p={p} />}
        </>
      )}
    </div>
  );
}

function ProposalHead({ p, onChange }: { p: ProgramProposal; onChange: () => void }) {
  const { api, me } = useSession();
  const { busy, error, run } = useAction();
  const frozen = p.versions.filter((v) => v.frozen).at(-1);
  const summary = p.check?.result.summary;
  const draft = p.review.state === 'draft';
  const decision = p.review.decision;
  return (
    <section className="card prog-head" aria-labelledby="prog-title">
      <div className="page-head-row">
        <div>
          <h1 id="prog-title">{p.proposal.title || p.proposal.id}</h1>
          <p className="sub">
            {p.proposal.consortium} · <code>{p.proposal.id}</code> · version {p.proposal.currentVersion} · created by{' '}
            {p.proposal.createdBy} {fmtDate(p.proposal.createdAt)}
          </p>
        </div>
        <StateBadge state={p.review.state} />
      </div>
      <dl className="kv prog-card-body">
        {summary && (
          <div>
            <dt>Findings</dt>
            <dd data-testid="findings-summary">
              {summary.blocking} blocking · {summary.justified} justified · {summary.advisory} advisory
            </dd>
          </div>
        )}
        {frozen && (
          <div>
            <dt>Frozen version</dt>
            <dd>
              v{frozen.version} submitted {fmtDate(frozen.submittedAt)} by {frozen.submittedBy}
              <br />
              sha256{' '}
              <code className="prog-hash" data-testid="frozen-hash">
                {frozen.contentSha256}
              </code>
            </dd>
          </div>
        )}
        {decision && (
          <div>
            <dt>Decision</dt>
            <dd data-testid="decision">
              {decision.outcome === 'designated'
                ? `Designated (${decision.designation.status}) ${decision.designation.effectiveFrom} → ${decision.designation.expiresOn}`
                : `Declined: ${decision.reasons.join('; ')}`}
            </dd>
          </div>
        )}
      </dl>
      {canAct(me.role) && draft && (
        <div className="form-row">
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            onClick={() => run(() => api.submitProgramProposal(p.proposal.id)).then((ok) => ok && onChange())}
          >
            {busy ? 'Submitting…' : 'Submit for review'}
          </button>
          <span className="sub">
            {summary?.canSubmit
              ? 'no open blocking finding: the version is frozen under its sha256'
              : 'refused while a blocking finding is neither resolved nor justified'}
          </span>
        </div>
      )}
      <div className="form-row">
        {(['government', 'public'] as const).map((audience) => (
          <button
            key={audience}
            type="button"
            className="btn"
            onClick={() =>
              api
                .programDossierPdf(p.proposal.id, audience)
                .then(saveDownload)
                .catch(() => undefined)
            }
          >
            Dossier PDF ({audience === 'public' ? 'public, confidential sections redacted' : 'government'})
          </button>
        ))}
      </div>
      <ProblemAlert error={error} label="Submission refused" />
    </section>
  );
}

// ------------------------------------------------------------------ check results

function CheckTab({ p, onChange }: { p: ProgramProposal; onChange: () => void }) {
  const { me } = useSession();
  const check = p.check;
  if (!check) return <Empty>This version has not been checked.</Empty>;
  const findings = check.result.findings;
  const open = findings.filter(isOpenBlocking);
  const justified = findings.filter((f) => f.justified);
  const advisory = findings.filter((f) => f.severity === 'advisory');
  const canJustify = canAct(me.role) && p.review.state === 'draft';
  return (
    <>
      <section className="card" aria-labelledby="prog-findings-title" data-testid="findings">
        <div className="card-head">
          <h2 id="prog-findings-title">Findings</h2>
          <span className="sub">
            checked {check.result.asOf} on version {check.version} · policy {check.result.policy.id}{' '}
            {check.result.policy.version}
          </span>
        </div>
        <FindingGroup
          title="Blocking"
          testId="findings-blocking"
          findings={open}
          empty="No open blocking finding: the draft can be submitted."
          justify={canJustify ? { id: p.proposal.id, onChange } : undefined}
        />
        <FindingGroup title="Justified" testId="findings-justified" findings={justified} empty="None." />
        <FindingGroup title="Advisory" testId="findings-advisory" findings={advisory} empty="None." />
      </section>
      <LicenseMatrixCard check={check} />
      <UsContentCard us={check.result.usContent} />
      <ScreeningCard check={check} />
    </>
  );
}

function FindingGroup({
  title,
  testId,
  findings,
  empty,
  justify,
}: {
  title: string;
  testId: string;
  findings: readonly ProgramFinding[];
  empty: string;
  justify?: { id: string; onChange: () => void } | undefined;
}) {
  return (
    <div className="prog-findings" data-testid={testId}>
      <h3>
        {title} <span className="muted">({findings.length})</span>
      </h3>
      {findings.length === 0 ? (
        <p className="sub">{empty}</p>
      ) : (
        <ul className="prog-finding-list">
          {findings.map((f) => (
            <li key={findingKeyOf(f)} className="prog-finding" data-testid="finding" data-key={findingKeyOf(f)}>
              <div>
                <span className={`badge sev-${f.justified ? 'low' : f.severity === 'blocking' ? 'high' : 'medium'}`}>
                  {f.justified ? 'justified' : f.severity}
                </span>{' '}
                <code>{f.id}</code> <span className="sub">at</span> <code>{f.path || '(proposal)'}</code>
              </div>
              <div className="prog-finding-msg">{f.message}</div>
              <div className="sub">
                {f.requirementId} · {f.citation.instrument}
                {f.citation.section !== '—' ? ` ${f.citation.section}` : ''}
                {f.citation.sectionVerified ? '' : ' (section not verified)'}
                {f.notInForce ? ' · not in force on the check date' : ''}
              </div>
              {f.justification && (
                <blockquote className="prog-justification">
                  Justified by {f.justification.by} {fmtDate(f.justification.at)}: {f.justification.text}
                </blockquote>
              )}
              {justify && <JustifyForm proposalId={justify.id} finding={f} onDone={justify.onChange} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function JustifyForm({
  proposalId,
  finding,
  onDone,
}: {
  proposalId: string;
  finding: ProgramFinding;
  onDone: () => void;
}) {
  const { api } = useSession();
  const ids = useId();
  const [openForm, setOpenForm] = useState(false);
  const [text, setText] = useState('');
  const { busy, error, run } = useAction();
  if (!openForm)
    return (
      <button type="button" className="btn btn-small" onClick={() => setOpenForm(true)}>
        Justify…
      </button>
    );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await run(() => api.justifyProgramFinding(proposalId, findingKeyOf(finding), text));
    if (ok) onDone();
  };
  return (
    <form className="prog-justify" onSubmit={submit} aria-label={`Justify ${findingKeyOf(finding)}`}>
      <label className="field" htmlFor={`${ids}-text`}>
        <span>Justification</span>
      </label>
      <textarea id={`${ids}-text`} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      <ProblemAlert error={error} label="Justification refused" />
      <div className="form-row">
        <button type="submit" className="btn btn-primary btn-small" disabled={busy || !text.trim()}>
          Record justification
        </button>
        <button type="button" className="btn btn-quiet btn-small" onClick={() => setOpenForm(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function cellText(c: LicenseCell): string {
  if (c.status === 'error') return `error: ${c.error ?? 'refused'}`;
  if (c.status === 'not-determined') return 'not determined';
  const s = c.summary;
  if (!s) return '—';
  const req = s.licenseRequired === 'yes' ? 'license required' : s.licenseRequired === 'no' ? 'NLR' : 'unknown';
  return s.reviewPolicy ? `${req} · ${s.reviewPolicy}` : req;
}

function LicenseMatrixCard({ check }: { check: ProgramCheckView }) {
  const m = check.result.licenseMatrix;
  return (
    <section className="card" aria-labelledby="prog-matrix-title">
      <div className="card-head">
        <h2 id="prog-matrix-title">License matrix</h2>
        <span className="sub">hardware goods × target countries · rule pack {check.context.rulePackVersion}</span>
      </div>
      {m.rows.length === 0 ? (
        <Empty>No hardware good to determine.</Empty>
      ) : (
        <div className="table-scroll">
          <table className="table table-compact" aria-label="License matrix" data-testid="license-matrix">
            <thead>
              <tr>
                <th>Component (BOM line)</th>
                <th>ECCN</th>
                {m.destinations.map((d) => (
                  <th key={d}>{d}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {m.rows.map((r) => (
                <tr key={r.lineId}>
                  <th scope="row">
                    {r.description} <span className="sub">{r.lineId}</span>
                  </th>
                  <td>
                    <code>{r.eccn ?? '—'}</code> <span className="sub">{r.classificationStatus}</span>
                  </td>
                  {r.cells.map((c) => (
                    <td
                      key={c.destination}
                      className={`prog-cell prog-cell-${c.summary?.licenseRequired ?? c.status}`}
                      title={c.summary?.citations?.join('; ')}
                    >
                      {cellText(c)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function UsContentCard({ us }: { us: UsContentResult }) {
  const met = us.presumptionMet;
  return (
    <section className="card" aria-labelledby="prog-us-title" data-testid="us-content">
      <div className="card-head">
        <h2 id="prog-us-title">US content</h2>
        <span className="sub">{us.methodVersion}</span>
      </div>
      <div className="prog-card-body">
        <p>
          US-origin share of the hardware layer:{' '}
          <strong data-testid="us-share">{us.sharePct === undefined ? 'not computable' : `${us.sharePct} %`}</strong>
          {us.sharePctUpper !== undefined && us.sharePctUpper !== us.sharePct && (
            <span className="sub"> (up to {us.sharePctUpper} % with the unknown origins)</span>
          )}{' '}
          ·{' '}
          <span
            className={`badge ${met === true ? 'status-false_positive' : met === false ? 'status-true_match' : ''}`}
          >
            {met === true
              ? `≥ ${us.thresholdPct} % presumption met`
              : met === false
                ? `below the ${us.thresholdPct} % presumption`
                : `${us.thresholdPct} % presumption undetermined`}
          </span>
        </p>
        <p className="sub">
          {usd(us.usUsdCents)} US-origin of {usd(us.totalUsdCents)} valued
          {us.unknownOriginUsdCents > 0 ? `; ${usd(us.unknownOriginUsdCents)} of unknown origin` : ''}.
        </p>
        <h3 className="sr-only">Arithmetic</h3>
        <pre className="prog-arith" data-testid="us-arithmetic">
          {us.arithmetic.join('\n')}
        </pre>
        {us.problems.length > 0 && (
          <ul>
            {us.problems.map((x) => (
              <li key={`${x.path}:${x.message}`}>
                <code>{x.path}</code> {x.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function ScreeningCard({ check }: { check: ProgramCheckView }) {
  const ctx = check.context;
  return (
    <section className="card" aria-labelledby="prog-screen-title" data-testid="screening">
      <div className="card-head">
        <h2 id="prog-screen-title">Screening</h2>
        <span className="sub">
          {plural(check.result.screening.length, 'party', 'parties')} screened · matcher {ctx.matcherVersion}
        </span>
      </div>
      {check.listHits.length === 0 ? (
        <Empty>No party matches the restricted-party lists (alert or review band).</Empty>
      ) : (
        <table className="table table-compact" aria-label="Screening hits">
          <thead>
            <tr>
              <th>Party</th>
              <th>Path</th>
              <th>Listed as</th>
              <th>List</th>
              <th className="num">Score</th>
              <th>List version</th>
            </tr>
          </thead>
          <tbody>
            {check.listHits.map((h) => (
              <tr key={`${h.path}:${h.entryKey}`}>
                <td>{h.name}</td>
                <td>
                  <code>{h.path}</code>
                </td>
                <td>{h.listName}</td>
                <td>
                  {h.source} <span className="sub">{h.band}</span>
                </td>
                <td className="num">{h.score}</td>
                <td>
                  <code>{h.listVersionId ?? '—'}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="sub prog-card-body">
        List versions: {ctx.listVersions.map((v) => v).join(', ') || '—'} · rule pack {ctx.rulePackVersion} · country
        policy {ctx.countryPolicy} · rubric {ctx.rubric}
      </p>
    </section>
  );
}

// ------------------------------------------------------------------ builder

function BuilderTab({ p, onChange }: { p: ProgramProposal; onChange: () => void }) {
  const { api, me } = useSession();
  const ids = useId();
  const [text, setText] = useState(() => pretty(p.content));
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      setError(notJson('The proposal is not JSON', err));
      return;
    }
    await run(async () => {
      const v = await api.updateProgramProposal(p.proposal.id, body);
      const n = v.check?.result.summary.blocking ?? 0;
      setNotice(
        `Saved as version ${v.proposal.currentVersion}: ${plural(n, 'open blocking finding')}${v.reopened ? '; the review is reopened' : ''}.`,
      );
      onChange();
    });
  };
  return (
    <>
      <Summary content={p.content} />
      {canAct(me.role) && (
        <form className="card kyc-form" onSubmit={save} aria-label="Edit the proposal">
          <h2 className="card-title">
            Proposal JSON{' '}
            <span className="muted">
              a draft is edited in place; after submission a save opens a new draft version (membership or BOM changes
              reopen the review)
            </span>
          </h2>
          <div className="kyc-form-body">
            <label className="field" htmlFor={`${ids}-json`}>
              <span>Proposal (JSON)</span>
            </label>
            <textarea
              id={`${ids}-json`}
              className="mono"
              rows={20}
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
            <ProblemAlert error={error} label="The proposal was refused" />
            {notice && (
              <output className="flash" data-testid="saved">
                {notice}
              </output>
            )}
            <div className="form-row">
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {busy ? 'Saving…' : 'Save'}
              </button>
              <button type="button" className="btn btn-quiet" onClick={() => setText(pretty(p.content))}>
                Revert
              </button>
            </div>
          </div>
        </form>
      )}
    </>
  );
}

function Summary({ content: c }: { content: Proposal }) {
  const name = (id: string | undefined) =>
    id ? (c.consortium.members.find((m) => m.id === id)?.legalName ?? `${id} (not a member)`) : '—';
  const party = (r: Proposal['dataCenters'][number]['operator']) =>
    !r ? '—' : 'memberId' in r ? name(r.memberId) : `${r.name} (${r.country})`;
  const confidential = new Set(c.confidentiality.map((x) => x.section));
  const mark = (s: Proposal['confidentiality'][number]['section']) =>
    confidential.has(s) ? <span className="badge sev-medium">business-confidential</span> : null;
  return (
    <section className="card" aria-labelledby="prog-summary-title" data-testid="summary">
      <div className="card-head">
        <h2 id="prog-summary-title">Summary</h2>
        <span className="sub">{c.call ?? 'no call named'}</span>
      </div>
      <SummaryBlock title="Members" extra={mark('consortium')}>
        <ul>
          {c.consortium.members.map((m) => (
            <li key={m.id}>
              {m.legalName} {m.role === 'anchor' && <span className="badge status-active">anchor</span>}{' '}
              <span className="sub">
                {m.headquartersCountry ?? '??'} · layers {m.layers.join(', ') || '—'} ·{' '}
                {plural(m.owners.length, 'owner')}
              </span>
            </li>
          ))}
        </ul>
      </SummaryBlock>
      <SummaryBlock title="Layers" extra={mark('layers')}>
        <ul>
          {LAYERS.map((id) => {
            const layer = c.layers.find((l) => l.layer === id);
            return (
              <li key={id} data-testid={`layer-${id}`}>
                <strong>{LAYER_LABEL[id]}</strong>{' '}
                {!layer ? (
                  <span className="sev-error">missing</span>
                ) : (
                  <span className="sub">responsible {name(layer.responsibleMemberId)}</span>
                )}
                {layer && layer.components.length > 0 && (
                  <ul>
                    {layer.components.map((x) => (
                      <li key={x.id}>
                        {x.name} <span className="sub">— {name(x.responsibleMemberId)}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      </SummaryBlock>
      <SummaryBlock title="Hardware BOM" extra={mark('hardwareBom')}>
        <table className="table table-compact" aria-label="BOM lines">
          <thead>
            <tr>
              <th>Line</th>
              <th>Description</th>
              <th className="num">Qty</th>
              <th className="num">Unit value</th>
              <th>Origin</th>
            </tr>
          </thead>
          <tbody>
            {c.hardwareBom.lines.map((l) => (
              <tr key={l.id}>
                <td>{l.id}</td>
                <td>
                  {l.description} <span className="sub">{l.kind}</span>
                </td>
                <td className="num">{fmtInt(l.quantity)}</td>
                <td className="num">
                  {fmtInt(l.unitValue.amount)} {l.unitValue.currency}
                </td>
                <td>
                  {l.originCountry ?? '—'}
                  {l.usContentFraction !== undefined ? ` (US ${l.usContentFraction * 100} %)` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {c.hardwareBom.declaredTotal && (
          <p className="sub">
            Declared total {fmtInt(c.hardwareBom.declaredTotal.amount)} {c.hardwareBom.declaredTotal.currency}
          </p>
        )}
      </SummaryBlock>
      <SummaryBlock title="Targets" extra={mark('targets')}>
        <ul>
          {c.targets.map((t) => (
            <li key={t.code}>
              {t.code}
              {t.name ? ` ${t.name}` : ''}
              {t.countries?.length ? ` (${t.countries.join(', ')})` : ''}
            </li>
          ))}
        </ul>
      </SummaryBlock>
      <SummaryBlock title="Data centers" extra={mark('dataCenters')}>
        <ul>
          {c.dataCenters.map((d) => (
            <li key={d.id}>
              {d.name} <span className="sub">{d.country}</span> · operator {party(d.operator)}
              {d.powerMw !== undefined ? ` · ${d.powerMw} MW` : ''}
            </li>
          ))}
        </ul>
      </SummaryBlock>
      <SummaryBlock title="Support requests" extra={mark('supportRequests')}>
        <ul>
          {c.supportRequests.map((s) => (
            <li key={s.id}>
              {s.agency} · {s.instrument}
              {s.amount ? ` · ${fmtInt(s.amount.amount)} ${s.amount.currency}` : ''}
              {s.purpose ? <span className="sub"> — {s.purpose}</span> : null}
            </li>
          ))}
        </ul>
      </SummaryBlock>
      <SummaryBlock title="Attestations" extra={mark('attestations')}>
        <ul>
          {c.attestations.map((a) => (
            <li key={`${a.kind}:${a.signer}`}>
              {a.kind}{' '}
              <span className="sub">
                signed by {a.signer} on {a.date}
              </span>
            </li>
          ))}
        </ul>
      </SummaryBlock>
    </section>
  );
}

function SummaryBlock({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <div className="prog-summary-block">
      <h3>
        {title} {extra}
      </h3>
      {children}
    </div>
  );
}

// ------------------------------------------------------------------ review

function ReviewTab({ p, onChange }: { p: ProgramProposal; onChange: () => void }) {
  const { me } = useSession();
  const r = p.review;
  const reviewing = r.state === 'submitted' || r.state === 'under-review';
  const admin = me.role === 'admin';
  return (
    <>
      <section className="card" aria-labelledby="prog-reviews-title">
        <div className="card-head">
          <h2 id="prog-reviews-title">Agency reviews</h2>
          <span className="sub">rubric scores on the frozen version</span>
        </div>
        {r.reviews.length === 0 ? (
          <Empty>No agency has reviewed this proposal.</Empty>
        ) : (
          <table className="table table-compact" aria-label="Agency reviews" data-testid="reviews">
            <thead>
              <tr>
                <th>Agency</th>
                <th>Version</th>
                <th>Scores</th>
                <th className="num">Weighted</th>
                <th>Recommendation</th>
                <th>Comment</th>
              </tr>
            </thead>
            <tbody>
              {r.reviews.map((x) => (
                <tr key={`${x.version}:${x.agency}:${x.reviewer}`}>
                  <td>
                    {x.agency} <span className="sub">{x.reviewer}</span>
                  </td>
                  <td>v{x.version}</td>
                  <td>{x.scores.map((s) => `${s.criterionId} ${s.score}`).join(', ')}</td>
                  <td className="num">{x.weightedScore}</td>
                  <td>{x.recommendation}</td>
                  <td>{x.comment ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {admin && reviewing && <AgencyReviewForm id={p.proposal.id} onDone={onChange} />}
      </section>
      <section className="card" aria-labelledby="prog-nid-title">
        <div className="card-head">
          <h2 id="prog-nid-title">National interest determination</h2>
          <span className="sub">State, War, Energy and OSTP consulted</span>
        </div>
        {r.nids.length === 0 ? (
          <Empty>No determination yet.</Empty>
        ) : (
          <ul data-testid="nids" className="prog-card-body prog-list">
            {r.nids.map((n) => (
              <li key={n.version}>
                v{n.version}:{' '}
                <strong>{n.inNationalInterest ? 'in the national interest' : 'not in the national interest'}</strong> —{' '}
                {n.rationale} <span className="sub">consulted {n.agenciesConsulted.join(', ')}</span>
                <span className="sub">
                  {' '}
                  · US content {n.usContent.sharePct ?? '—'} % (presumption {String(n.usContent.presumptionMet)}) ·{' '}
                  {n.by} {fmtDate(n.at)}
                </span>
              </li>
            ))}
          </ul>
        )}
        {admin && reviewing && <NidForm id={p.proposal.id} onDone={onChange} />}
      </section>
      <section className="card" aria-labelledby="prog-decision-title">
        <div className="card-head">
          <h2 id="prog-decision-title">Decision</h2>
        </div>
        {!r.decision ? (
          <Empty>Not decided.</Empty>
        ) : r.decision.outcome === 'designated' ? (
          <div data-testid="designation" className="prog-card-body">
            <p>
              <strong>Designated</strong> ({r.decision.designation.status}) version {r.decision.designation.version},{' '}
              {r.decision.designation.effectiveFrom} → {r.decision.designation.expiresOn} (expiry exclusive), by{' '}
              {r.decision.by}
            </p>
            {r.decision.designation.conditions.length > 0 && (
              <ul>
                {r.decision.designation.conditions.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            )}
          </div>
        ) : (
          <p data-testid="designation" className="prog-card-body">
            <strong>Declined</strong> version {r.decision.version}: {r.decision.reasons.join('; ')}
          </p>
        )}
        {admin && r.state === 'under-review' && <DecisionForm id={p.proposal.id} onDone={onChange} />}
        {admin && r.state === 'submitted' && (
          <p className="sub prog-card-body">The review starts with the first agency review or determination.</p>
        )}
      </section>
    </>
  );
}

function AgencyReviewForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { api } = useSession();
  const ids = useId();
  const [agency, setAgency] = useState<ReviewAgency>('DOC');
  const [scores, setScores] = useState<Record<string, string>>({});
  const [recommendation, setRecommendation] = useState<'designate' | 'designate-with-conditions' | 'decline'>(
    'designate',
  );
  const [comment, setComment] = useState('');
  const { busy, error, run } = useAction();
  const { data: rubric, error: rubricError } = useLoad(useCallback(() => api.programRubric(), [api]));
  const criteria = rubric ? criteriaFor(rubric, agency) : [];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await run(() =>
      api.reviewProgramProposal(id, {
        agency,
        scores: Object.fromEntries(criteria.map((c) => [c.id, Number(scores[c.id] ?? '')])),
        recommendation,
        ...(comment.trim() ? { comment } : {}),
      }),
    );
    if (ok) {
      setScores({});
      setComment('');
      onDone();
    }
  };
  return (
    <form className="prog-form" onSubmit={submit} aria-label="Agency review">
      <h3>Record an agency review</h3>
      <div className="form-row">
        <label className="field" htmlFor={`${ids}-agency`}>
          <span>Agency</span>
          <select id={`${ids}-agency`} value={agency} onChange={(e) => setAgency(e.target.value as ReviewAgency)}>
            {AGENCIES.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="field" htmlFor={`${ids}-rec`}>
          <span>Recommendation</span>
          <select
            id={`${ids}-rec`}
            value={recommendation}
            onChange={(e) => setRecommendation(e.target.value as typeof recommendation)}
          >
            <option value="designate">designate</option>
            <option value="designate-with-conditions">designate with conditions</option>
            <option value="decline">decline</option>
          </select>
        </label>
      </div>
      <fieldset className="prog-scores">
        <legend>Scores (the criteria {agency} scores)</legend>
        {criteria.map((c) => (
          <label key={c.id} className="field" htmlFor={`${ids}-s-${c.id}`}>
            <span title={c.description}>
              {c.title}{' '}
              <span className="optional">
                0–{c.maxScore}, weight {c.weight}
              </span>
            </span>
            <input
              id={`${ids}-s-${c.id}`}
              type="number"
              min={0}
              max={c.maxScore}
              step={1}
              required
              value={scores[c.id] ?? ''}
              onChange={(e) => setScores((s) => ({ ...s, [c.id]: e.target.value }))}
            />
          </label>
        ))}
      </fieldset>
      <label className="field" htmlFor={`${ids}-comment`}>
        <span>
          Comment <span className="optional">optional</span>
        </span>
      </label>
      <textarea id={`${ids}-comment`} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      <ProblemAlert error={rubricError} label="Rubric not loaded" />
      <ProblemAlert error={error} label="Review refused" />
      <div className="form-row">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Record review
        </button>
      </div>
    </form>
  );
}

function NidForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { api } = useSession();
  const ids = useId();
  const [inInterest, setInInterest] = useState(true);
  const [rationale, setRationale] = useState('');
  const [consulted, setConsulted] = useState<ReviewAgency[]>([...NID_CONSULTED]);
  const { busy, error, run } = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await run(() =>
      api.determineProgramNationalInterest(id, {
        inNationalInterest: inInterest,
        rationale,
        agenciesConsulted: consulted,
      }),
    );
    if (ok) onDone();
  };
  return (
    <form className="prog-form" onSubmit={submit} aria-label="National interest determination">
      <h3>Record the determination</h3>
      <fieldset className="prog-inline">
        <legend>Determination</legend>
        <label>
          <input type="radio" name={`${ids}-nid`} checked={inInterest} onChange={() => setInInterest(true)} /> In the
          national interest
        </label>
        <label>
          <input type="radio" name={`${ids}-nid`} checked={!inInterest} onChange={() => setInInterest(false)} /> Not in
          the national interest
        </label>
      </fieldset>
      <fieldset className="prog-inline">
        <legend>Agencies consulted</legend>
        {AGENCIES.map((a) => (
          <label key={a}>
            <input
              type="checkbox"
              checked={consulted.includes(a)}
              onChange={(e) => setConsulted((c) => (e.target.checked ? [...c, a] : c.filter((x) => x !== a)))}
            />{' '}
            {a}
          </label>
        ))}
      </fieldset>
      <label className="field" htmlFor={`${ids}-rationale`}>
        <span>Rationale</span>
      </label>
      <textarea id={`${ids}-rationale`} rows={3} value={rationale} onChange={(e) => setRationale(e.target.value)} />
      <ProblemAlert error={error} label="Determination refused" />
      <div className="form-row">
        <button type="submit" className="btn btn-primary" disabled={busy || !rationale.trim()}>
          Record determination
        </button>
      </div>
    </form>
  );
}

function DecisionForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { api } = useSession();
  const ids = useId();
  const [outcome, setOutcome] = useState<ProgramDecisionInput['outcome']>('designate');
  const [lines, setLines] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const { busy, error, run } = useAction();
  const list = lines
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input: ProgramDecisionInput =
      outcome === 'designate'
        ? { outcome, conditions: list, expiresOn, ...(effectiveFrom ? { effectiveFrom } : {}) }
        : { outcome, reasons: list };
    const ok = await run(() => api.decideProgramProposal(id, input));
    if (ok) onDone();
  };
  return (
    <form className="prog-form" onSubmit={submit} aria-label="Decision">
      <h3>Decide</h3>
      <fieldset className="prog-inline">
        <legend>Outcome</legend>
        <label>
          <input
            type="radio"
            name={`${ids}-outcome`}
            checked={outcome === 'designate'}
            onChange={() => setOutcome('designate')}
          />{' '}
          Designate
        </label>
        <label>
          <input
            type="radio"
            name={`${ids}-outcome`}
            checked={outcome === 'decline'}
            onChange={() => setOutcome('decline')}
          />{' '}
          Decline
        </label>
      </fieldset>
      <label className="field" htmlFor={`${ids}-lines`}>
        <span>
          {outcome === 'designate' ? 'Conditions' : 'Reasons'} <span className="optional">one per line</span>
        </span>
      </label>
      <textarea id={`${ids}-lines`} rows={3} value={lines} onChange={(e) => setLines(e.target.value)} />
      {outcome === 'designate' && (
        <div className="form-row">
          <label className="field" htmlFor={`${ids}-from`}>
            <span>
              Effective from <span className="optional">default: today</span>
            </span>
            <input
              id={`${ids}-from`}
              type="date"
              value={effectiveFrom}
              onChange={(e) => setEffectiveFrom(e.target.value)}
            />
          </label>
          <label className="field" htmlFor={`${ids}-exp`}>
            <span>
              Expires on <span className="optional">exclusive</span>
            </span>
            <input
              id={`${ids}-exp`}
              type="date"
              required
              value={expiresOn}
              onChange={(e) => setExpiresOn(e.target.value)}
            />
          </label>
        </div>
      )}
      <ProblemAlert error={error} label="Decision refused" />
      <div className="form-row">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {outcome === 'designate' ? 'Designate' : 'Decline'}
        </button>
      </div>
    </form>
  );
}

// ------------------------------------------------------------------ history

function HistoryTab({ p }: { p: ProgramProposal }) {
  return (
    <>
      <section className="card" aria-labelledby="prog-versions-title">
        <div className="card-head">
          <h2 id="prog-versions-title">Versions</h2>
        </div>
        <table className="table table-compact" aria-label="Versions">
          <thead>
            <tr>
              <th>Version</th>
              <th>sha256</th>
              <th>State</th>
              <th>Submitted</th>
            </tr>
          </thead>
          <tbody>
            {p.versions.map((v) => (
              <tr key={v.version}>
                <td>v{v.version}</td>
                <td>
                  <code className="prog-hash">{v.contentSha256}</code>
                </td>
                <td>{v.frozen ? 'frozen' : 'draft'}</td>
                <td>{v.submittedAt ? `${fmtDate(v.submittedAt)} by ${v.submittedBy}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-labelledby="prog-events-title">
        <div className="card-head">
          <h2 id="prog-events-title">History</h2>
        </div>
        <ol className="prog-events" data-testid="history">
          {p.review.events.map((ev, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the record's events are append-only
            <li key={i}>
              <span className="sub">{fmtDate(ev.at)}</span> <strong>{ev.action}</strong>
              {ev.version !== undefined ? ` v${ev.version}` : ''} by {ev.by}
              {ev.detail ? ` — ${ev.detail}` : ''}
            </li>
          ))}
        </ol>
        {p.justifications.length > 0 && (
          <>
            <h3 className="prog-card-body">Justifications</h3>
            <ul className="prog-card-body prog-list">
              {p.justifications.map((j) => (
                <li key={j.id}>
                  v{j.version} <code>{j.findingKey}</code>: {j.text}{' '}
                  <span className="sub">
                    {j.by} {fmtDate(j.at)}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}
