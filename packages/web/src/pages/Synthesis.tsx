/**
 * Nucleic-acid synthesis order screening (GET/POST /api/v1/synthesis/*):
 * - #/synthesis: the order queue by status (`#/synthesis?status=held`; pending review by default), the active concern
 *   database (admins import a new one), and for analysts the order form (customer, end use, FASTA);
 * - #/synthesis/<orderId>: one order: its review items, the decision (fulfil / hold / deny / report with a reason and
 *   the expert attestation; the server's refusal is shown as it sent it), every record's screening with its matched
 *   regions and windows, the policy and concern-set versions, the customer screening with its explanations, the
 *   shipping/institution check, split-order and exchange findings, and the decision history.
 */
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { HitList } from '../components/Explanation';
import {
  ExpertRule,
  OrderStatusBadge,
  OutcomeBadge,
  RecordScreening,
  SynthesisCrumbs,
  SyntheticNotice,
} from '../components/SynthesisUi';
import { Empty, FieldErrors, ProblemAlert, QueueCard, Spinner, StatusTabs } from '../components/ui';
import { fmtDate, fmtInt, plural, shortId } from '../format';
import { href, useRouteParams, useRouteQuery } from '../router';
import { useSession } from '../session';
import {
  type ConcernImport,
  type ConcernSet,
  customerOf,
  customerScreeningOf,
  DECISION_FROM,
  DECISION_LABEL,
  exchangeChecksOf,
  REVIEW_ITEM_LABEL,
  SYNTHESIS_DECISIONS,
  SYNTHESIS_STATUS_LABEL,
  SYNTHESIS_STATUSES,
  type SynthesisDecisionKind,
  type SynthesisOrder,
  type SynthesisOrderInput,
  type SynthesisOrderStatus,
  type SynthesisReviewItem,
  splitsOf,
} from '../synthesis-api';
import { useAction } from '../use-action';
import { canAct, useLoad } from '../use-load';

const LIMIT = 500;

export function SynthesisPage() {
  const [id] = useRouteParams();
  if (id) return <OrderView id={id} />;
  return <OrderQueue />;
}

// ------------------------------------------------------------------ the queue

