/**
 * The hit review queue: hits of saved parties by status, each with its explanation and a decision
 * form (true match / false positive / escalate, with a required reason). Saving a party, which
 * screens it and opens hits, is on this page too.
 */
import { type FormEvent, type KeyboardEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import {
  type ApiError,
  DECISIONS,
  type Decision,
  HIT_STATUSES,
  type HitQueue,
  type HitStatus,
  PARTY_TYPES,
  type Party,
  type PartyScreening,
  type PartyType,
  STATUS_LABEL,
  type StoredHit,
  toApiError,
} from '../api';
import { Explanation } from '../components/Explanation';
import {
  BandBadge,
  Empty,
  FieldErrors,
  ProblemAlert,
  Score,
  SourceBadge,
  Spinner,
  StatusBadge,
} from '../components/ui';
import { fmtDate, plural } from '../format';
import { useSession } from '../session';

const DECISION_LABEL: Record<Decision, string> = {
  true_match: 'True match',
  false_positive: 'False positive',
  escalated: 'Escalate',
};

const DECISION_HELP: Record<Decision, string> = {
  true_match: 'The party is the listed entry: block or license.',
  false_positive: 'A different party: clear the hit.',
  escalated: 'Needs a senior reviewer or more facts.',
};

/** The tab to start on: #/review?status=escalated links straight to a tab. */
function initialStatus(): HitStatus {
  const q = new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('status');
  return (HIT_STATUSES as readonly string[]).includes(q ?? '') ? (q as HitStatus) : 'open';
}

export function ReviewPage() {
  const { api, me } = useSession();
  const [status, setStatus] = useState<HitStatus>(initialStatus);
  const [queue, setQueue] = useState<HitQueue | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [parties, setParties] = useState<ReadonlyMap<string, Party>>(new Map());
  const [message, setMessage] = useState<string | null>(null);
  const partiesRef = useRef(parties);
  partiesRef.current = parties;

  /** Fills in the parties of the hits shown: one list call, then single fetches for any newer ones. */
  const loadParties = useCallback(
    async (hits: readonly StoredHit[]) => {
      const known = new Map(partiesRef.current);
      let missing = [...new Set(hits.map((h) => h.partyId))].filter((pid) => !known.has(pid));
      if (missing.length === 0) return;
      if (missing.length > 5) {
        for (const p of await api.parties().catch(() => [] as Party[])) known.set(p.id, p);
        missing = missing.filter((pid) => !known.has(pid));
      }
      const single = await Promise.all(
        missing.map((pid) =>
          api.party(pid).then(
            (r) => r.party,
            () => undefined,
          ),
        ),
      );
      for (const p of single) if (p) known.set(p.id, p);
      setParties(known);
    },
    [api],
  );

  const reload = useCallback(
    async (s: HitStatus) => {
      setLoading(true);
      try {
        const q = await api.hits(s);
        await loadParties(q.hits);
        setQueue(q);
        setError(null);
      } catch (err) {
        setError(toApiError(err));
      } finally {
        setLoading(false);
      }
    },
    [api, loadParties],
  );

  useEffect(() => {
    void reload(status);
  }, [reload, status]);

  function onSaved(party: Party, screening: PartyScreening) {
    setParties((prev) => new Map(prev).set(party.id, party));
    const parts = [`${plural(screening.opened, 'hit')} opened`];
    if (screening.reopened) parts.push(`${screening.reopened} reopened`);
    if (screening.suppressed) parts.push(`${screening.suppressed} already decided`);
    setMessage(`Saved “${party.name}”: ${parts.join(', ')}.`);
    if (status === 'open') void reload('open');
    else setStatus('open');
  }

  function onDecided(hit: StoredHit, party: Party | undefined) {
    setMessage(
      `Recorded ${STATUS_LABEL[hit.status].toLowerCase()} for “${party?.name ?? hit.partyId}” ↔ ${hit.source} “${hit.entryName}”.`,
    );
    void reload(status);
  }

  return (
    <div className="page">
      <div className="page-head">
        <h1>Hit review</h1>
        <p className="lede">
          Saved parties are screened when saved and again when a list changes; hits at or above the review threshold
          wait here for a decision. Every decision is recorded with its reason in the audit log.
        </p>
      </div>

      <SavePartyForm onSaved={onSaved} />

      {message && (
        <div className="flash" role="status">
          <span>{message}</span>
          <button
            type="button"
            className="btn btn-quiet btn-small"
            onClick={() => setMessage(null)}
            aria-label="Dismiss"
          >
            ×
          </button>
        </div>
      )}

      <section className="card" aria-label="Review queue">
        <StatusTabs status={status} counts={queue?.counts ?? {}} onChange={setStatus} />
        <div role="tabpanel" id="queue-panel" aria-labelledby={`tab-${status}`} className="queue" aria-busy={loading}>
          <ProblemAlert error={error} label="Could not load the queue" />
          {me.role === 'viewer' && (
            <p className="notice">
              Your token has the <strong>viewer</strong> role: you can read the queue, but the server accepts decisions
              only from analysts and admins.
            </p>
          )}
          {!queue && loading && <Spinner />}
          {queue && queue.hits.length === 0 && !loading && (
            <Empty>
              No {STATUS_LABEL[status].toLowerCase()} hits.
              {status === 'open' && ' Save a party above to screen it; its hits appear here.'}
            </Empty>
          )}
          {queue && (queue.counts[status] ?? 0) > queue.hits.length && (
            <p className="muted">
              Showing the {queue.hits.length} highest-scoring of {queue.counts[status]}{' '}
              {STATUS_LABEL[status].toLowerCase()} hits; decide these to see the rest.
            </p>
          )}
          {queue?.hits.map((h) => (
            <HitCard key={`${h.id}-${h.updatedAt}`} hit={h} party={parties.get(h.partyId)} onDecided={onDecided} />
          ))}
        </div>
      </section>
    </div>
  );
}

function StatusTabs({
  status,
  counts,
  onChange,
}: {
  status: HitStatus;
  counts: Partial<Record<HitStatus, number>>;
  onChange: (s: HitStatus) => void;
}) {
  const refs = useRef<Partial<Record<HitStatus, HTMLButtonElement | null>>>({});
  function onKeyDown(e: KeyboardEvent) {
    const i = HIT_STATUSES.indexOf(status);
    let next: number | undefined;
    if (e.key === 'ArrowRight') next = (i + 1) % HIT_STATUSES.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + HIT_STATUSES.length) % HIT_STATUSES.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = HIT_STATUSES.length - 1;
    if (next === undefined) return;
    e.preventDefault();
    const s = HIT_STATUSES[next] as HitStatus;
    onChange(s);
    refs.current[s]?.focus();
  }
  return (
    <div className="tabs" role="tablist" aria-label="Hit status" onKeyDown={onKeyDown}>
      {HIT_STATUSES.map((s) => (
        <button
          key={s}
          ref={(el) => {
            refs.current[s] = el;
          }}
          type="button"
          role="tab"
          id={`tab-${s}`}
          aria-selected={s === status}
          aria-controls="queue-panel"
          tabIndex={s === status ? 0 : -1}
          className={`tab tab-${s}`}
          onClick={() => onChange(s)}
        >
          {STATUS_LABEL[s]} <span className="count">{counts[s] ?? 0}</span>
        </button>
      ))}
    </div>
  );
}

