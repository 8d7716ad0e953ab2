/**
 * Saved transactions (GET /api/v1/transactions) and the transaction review record
 * (GET /api/v1/transactions/:id): a formal, printable record of one saved determination with a
 * signature block. "Print / Save as PDF" uses the browser's print dialog; styles.css has the
 * print stylesheet.
 */
import { useEffect, useState } from 'react';
import { type ApiError, type CaseFile, type ListVersion, type SavedTransaction, toApiError } from '../api';
import {
  AnswerBadge,
  ClassificationView,
  Exceptions,
  Flags,
  FullCitationsProvider,
  Headline,
  Layers,
  ListVersionChips,
  MissingFacts,
  Reasoning,
  RedFlags,
  Requirements,
  ReviewPolicy,
  RuleVersions,
  ScreeningGateView,
  Section,
  SubjectToEar,
} from '../components/Determination';
import { Empty, ProblemAlert, Spinner } from '../components/ui';
import { fmtDate, fmtInt } from '../format';
import { END_USES, FOOTNOTE_LABEL, policyLabel, ROLE_LABEL, TX_KIND_LABEL } from '../licensing';
import { href, useRouteParams } from '../router';
import { useSession } from '../session';

export function TransactionsPage() {
  const [id] = useRouteParams();
  return id ? <ReviewRecord id={id} /> : <TransactionList />;
}