function OrderQueue() {
  const { api, me } = useSession();
  const params = useRouteQuery();
  // No status in the hash: the review queue; `status=` (empty): every status.
  const raw = params.get('status');
  const status: SynthesisOrderStatus | undefined = !params.has('status')
    ? 'pending-review'
    : raw && (SYNTHESIS_STATUSES as readonly string[]).includes(raw)
      ? (raw as SynthesisOrderStatus)
      : undefined;
  const justAdded = params.get('added');
  const { data, error, reload } = useLoad(
    useCallback(() => api.synthesisOrders({ limit: LIMIT, ...(status ? { status } : {}) }), [api, status]),
  );
  const [submitting, setSubmitting] = useState(false);
  const actor = canAct(me.role);
  // Coming back from an order, the route is the same: the shell does not reset the title.
  useEffect(() => {
    document.title = 'Synthesis · Stackport';
  }, []);
  const tabHref = (s: SynthesisOrderStatus | undefined) => `${href('synthesis')}?status=${s ?? ''}`;

  return (
    <div className="page">
      <div className="page-head page-head-row">
        <div>
          <h1>Synthesis screening</h1>
          <p className="lede">
            Nucleic-acid synthesis orders screened against the provider’s database of sequences of concern (Clear /
            Warning / Flag), their customers against the restricted-party lists, and split orders across a customer’s
            orders. Method and limits: <code>docs/synthesis.md</code>.
          </p>
        </div>
        {actor && (
          <button
            type="button"
            className="btn btn-primary"
            aria-expanded={submitting}
            aria-controls="submit-order"
            onClick={() => setSubmitting((s) => !s)}
          >
            Submit order…
          </button>
        )}
      </div>
      <div className="synth-notices">
        <SyntheticNotice />
        <ExpertRule />
      </div>
      <ConcernSets admin={me.role === 'admin'} />
      {actor && submitting && (
        <SubmitOrder
          onSubmitted={(o) => {
            setSubmitting(false);
            // Show the new order in its tab, marked.
            window.location.hash = `${tabHref(o.status)}&added=${encodeURIComponent(o.id)}`;
            reload();
          }}
          onCancel={() => setSubmitting(false)}
        />
      )}
      <StatusTabs
        label="Order status"
        statuses={[...SYNTHESIS_STATUSES, undefined]}
        current={status}
        labelOf={(s) => SYNTHESIS_STATUS_LABEL[s]}
        hrefOf={tabHref}
      />
      <ProblemAlert error={error} label="Orders failed" />
      {!data && !error && <Spinner />}
      {data && (
        <QueueCard
          titleId="synth-queue-title"
          count={data.length}
          noun="order"
          statusLabel={status && SYNTHESIS_STATUS_LABEL[status]}
          limit={LIMIT}
          order="newest first"
          empty={`No order${status ? ` is ${SYNTHESIS_STATUS_LABEL[status].toLowerCase()}` : ' yet'}.`}
        >
          <table className="table" aria-label="Synthesis orders">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Outcome</th>
                <th scope="col">Customer</th>
                <th scope="col">Received</th>
                <th scope="col" className="num">
                  Review items
                </th>
                <th scope="col">Status</th>
                <th scope="col">Policy</th>
              </tr>
            </thead>
            <tbody>
              {data.map((o) => (
                <tr
                  key={o.id}
                  data-testid="order-row"
                  data-order={o.id}
                  data-outcome={o.outcome}
                  data-status={o.status}
                  className={o.id === justAdded ? 'row-selected' : undefined}
                >
                  <td>
                    <a href={href('synthesis', o.id)} className="strong-link">
                      {o.reference ?? shortId(o.id, 13)}
                    </a>
                    <div className="sub mono" title={o.id}>
                      {o.reference ? shortId(o.id, 13) : ''}
                      {o.id === justAdded && <span className="badge chip">just submitted</span>}
                    </div>
                  </td>
                  <td>
                    <OutcomeBadge outcome={o.outcome} testId="order-outcome" />
                  </td>
                  <td>
                    {o.customerName}
                    <div className="sub">{o.institution}</div>
                  </td>
                  <td className="nowrap sub">{fmtDate(o.receivedAt)}</td>
                  <td className="num" data-testid="order-review-items">
                    {o.reviewItems > 0 ? <strong>{o.reviewItems}</strong> : <span className="muted">0</span>}
                  </td>
                  <td>
                    <OrderStatusBadge status={o.status} />
                  </td>
                  <td className="mono sub">{o.policyVersion}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </QueueCard>
      )}
    </div>
  );
}

// ------------------------------------------------------------------ concern databases

function ConcernSets({ admin }: { admin: boolean }) {
  const { api } = useSession();
  const { data, error, reload } = useLoad(useCallback(() => api.concernSets(), [api]));
  const active = data?.find((s) => s.status === 'active');
  return (
    <section className="card" aria-labelledby="concern-set-title">
      <div className="card-head">
        <h2 id="concern-set-title">Concern database</h2>
        {data && <span className="sub">{plural(data.length, 'imported set')}, the newest active</span>}
      </div>
      <ProblemAlert error={error} label="Concern databases failed" />
      {!data && !error && <Spinner />}
      {data && !active && (
        <Empty>
          No concern database is active: orders are refused until an admin imports one (provider-supplied FASTA).
        </Empty>
      )}
      {active && <ActiveSet set={active} />}
      {admin && data && <ImportConcerns onImported={reload} />}
    </section>
  );
}

function ActiveSet({ set }: { set: ConcernSet }) {
  return (
    <dl className="synth-set" data-testid="concern-set">
      <div>
        <dt>Name</dt>
        <dd data-testid="concern-set-name">
          {set.name}
          {set.fileName && set.fileName !== set.name && <span className="sub"> · {set.fileName}</span>}
        </dd>
      </div>
      <div>
        <dt>Version</dt>
        <dd className="mono" data-testid="concern-set-version">
          {set.indexVersion}
        </dd>
      </div>
      <div>
        <dt>Concerns</dt>
        <dd data-testid="concern-set-counts">
          {fmtInt(set.dnaCount)} DNA/RNA · {fmtInt(set.proteinCount)} protein · {fmtInt(set.residueCount)} residues
        </dd>
      </div>
      <div>
        <dt>Imported</dt>
        <dd>
          {fmtDate(set.importedAt)} by {set.importedBy}
        </dd>
      </div>
      <div>
        <dt>sha256</dt>
        <dd className="mono sub" title={set.sha256}>
          {shortId(set.sha256, 16)}
        </dd>
      </div>
    </dl>
  );
}

function ImportConcerns({ onImported }: { onImported: () => void }) {
  const { api } = useSession();
  const ids = useId();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const { busy, error, run } = useAction();
  const [done, setDone] = useState<ConcernImport | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setDone(null);
    await run(async () => {
      const fasta = await file.text();
      const r = await api.importConcerns({ fasta, fileName: file.name, ...(name.trim() ? { name: name.trim() } : {}) });
      setDone(r);
      onImported();
    });
  };
  return (
    <form className="synth-import" onSubmit={submit} aria-label="Import a concern database">
      <h3>Import a concern database (admin)</h3>
      <p className="sub">
        A provider-supplied FASTA file of sequences of concern, ids required. A bad record refuses the whole file and is
        named; the same file as the active set changes nothing. The new set becomes active for orders received from now
        on; stored orders keep the set they were screened against.
      </p>
      <div className="form-row">
        <label className="field field-grow" htmlFor={`${ids}-file`}>
          <span>FASTA file</span>
          <input
            id={`${ids}-file`}
            type="file"
            name="concern-file"
            accept=".fa,.fasta,.fna,.faa,.fas,.txt,text/plain"
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
        </label>
        <label className="field field-grow">
          <span>
            Name <span className="optional">optional: the file name by default</span>
          </span>
          <input name="concern-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
        </label>
        <div className="field-action">
          <button type="submit" className="btn" disabled={busy || !file}>
            {busy ? 'Importing…' : 'Import'}
          </button>
        </div>
      </div>
      <ProblemAlert error={error} label="Import refused" />
      {done && (
        <output className="flash" data-testid="import-result">
          {done.unchanged ? 'Unchanged: this file is the active set already' : `Imported “${done.set.name}”`} ·{' '}
          <span className="mono">{done.set.indexVersion}</span>
          {done.warnings.length > 0 &&
            ` · ${plural(done.warnings.length, 'warning')}: ${done.warnings.slice(0, 3).join('; ')}`}
        </output>
      )}
    </form>
  );
}

// ------------------------------------------------------------------ the order form

interface OrderForm {
  reference: string;
  name: string;
  email: string;
  institution: string;
  country: string;
  address: string;
  shippingAddress: string;
  shippingCountry: string;
  endUseStatement: string;
  fasta: string;
}

const EMPTY_FORM: OrderForm = {
  reference: '',
  name: '',
  email: '',
  institution: '',
  country: '',
  address: '',
  shippingAddress: '',
  shippingCountry: '',
  endUseStatement: '',
  fasta: '',
};

/** Problem paths (`body.customer.email`, `customer.email`) as the form's field paths. */
const fieldPath = (path: string | undefined) => (path ?? '').replace(/^body\./, '');

function SubmitOrder({ onSubmitted, onCancel }: { onSubmitted: (o: SynthesisOrder) => void; onCancel: () => void }) {
  const { api } = useSession();
  const ids = useId();
  const [f, setF] = useState<OrderForm>(EMPTY_FORM);
  const { busy, error, run } = useAction();
  const set = (k: keyof OrderForm) => (e: { target: { value: string } }) =>
    setF((x) => ({ ...x, [k]: e.target.value }));
  const errorsOf = (path: string) =>
    error ? error.errors.filter((x) => fieldPath(x.path) === path).map((x) => x.message) : [];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input: SynthesisOrderInput = {
      ...(f.reference.trim() ? { reference: f.reference.trim() } : {}),
      customer: {
        name: f.name,
        email: f.email.trim(),
        institution: f.institution,
        country: f.country,
        address: f.address,
        shippingAddress: f.shippingAddress || f.address,
        shippingCountry: f.shippingCountry || f.country,
      },
      endUseStatement: f.endUseStatement,
      fasta: f.fasta,
    };
    await run(async () => {
      const o = await api.submitOrder(input);
      setF(EMPTY_FORM);
      onSubmitted(o);
    });
  };

  const field = (
    k: keyof OrderForm,
    path: string,
    label: string,
    opts: { className?: string; optional?: string; type?: string; placeholder?: string } = {},
  ) => {
    const messages = errorsOf(path);
    const errId = `${ids}-${k}-err`;
    return (
      <label className={`field ${opts.className ?? ''}`}>
        <span>
          {label} {opts.optional && <span className="optional">{opts.optional}</span>}
        </span>
        <input
          name={k}
          type={opts.type ?? 'text'}
          value={f[k]}
          onChange={set(k)}
          placeholder={opts.placeholder}
          aria-invalid={messages.length > 0 || undefined}
          aria-describedby={messages.length ? errId : undefined}
        />
        <FieldErrors id={errId} messages={messages} />
      </label>
    );
  };
  const fastaErrors = error ? error.errors.filter((x) => fieldPath(x.path).startsWith('fasta')) : [];
  const endUseErrors = errorsOf('endUseStatement');

  return (
    <section className="card" id="submit-order" aria-labelledby={`${ids}-t`}>
      <form onSubmit={submit} className="form-card synth-form" aria-label="Submit an order" noValidate>
        <div className="card-head">
          <h2 id={`${ids}-t`}>Submit an order</h2>
          <span className="sub">screened on submission; bad input is refused and nothing is stored</span>
        </div>
        <div className="synth-form-body">
          <fieldset className="form-section">
            <legend>Customer</legend>
            <div className="form-grid">
              {field('name', 'customer.name', 'Name', { className: 'span-2' })}
              {field('email', 'customer.email', 'E-mail', { className: 'span-2', type: 'email' })}
              {field('institution', 'customer.institution', 'Institution', { className: 'span-2' })}
              {field('country', 'customer.country', 'Institution country', { placeholder: 'e.g. DE' })}
              {field('reference', 'reference', 'Order reference', { optional: 'optional' })}
              {field('address', 'customer.address', 'Institution address', { className: 'span-2' })}
              {field('shippingAddress', 'customer.shippingAddress', 'Shipping address', {
                className: 'span-2',
                optional: 'the institution’s if empty',
              })}
              {field('shippingCountry', 'customer.shippingCountry', 'Shipping country', {
                optional: 'the institution’s if empty',
              })}
            </div>
          </fieldset>
          <label className="field">
            <span>End-use statement</span>
            <textarea
              name="endUseStatement"
              rows={2}
              value={f.endUseStatement}
              onChange={set('endUseStatement')}
              aria-invalid={endUseErrors.length > 0 || undefined}
              aria-describedby={endUseErrors.length ? `${ids}-enduse-err` : undefined}
            />
            <FieldErrors id={`${ids}-enduse-err`} messages={endUseErrors} />
          </label>
          <label className="field">
            <span>
              Sequences (FASTA) <span className="optional">DNA, RNA or protein records, each with a &gt;id header</span>
            </span>
            <textarea
              name="fasta"
              rows={8}
              className="mono"
              spellCheck={false}
              value={f.fasta}
              onChange={set('fasta')}
              placeholder={'>construct-1 reporter\nATGGCTAGCAAAGGAGAAGAACTTTTCACTGGAGTTGTCCC…'}
              aria-invalid={fastaErrors.length > 0 || undefined}
              aria-describedby={error ? `${ids}-problem` : undefined}
            />
          </label>
          <div id={`${ids}-problem`}>
            <ProblemAlert
              error={error}
              label="The order was refused"
              shownFields={['customer', 'endUseStatement', 'reference']}
            />
          </div>
          <div className="form-row">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? 'Screening…' : 'Submit and screen'}
            </button>
            <button type="button" className="btn btn-quiet" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </div>
      </form>
    </section>
  );
}