function HitCard({
  hit,
  party,
  onDecided,
}: {
  hit: StoredHit;
  party: Party | undefined;
  onDecided: (hit: StoredHit, party: Party | undefined) => void;
}) {
  const id = useId();
  const [explain, setExplain] = useState(false);
  const [revise, setRevise] = useState(false);
  const decided = hit.status === 'true_match' || hit.status === 'false_positive';
  const label = `${party?.name ?? 'party'} ↔ ${hit.entryName}`;
  return (
    <article className={`hit-card status-card-${hit.status}`} aria-label={label} data-testid="hit-card">
      <div className="hit-card-main">
        <div className="hit-score">
          <Score score={hit.score} band={hit.band} />
          <BandBadge band={hit.band} />
        </div>
        <div className="hit-parties">
          <div className="hit-party">
            <span className="label">Party</span>
            <strong>{party?.name ?? <span className="mono">{hit.partyId}</span>}</strong>
            {party?.country && <span className="chip">{party.country}</span>}
            {party?.type && <span className="chip">{party.type}</span>}
            {party?.reference && <span className="muted"> ref {party.reference}</span>}
          </div>
          <div className="hit-entry">
            <span className="label">Listed</span>
            <SourceBadge source={hit.source} />
            <strong>{hit.entryName}</strong>
          </div>
          <div className="hit-sub">
            <span>
              matched “{hit.matchedName}”
              {hit.explanation.matchedNameKind !== 'primary' && ` (${hit.explanation.matchedNameKind})`}
            </span>
            <span className="mono" title="List entry key">
              {hit.entryKey}
            </span>
            <span>
              opened {fmtDate(hit.openedAt)}
              {hit.openReason === 'entry-changed' ? ' · reopened: the list entry changed' : ''}
            </span>
          </div>
        </div>
        <div className="hit-status">
          <StatusBadge status={hit.status}>{STATUS_LABEL[hit.status]}</StatusBadge>
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={explain}
            aria-controls={`${id}-x`}
            onClick={() => setExplain((v) => !v)}
          >
            {explain ? 'Hide explanation' : 'Explain'}
          </button>
        </div>
      </div>
      {explain && <Explanation id={`${id}-x`} explanation={hit.explanation} score={hit.score} />}
      {hit.status !== 'open' && hit.reason && (
        <div className="decision-record">
          <span className="label">{hit.status === 'escalated' ? 'Escalated' : 'Decided'}</span>
          <span>
            by {hit.decidedBy ?? 'unknown'} · {fmtDate(hit.decidedAt)}
          </span>
          <blockquote>{hit.reason}</blockquote>
        </div>
      )}
      {decided && !revise ? (
        <div className="decision-actions">
          <button type="button" className="btn btn-small btn-quiet" onClick={() => setRevise(true)}>
            Revise decision
          </button>
        </div>
      ) : (
        <DecisionForm hit={hit} label={label} onDecided={(h) => onDecided(h, party)} />
      )}
    </article>
  );
}