function TransactionList() {
  const { api } = useSession();
  const [rows, setRows] = useState<readonly SavedTransaction[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    api
      .transactions()
      .then(setRows)
      .catch((e: unknown) => setError(toApiError(e)));
  }, [api]);

  return (
    <div className="page">
      <div className="page-head page-head-row">
        <div>
          <h1>Transactions</h1>
          <p className="lede">
            Saved license determinations, newest first. Each keeps its case file, the rule pack and list versions it was
            made with, and opens as a printable review record.
          </p>
        </div>
        <a className="btn" href={href('license')}>
          New determination
        </a>
      </div>
      <section className="card" aria-label="Saved transactions">
        <ProblemAlert error={error} label="Transactions failed" />
        {!rows && !error && <Spinner />}
        {rows && rows.length === 0 && (
          <Empty>
            No transactions yet. Make a determination in <a href={href('license')}>License determination</a> and save
            it.
          </Empty>
        )}
        {rows && rows.length > 0 && (
          <table className="table tx-table" aria-label="Transactions">
            <thead>
              <tr>
                <th scope="col">Reference</th>
                <th scope="col">Ship date</th>
                <th scope="col">ECCN</th>
                <th scope="col">Destination</th>
                <th scope="col">License</th>
                <th scope="col">Review policy</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((t) => (
                <tr key={t.id} data-testid="tx-row">
                  <td>
                    <a href={href('transactions', t.id)} className="tx-ref">
                      {t.reference ?? <span className="muted">(no reference)</span>}
                    </a>
                    <div className="sub mono">{t.id}</div>
                  </td>
                  <td className="nowrap">{t.shipDate}</td>
                  <td>
                    <code>{t.eccn ?? '—'}</code>
                  </td>
                  <td>
                    <code>{t.destination}</code>
                  </td>
                  <td>
                    <AnswerBadge answer={t.licenseRequired} />
                  </td>
                  <td>{t.reviewPolicy ? policyLabel(t.reviewPolicy) : <span className="muted">—</span>}</td>
                  <td>
                    <div>{t.createdBy}</div>
                    <div className="sub nowrap">{fmtDate(t.createdAt)}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function ReviewRecord({ id }: { id: string }) {
  const { api } = useSession();
  const [t, setT] = useState<SavedTransaction | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [versions, setVersions] = useState<ReadonlyMap<string, ListVersion>>(new Map());

  useEffect(() => {
    setT(null);
    setError(null);
    api
      .transaction(id)
      .then(setT)
      .catch((e: unknown) => setError(toApiError(e)));
    api
      .lists()
      .then((vs) => setVersions(new Map(vs.map((v) => [v.id, v]))))
      .catch(() => undefined);
  }, [api, id]);

  useEffect(() => {
    if (t) document.title = `Review record ${t.reference ?? t.id} · Stackport`;
  }, [t]);

  const toolbar = (
    <div className="record-toolbar no-print">
      <a href={href('transactions')} className="btn btn-quiet">
        ← Transactions
      </a>
      {t && (
        <button type="button" className="btn btn-primary" onClick={() => window.print()}>
          Print / Save as PDF
        </button>
      )}
    </div>
  );

  if (error)
    return (
      <div className="page">
        {toolbar}
        <ProblemAlert error={error} label="Transaction failed" />
      </div>
    );
  if (!t)
    return (
      <div className="page">
        {toolbar}
        <Spinner />
      </div>
    );

  const r = t.determination;
  const d = r.determination;
  const cf = t.caseFile;
  const url = window.location.href;
  return (
    <div className="page">
      {toolbar}
      <FullCitationsProvider value={true}>
        <article className="record" aria-labelledby="record-title" data-testid="review-record">
          <header className="record-header">
            <div className="record-title-row">
              <div>
                <div className="record-kicker">Stackport · export compliance</div>
                <h1 id="record-title">Transaction review record</h1>
              </div>
              <div className="record-answer">
                <span className="sub">License required</span>
                <AnswerBadge answer={r.summary.licenseRequired} testId="record-license" />
              </div>
            </div>
            <dl className="record-meta">
              <div>
                <dt>Reference</dt>
                <dd data-testid="record-reference">{t.reference ?? '(none)'}</dd>
              </div>
              <div>
                <dt>Transaction id</dt>
                <dd className="mono">{t.id}</dd>
              </div>
              <div>
                <dt>Saved</dt>
                <dd>
                  {fmtDate(t.createdAt)} by <strong>{t.createdBy}</strong>
                </dd>
              </div>
              <div>
                <dt>Rule pack</dt>
                <dd className="mono" data-testid="record-rule-pack">
                  {t.rulePackId}@{t.rulePackVersion}
                </dd>
              </div>
              <div>
                <dt>Matcher</dt>
                <dd className="mono">{r.screening.matcherVersion}</dd>
              </div>
              <div className="span-all">
                <dt>List versions</dt>
                <dd>
                  <ListVersionChips ids={r.screening.listVersions} versions={versions} full />
                </dd>
              </div>
              <div className="span-all">
                <dt>Record URL</dt>
                <dd className="mono record-url">{url}</dd>
              </div>
            </dl>
          </header>

          <CaseFacts cf={cf} n={1} />
          <ClassificationView c={r.classification} n={2} />
          <Section id="determination" n={3} title="Determination">
            <Headline result={r} />
          </Section>
          <SubjectToEar d={d} n={4} />
          <Layers d={d} always n={5} />
          <Requirements d={d} cf={cf} n={6} />
          <ReviewPolicy d={d} cf={cf} n={7} />
          <Exceptions d={d} n={8} />
          <RedFlags d={d} n={9} />
          <Flags d={d} n={10} />
          <MissingFacts d={d} cf={cf} n={11} />
          <ScreeningGateView gate={r.screening} versions={versions} n={12} full />
          <Reasoning d={d} n={13} />
          <RuleVersions d={d} n={14} />
          <SignOff n={15} />

          <footer className="record-footer">
            Generated by Stackport from transaction <span className="mono">{t.id}</span>, saved {fmtDate(t.createdAt)}{' '}
            with rule pack {t.rulePackId}@{t.rulePackVersion}. The determination applies the rules as of the ship date{' '}
            {d.asOf}; it is decision support, not legal advice.
          </footer>
        </article>
      </FullCitationsProvider>
    </div>
  );
}

function yesNo(b: boolean | undefined): string {
  return b === true ? 'yes' : b === false ? 'no' : 'unknown';
}

function CaseFacts({ cf, n }: { cf: CaseFile; n: number }) {
  const item = cf.item;
  return (
    <Section id="case" n={n} title="Case facts">
      <dl className="facts-grid">
        <div className="span-2">
          <dt>Item</dt>
          <dd>
            {'partId' in item ? (
              <>
                catalogue part <code>{item.partId}</code>
              </>
            ) : (
              <>
                {item.spec.name ?? 'spec'} <span className="sub">({item.spec.kind}, entered as a spec)</span>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>Quantity</dt>
          <dd>{fmtInt(cf.quantity)}</dd>
        </div>
        <div>
          <dt>Value</dt>
          <dd>USD {fmtInt(cf.valueUsd)}</dd>
        </div>
        <div>
          <dt>Transaction</dt>
          <dd>{TX_KIND_LABEL[cf.transactionKind] ?? cf.transactionKind}</dd>
        </div>
        <div>
          <dt>Ship from → destination</dt>
          <dd>
            <code>{cf.shipFrom}</code> → <code>{cf.destination}</code>
          </dd>
        </div>
        <div>
          <dt>Ship date</dt>
          <dd>{cf.shipDate}</dd>
        </div>
        <div>
          <dt>US-origin item</dt>
          <dd>{yesNo(cf.usContent.usOriginItem)}</dd>
        </div>
        {cf.usContent.usControlledContentPct !== undefined && (
          <div>
            <dt>US controlled content</dt>
            <dd>{cf.usContent.usControlledContentPct}%</dd>
          </div>
        )}
        {!cf.usContent.usOriginItem && (
          <div>
            <dt>Direct product of US technology</dt>
            <dd>{yesNo(cf.usContent.foreignProducedFromUsTechnology)}</dd>
          </div>
        )}
        <div>
          <dt>H200-path certifications</dt>
          <dd>{yesNo(cf.certifications?.h200PathCertifications)}</dd>
        </div>
      </dl>
      {'spec' in item && item.spec.performance && item.spec.performance.length > 0 && (
        <p className="sub">
          Throughput:{' '}
          {item.spec.performance
            .map((p) => `${p.precision} ${p.tops}${p.sparse ? ' (sparse)' : ''} × ${p.bitLength} bits`)
            .join('; ')}
          {item.spec.nonPlanarLogicDieAreaMm2 !== undefined && ` · die ${item.spec.nonPlanarLogicDieAreaMm2} mm²`}
          {item.spec.totalDramBandwidthGBs !== undefined && ` · DRAM ${item.spec.totalDramBandwidthGBs} GB/s`}
          {` · datacenter: ${yesNo(item.spec.datacenter)}`}
        </p>
      )}
      <h4>Parties</h4>
      {cf.parties.length === 0 ? (
        <p className="empty-inline">No parties named.</p>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Name</th>
              <th scope="col">Country</th>
              <th scope="col">HQ</th>
              <th scope="col">Parent HQ</th>
              <th scope="col">Listings</th>
            </tr>
          </thead>
          <tbody>
            {cf.parties.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: parties are positional in the case file
              <tr key={i}>
                <td className="nowrap">{ROLE_LABEL[p.role] ?? p.role}</td>
                <td>{p.name}</td>
                <td>{p.country}</td>
                <td>{p.headquarters ?? <span className="muted">unknown</span>}</td>
                <td>{p.ultimateParentHeadquarters ?? <span className="muted">unknown</span>}</td>
                <td>
                  {[
                    p.entityList &&
                      `Entity List “${p.entityList.entry}”${
                        p.entityList.footnotes.length
                          ? ` (${p.entityList.footnotes.map((f) => FOOTNOTE_LABEL[f]).join(', ')})`
                          : ''
                      }${p.entityList.licensePolicy ? `, ${p.entityList.licensePolicy}` : ''}`,
                    p.meu && 'MEU',
                    p.supp8ApprovedUae && 'Supp. 8 approved',
                    p.ownedByListed && `owned by listed: ${String(p.ownedByListed.share)}`,
                  ]
                    .filter(Boolean)
                    .join('; ') || <span className="muted">none declared</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>End-use knowledge</h4>
      <ul className="enduse-list">
        {END_USES.map((u) => (
          <li key={u.key}>
            {u.label}:{' '}
            <strong className={`tri-val tri-val-${yesNo(cf.endUse[u.key])}`}>{yesNo(cf.endUse[u.key])}</strong>
          </li>
        ))}
      </ul>
      {cf.notes && (
        <p>
          <span className="sub">Notes:</span> {cf.notes}
        </p>
      )}
    </Section>
  );
}

function SignOff({ n }: { n: number }) {
  return (
    <Section id="sign-off" n={n} title="Review and approval" className="sign-off">
      <p className="sub">To be completed by the reviewer. The record above is unchanged since it was saved.</p>
      <div className="sign-grid">
        <div className="sign-line">
          <span className="sign-label">Reviewer name</span>
        </div>
        <div className="sign-line">
          <span className="sign-label">Date</span>
        </div>
      </div>
      <div className="sign-decision">
        <span className="sign-label">Decision</span>
        <span className="box">☐</span> Approve shipment (no license required / exception confirmed)
        <br />
        <span className="box">☐</span> Apply for a BIS license before shipping
        <br />
        <span className="box">☐</span> Hold: facts or screening hits to resolve
        <br />
        <span className="box">☐</span> Do not ship
      </div>
      <div className="sign-line sign-comments">
        <span className="sign-label">Comments</span>
      </div>
      <div className="sign-line" />
      <div className="sign-grid">
        <div className="sign-line sign-signature">
          <span className="sign-label">Signature</span>
        </div>
      </div>
    </Section>
  );
}