// ------------------------------------------------------------------ one order

function OrderView({ id }: { id: string }) {
  const { api, me } = useSession();
  const loaded = useLoad(useCallback(() => api.synthesisOrder(id), [api, id]));
  const sets = useLoad(useCallback(() => api.concernSets(), [api]));
  const o = loaded.data;
  useEffect(() => {
    if (o) document.title = `${o.reference ?? shortId(o.id, 13)} · Synthesis · Stackport`;
  }, [o]);
  const actor = canAct(me.role);
  const concernSet = sets.data?.find((s) => s.id === o?.concernSetId);
  return (
    <div className="page">
      <SynthesisCrumbs>
        <span aria-current="page" className="mono">
          {id}
        </span>
      </SynthesisCrumbs>
      <ProblemAlert error={loaded.error} label="Order failed" />
      {!o && !loaded.error && <Spinner />}
      {o && (
        <>
          <div className="page-head">
            <h1 data-testid="order-title">
              Order {o.reference ?? shortId(o.id, 13)} <OutcomeBadge outcome={o.outcome} testId="order-outcome" />{' '}
              <OrderStatusBadge status={o.status} testId="order-status" />
            </h1>
          </div>
          <div className="synth-notices">
            <SyntheticNotice />
            {/* While the order can still be fulfilled; afterwards the history shows who decided, and whether as expert. */}
            {o.requiresExpertReview && DECISION_FROM.fulfil.includes(o.status) && (
              <ExpertRule items={o.reviewItems.length} />
            )}
          </div>
          <dl className="stats fleet-stats" data-testid="order-facts">
            <div className="stat">
              <dt className="stat-label">Customer</dt>
              <dd className="stat-value">{customerOf(o).name}</dd>
              <dd className="stat-sub">
                {customerOf(o).institution} ({customerOf(o).country})
              </dd>
            </div>
            <div className="stat">
              <dt className="stat-label">Received</dt>
              <dd className="stat-value">{fmtDate(o.receivedAt)}</dd>
              <dd className="stat-sub">
                {plural(o.records.length, 'record')} · kept until {fmtDate(o.retainUntil).slice(0, 10)}
              </dd>
            </div>
            <div className="stat">
              <dt className="stat-label">Policy version</dt>
              <dd className="stat-value mono synth-small" data-testid="policy-version">
                {o.policyVersion}
              </dd>
              <dd className="stat-sub">
                Flag from {fmtInt(o.screening.flagThresholdNt)} nt
                {o.screening.policyFlags.length > 0 && ` · ${o.screening.policyFlags.join(', ')}`}
              </dd>
            </div>
            <div className="stat">
              <dt className="stat-label">Concern set</dt>
              <dd className="stat-value mono synth-small" data-testid="concern-set-used">
                {o.indexVersion}
              </dd>
              <dd className="stat-sub">
                {concernSet ? `${concernSet.name} (${concernSet.status})` : shortId(o.concernSetId, 13)}
              </dd>
            </div>
          </dl>
          <ReviewItems items={o.reviewItems} />
          {o.rescreenFindings.length > 0 && <Rescreen order={o} />}
          {actor && <Decide order={o} onChange={loaded.set} />}
          <Records order={o} />
          <CustomerCard order={o} />
          <Splits order={o} />
          <Exchange order={o} />
          <History order={o} />
        </>
      )}
    </div>
  );
}