function DecisionForm({
  hit,
  label,
  onDecided,
}: {
  hit: StoredHit;
  label: string;
  onDecided: (hit: StoredHit) => void;
}) {
  const { api } = useSession();
  const id = useId();
  const [decision, setDecision] = useState<Decision | ''>('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [local, setLocal] = useState<{ decision?: string; reason?: string }>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: { decision?: string; reason?: string } = {};
    if (!decision) problems.decision = 'choose a decision';
    if (reason.trim().length < 3) problems.reason = 'give a reason a reviewer or auditor can follow';
    setLocal(problems);
    setError(null);
    if (problems.decision || problems.reason || !decision) return;
    setBusy(true);
    try {
      onDecided(await api.decide(hit.id, decision, reason.trim()));
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  }

  const decisionErrs = [...(local.decision ? [local.decision] : []), ...(error?.fieldErrors('decision') ?? [])];
  const reasonErrs = [...(local.reason ? [local.reason] : []), ...(error?.fieldErrors('reason') ?? [])];
  const choices = DECISIONS.filter((d) => d !== hit.status);
  return (
    <form className="decision" onSubmit={submit} noValidate aria-label={`Decide ${label}`}>
      <fieldset
        className="decision-choices"
        aria-invalid={decisionErrs.length > 0 || undefined}
        aria-describedby={decisionErrs.length ? `${id}-d-err` : undefined}
      >
        <legend>Decision</legend>
        {choices.map((d) => (
          <label key={d} className={`choice choice-${d}`} title={DECISION_HELP[d]}>
            <input
              type="radio"
              name={`${id}-decision`}
              value={d}
              checked={decision === d}
              onChange={() => setDecision(d)}
            />
            {DECISION_LABEL[d]}
          </label>
        ))}
        <FieldErrors id={`${id}-d-err`} messages={decisionErrs} />
      </fieldset>
      <div className="field decision-reason">
        <label htmlFor={`${id}-reason`}>Reason</label>
        <textarea
          id={`${id}-reason`}
          rows={2}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="e.g. different address and registration number; customer is a Delaware LLC"
          required
          aria-invalid={reasonErrs.length > 0 || undefined}
          aria-describedby={reasonErrs.length ? `${id}-r-err` : undefined}
        />
        <FieldErrors id={`${id}-r-err`} messages={reasonErrs} />
      </div>
      <div className="decision-submit">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Recording…' : 'Record decision'}
        </button>
      </div>
      <div className="decision-problem">
        <ProblemAlert error={error} shownFields={['decision', 'reason']} label="Decision refused" />
      </div>
    </form>
  );
}

function SavePartyForm({ onSaved }: { onSaved: (party: Party, screening: PartyScreening) => void }) {
  const { api } = useSession();
  const id = useId();
  const [name, setName] = useState('');
  const [country, setCountry] = useState('');
  const [type, setType] = useState<PartyType | ''>('');
  const [reference, setReference] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.createParty({
        name,
        ...(country.trim() ? { country: country.trim() } : {}),
        ...(type ? { type } : {}),
        ...(reference.trim() ? { reference: reference.trim() } : {}),
      });
      setName('');
      setCountry('');
      setType('');
      setReference('');
      onSaved(r.party, r.screening);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const errs = (f: string) => error?.fieldErrors(f) ?? [];
  const field = (f: string) => ({
    'aria-invalid': errs(f).length > 0 || undefined,
    'aria-describedby': errs(f).length > 0 ? `${id}-${f}-err` : undefined,
  });
  return (
    <form className="card form-card" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card-title">
        Save a party
        <span className="muted">
          {' '}
          — a customer, consignee or end user; it is screened at once and on every list update
        </span>
      </h2>
      <div className="form-row">
        <div className="field field-grow">
          <label htmlFor={`${id}-name`}>Party name</label>
          <input
            id={`${id}-name`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            autoComplete="off"
            {...field('name')}
          />
          <FieldErrors id={`${id}-name-err`} messages={errs('name')} />
        </div>
        <div className="field field-country">
          <label htmlFor={`${id}-country`}>
            Country <span className="optional">ISO-2</span>
          </label>
          <input
            id={`${id}-country`}
            value={country}
            onChange={(e) => setCountry(e.target.value.toUpperCase())}
            maxLength={3}
            className="mono"
            autoComplete="off"
            {...field('country')}
          />
          <FieldErrors id={`${id}-country-err`} messages={errs('country')} />
        </div>
        <div className="field field-type">
          <label htmlFor={`${id}-type`}>Type</label>
          <select
            id={`${id}-type`}
            value={type}
            onChange={(e) => setType(e.target.value as PartyType | '')}
            {...field('type')}
          >
            <option value="">Unknown</option>
            {PARTY_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          <FieldErrors id={`${id}-type-err`} messages={errs('type')} />
        </div>
        <div className="field field-ref">
          <label htmlFor={`${id}-ref`}>
            Reference <span className="optional">optional</span>
          </label>
          <input
            id={`${id}-ref`}
            value={reference}
            onChange={(e) => setReference(e.target.value)}
            autoComplete="off"
            {...field('reference')}
          />
          <FieldErrors id={`${id}-reference-err`} messages={errs('reference')} />
        </div>
        <div className="field field-action">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save and screen'}
          </button>
        </div>
      </div>
      <ProblemAlert
        error={error}
        shownFields={['name', 'country', 'type', 'reference']}
        label="Saving the party failed"
      />
    </form>
  );
}