function ReviewItems({ items }: { items: readonly SynthesisReviewItem[] }) {
  return (
    <section className="card" aria-labelledby="review-items-title">
      <h2 id="review-items-title" className="card-title">
        Review items <span className="muted">{plural(items.length, 'item')} for an expert</span>
      </h2>
      {items.length === 0 ? (
        <Empty>Nothing needs an expert: no Flag, split order, customer hit or address mismatch.</Empty>
      ) : (
        <ul className="divided-list">
          {items.map((i) => (
            <li key={`${i.kind}:${i.ref}`} data-testid="review-item" data-kind={i.kind}>
              <span className={`badge synth-item synth-item-${i.kind}`}>{REVIEW_ITEM_LABEL[i.kind]}</span>{' '}
              <span className="mono">{i.ref}</span>
              <div className="sub">{i.message}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Decide({ order, onChange }: { order: SynthesisOrder; onChange: (o: SynthesisOrder) => void }) {
  const { api } = useSession();
  const ids = useId();
  const [reason, setReason] = useState('');
  const [expert, setExpert] = useState(false);
  const { busy, error, run } = useAction();
  const allowed = SYNTHESIS_DECISIONS.filter((d) => DECISION_FROM[d].includes(order.status));
  const decide = async (d: SynthesisDecisionKind) => {
    await run(async () => {
      const next = await api.decideOrder(order.id, d, reason, expert);
      onChange(next);
      setReason('');
      setExpert(false);
    });
  };
  if (allowed.length === 0)
    return (
      <section className="card" aria-labelledby={`${ids}-t`}>
        <h2 id={`${ids}-t`} className="card-title">
          Decision
        </h2>
        <Empty>This order is {order.status}: it takes no further decision.</Empty>
      </section>
    );
  return (
    <section className="card synth-decide" aria-labelledby={`${ids}-t`} data-testid="decision">
      <h2 id={`${ids}-t`} className="card-title">
        Decide{' '}
        <span className="muted">every decision needs a reason and is kept with the order and in the audit log</span>
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
        <label className="check synth-expert">
          <input type="checkbox" name="expert" checked={expert} onChange={(e) => setExpert(e.target.checked)} />
          <span>
            <strong>Expert decision</strong>: I decide as the biosecurity expert on this order’s review items
            {order.requiresExpertReview ? ' (required to fulfil it)' : ''}
          </span>
        </label>
        <div className="form-row">
          {SYNTHESIS_DECISIONS.map((d) => (
            <button
              key={d}
              type="button"
              className={`btn btn-small${d === 'fulfil' ? ' btn-primary' : ''}${d === 'deny' || d === 'report' ? ' btn-danger' : ''}`}
              disabled={busy || !allowed.includes(d)}
              title={allowed.includes(d) ? undefined : `not allowed from ${order.status}`}
              onClick={() => decide(d)}
              data-decision={d}
            >
              {DECISION_LABEL[d]}
            </button>
          ))}
        </div>
        <ProblemAlert error={error} label="Decision refused" />
      </div>
    </section>
  );
}

function Records({ order }: { order: SynthesisOrder }) {
  const s = order.screening;
  return (
    <section className="card" aria-labelledby="records-title">
      <div className="card-head">
        <h2 id="records-title">
          Sequence screening <span className="muted">{plural(s.records.length, 'record')}</span>
        </h2>
        <span className="sub">
          policy <span className="mono">{s.policyVersion}</span> · concern set{' '}
          <span className="mono">{s.indexVersion}</span>
        </span>
      </div>
      <div className="synth-records">
        {s.reasons.length > 0 && (
          <ul className="synth-reasons" aria-label="Order reasons">
            {s.reasons.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: reasons are in a fixed order
              <li key={i}>{r}</li>
            ))}
          </ul>
        )}
        {s.withinOrderSplits.length > 0 && (
          <div className="synth-finding" data-testid="within-order-split">
            <h3>Assembled from several records of this order</h3>
            <ul>
              {s.withinOrderSplits.map((w) => (
                <li key={w.concernId}>
                  <span className="mono">{w.concernId}</span>: records {w.recordIds.join(', ')} cover{' '}
                  {fmtInt(w.coveredNt)} nt together. {w.reasons.join(' ')}
                </li>
              ))}
            </ul>
          </div>
        )}
        {order.intakeWarnings.length > 0 && (
          <div className="notice" data-testid="intake-warnings">
            Intake warnings:{' '}
            {order.intakeWarnings.map((w) => `${w.recordId} (line ${w.line}): ${w.message}`).join('; ')}
          </div>
        )}
        {s.records.map((r) => (
          <RecordScreening key={r.recordId} record={r} />
        ))}
      </div>
    </section>
  );
}

function CustomerCard({ order }: { order: SynthesisOrder }) {
  const c = customerOf(order);
  const cs = customerScreeningOf(order);
  const [open, setOpen] = useState<string | null>(null);
  const hits = cs.parties.reduce((n, p) => n + p.hits.length, 0);
  return (
    <section className="card" aria-labelledby="customer-title">
      <div className="card-head">
        <h2 id="customer-title">
          Customer screening <span className="muted">{plural(hits, 'hit')}</span>
        </h2>
        <span className="sub">
          matcher <span className="mono">{cs.matcherVersion}</span> · {plural(cs.listVersions.length, 'list version')}
        </span>
      </div>
      <div className="synth-customer">
        <dl className="kv synth-kv">
          <div>
            <dt>Customer</dt>
            <dd>
              {c.name} · <span className="mono">{c.email}</span> · account <span className="mono">{c.account}</span>
            </dd>
          </div>
          <div>
            <dt>Institution</dt>
            <dd>
              {c.institution} · {c.address} <span className="badge country">{cs.institutionCountry}</span>
            </dd>
          </div>
          <div>
            <dt>Shipping</dt>
            <dd>
              {c.shippingAddress} <span className="badge country">{cs.shippingCountry}</span>
            </dd>
          </div>
          <div>
            <dt>End use</dt>
            <dd>{order.endUse}</dd>
          </div>
        </dl>
        <p
          className={cs.addressMismatch ? 'synth-mismatch' : 'synth-match'}
          data-testid="address-check"
          data-mismatch={cs.addressMismatch}
        >
          {cs.addressMismatch
            ? `Shipping country ${cs.shippingCountry} differs from the institution’s country ${cs.institutionCountry}: a review item.`
            : `Shipping country ${cs.shippingCountry} is the institution’s country.`}
        </p>
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
              {cs.parties.map((p) => (
                <tr
                  key={`${p.role}:${p.name}`}
                  data-testid="screened-party"
                  data-role={p.role}
                  data-hits={p.hits.length}
                >
                  <td>{p.role}</td>
                  <td>
                    {p.name} <span className="badge country">{p.country}</span>
                  </td>
                  <td>
                    <HitList
                      hits={p.hits}
                      keyPrefix={`${p.role}:`}
                      open={open}
                      onToggle={setOpen}
                      testId="customer-hit"
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

/** Matches against concerns added or changed by later concern databases (shown only when there are some). */
function Rescreen({ order }: { order: SynthesisOrder }) {
  return (
    <section className="card" aria-labelledby="rescreen-title">
      <h2 id="rescreen-title" className="card-title">
        Re-screen findings <span className="muted">concerns added or changed by later concern databases</span>
      </h2>
      <ul className="divided-list">
        {order.rescreenFindings.map((f) => (
          <li key={f.id} data-testid="rescreen-finding" data-concern={f.concernId} data-follow-up={f.followUp}>
            <OutcomeBadge outcome={f.outcome} /> <span className="mono">{f.concernId}</span>: {fmtInt(f.coveredNt)} nt
            {f.followUp && <span className="badge synth-item">follow-up: found after the order was decided</span>}
            <div className="sub">
              {fmtDate(f.at)} · concern set <span className="mono">{f.indexVersion}</span> · order was {f.orderStatus} ·{' '}
              {plural(
                f.detail.records.reduce((n, r) => n + r.windows.length, 0),
                'window',
              )}
            </div>
            <div className="sub">{f.detail.reasons.join(' ')}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Splits({ order }: { order: SynthesisOrder }) {
  const splits = splitsOf(order);
  return (
    <section className="card" aria-labelledby="splits-title">
      <h2 id="splits-title" className="card-title">
        Split orders <span className="muted">the customer’s orders of the look-back window, united per concern</span>
      </h2>
      {splits.length === 0 ? (
        <Empty>No split order: no concern reaches the threshold across this customer’s recent orders.</Empty>
      ) : (
        <ul className="divided-list">
          {splits.map((s) => (
            <li key={s.concernId} data-testid="split-finding" data-concern={s.concernId}>
              <OutcomeBadge outcome={s.outcome} /> <span className="mono">{s.concernId}</span>: {fmtInt(s.coveredNt)} nt
              together (threshold {fmtInt(s.thresholdNt)} nt, <span className="mono">{s.policyVersion}</span>)
              <div className="sub">
                {s.orderIds.map((oid, i) => (
                  <span key={oid}>
                    {i > 0 && ' + '}
                    {oid === order.id ? (
                      <span className="mono">this order</span>
                    ) : (
                      <a href={href('synthesis', oid)} className="mono">
                        {shortId(oid, 13)}
                      </a>
                    )}{' '}
                    {fmtInt(s.perOrderNt[oid])} nt
                  </span>
                ))}
              </div>
              <div className="sub">{s.reasons.join(' ')}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Exchange({ order }: { order: SynthesisOrder }) {
  const checks = exchangeChecksOf(order);
  return (
    <section className="card" aria-labelledby="exchange-title">
      <h2 id="exchange-title" className="card-title">
        Provider exchange <span className="muted">checks against other providers’ keyed-hash bulletins</span>
      </h2>
      {checks.length === 0 ? (
        <Empty>
          No bulletin check (analysts run one through the API or CLI: <code>stackport synthesis bulletin check</code>).
        </Empty>
      ) : (
        <ul className="divided-list">
          {checks.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: checks are appended in time order
            <li key={i} data-testid="exchange-check">
              <strong>{c.source}</strong> · {fmtDate(c.at)} by {c.actor}
              <div className="sub">
                {c.sameCustomer ? 'same customer' : 'another customer: nothing compared'} ·{' '}
                {plural(c.overlaps, 'overlapping window')} ·{' '}
                {plural(c.externalPieces, 'covered stretch', 'covered stretches')} ·{' '}
                {plural(c.splitFindings.length, 'split finding')}
                {!c.indexVersionMatches && ' · screened against another concern set version'}
              </div>
              {c.splitFindings.map((f) => (
                <div key={f.concernId} className="sub">
                  <span className="mono">{f.concernId}</span>: {f.reasons.join(' ')}
                </div>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function History({ order }: { order: SynthesisOrder }) {
  const decisions = order.decisions;
  return (
    <section className="card" aria-labelledby="order-history-title">
      <h2 id="order-history-title" className="card-title">
        History <span className="muted">oldest first; every decision is also in the audit trail</span>
      </h2>
      <ol className="case-history">
        <li data-testid="order-event" data-kind="received">
          <div className="sub">
            {fmtDate(order.receivedAt)} · {order.createdBy}
          </div>
          <div>
            Received and screened: <OutcomeBadge outcome={order.outcome} /> →{' '}
            <strong>{order.decisions[0]?.statusFrom ?? order.status}</strong>
          </div>
        </li>
        {decisions.map((d) => (
          <li
            key={d.id}
            data-testid="order-event"
            data-kind="decision"
            data-decision={d.decision}
            data-expert={d.expert}
          >
            <div className="sub">
              {fmtDate(d.at)} · {d.actor}
            </div>
            <div>
              <strong>{DECISION_LABEL[d.decision]}</strong> · {d.statusFrom} → <strong>{d.statusTo}</strong>
              {d.expert && <span className="badge synth-expert-badge">expert decision</span>}
              <blockquote className="event-note">{d.reason}</blockquote>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
