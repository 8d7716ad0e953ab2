/**
 * The parts of a license determination result, shared by the live case editor and the printable
 * transaction review record: headline, both layers, subject-to-EAR basis, requirements, review
 * policy, exceptions, red flags, flags, missing facts, classification, screening gate and the
 * reasoning trail, every finding with its citations.
 */
import { createContext, type ReactNode, useContext } from 'react';
import type {
  Answer,
  Citation,
  Classification,
  Determination,
  DeterminationResult,
  LayerName,
  LayerVerdict,
  ListVersion,
  ReasoningStep,
  ReviewPolicyFinding,
  RuleLayer,
  ScreeningGate,
} from '../api';
import { fmtInt, shortId } from '../format';
import { ANSWER_LABEL, factLabel, LAYER_LABEL, OUTCOME_TEXT, policyLabel } from '../licensing';
import { BandBadge, Score, SourceBadge } from './ui';

/** In the review record citations are written out in full (notes and URLs), for paper. */
const FullCitations = createContext(false);
export const FullCitationsProvider = FullCitations.Provider;

export function Cite({ c }: { c: Citation }) {
  const full = useContext(FullCitations);
  return (
    <span className="cite" title={full ? undefined : c.note}>
      {c.cfr && <span className="cite-cfr">{c.cfr}</span>}
      {c.fr && <span className="cite-fr">{c.fr}</span>}
      {c.url &&
        (full ? (
          <a className="cite-url" href={c.url} target="_blank" rel="noreferrer">
            {c.url}
          </a>
        ) : (
          <a className="cite-link" href={c.url} target="_blank" rel="noreferrer">
            source
          </a>
        ))}
      {c.note && (full || (!c.cfr && !c.fr)) && <span className="cite-note">{c.note}</span>}
    </span>
  );
}

export function Cites({ citations }: { citations: readonly Citation[] | undefined }) {
  if (!citations || citations.length === 0) return null;
  return (
    <span className="cites">
      {citations.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: citations are static and never reorder
        <Cite key={i} c={c} />
      ))}
    </span>
  );
}

export function AnswerBadge({ answer, testId }: { answer: Answer; testId?: string }) {
  return (
    <span className={`answer answer-${answer}`} data-testid={testId}>
      {ANSWER_LABEL[answer]}
    </span>
  );
}

function LayerBadge({ layer }: { layer: RuleLayer }) {
  if (layer === 'both') return null;
  return <span className={`badge layer layer-${layer}`}>{LAYER_LABEL[layer]}</span>;
}

/** A titled part of the result; `n` numbers it in the review record. */
export function Section({
  id,
  title,
  n,
  children,
  className = '',
  aside,
}: {
  id: string;
  title: string;
  n?: number;
  children: ReactNode;
  className?: string;
  aside?: ReactNode;
}) {
  return (
    <section className={`det-section ${className}`} aria-labelledby={id} data-testid={`section-${id}`}>
      <div className="det-section-head">
        <h2 id={id}>
          {n !== undefined && <span className="section-n">{n}.</span>} {title}
        </h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

// ------------------------------------------------------------------ headline

export function Headline({ result }: { result: DeterminationResult }) {
  const d = result.determination;
  const answer = result.summary.licenseRequired;
  const held = answer !== d.licenseRequired;
  const policy = d.reviewPolicy?.policy ?? result.summary.reviewPolicy;
  return (
    <div className={`headline headline-${answer}`} data-testid="headline">
      <div className="headline-main">
        <div className="headline-label">License required</div>
        <div className="headline-answer" data-testid="license-required">
          {ANSWER_LABEL[answer]}
        </div>
        <div className="headline-sub">enforced layer · as of {d.asOf}</div>
      </div>
      <dl className="headline-facts">
        <div>
          <dt>Review policy</dt>
          <dd data-testid="review-policy">
            {policy ? policyLabel(policy) : <span className="muted">none (no license required)</span>}
          </dd>
        </div>
        <div>
          <dt>Outcome</dt>
          <dd>
            <span className={`badge outcome outcome-${d.outcome}`} data-testid="outcome">
              {d.outcome}
            </span>{' '}
            <span className="sub">{OUTCOME_TEXT[d.outcome]}</span>
          </dd>
        </div>
        <div>
          <dt>Item</dt>
          <dd>
            <code data-testid="headline-eccn">{d.classification.eccn ?? 'not classified'}</code>{' '}
            <span className="sub">
              {d.transaction.kind} {d.transaction.shipFrom} → {d.transaction.destination}
              {d.transaction.destinationAsGiven && ` (given as ${d.transaction.destinationAsGiven})`}
            </span>
          </dd>
        </div>
      </dl>
      {held && (
        <p className="headline-held" data-testid="held-at-unknown">
          The rules alone answer <strong>{ANSWER_LABEL[d.licenseRequired]}</strong>, but the answer is held at{' '}
          <strong>UNKNOWN</strong>: the screening gate is unresolved. Adjudicate the party hits below and declare any
          listing in the case before relying on it.
        </p>
      )}
      {d.notes.length > 0 && (
        <ul className="headline-notes">
          {d.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

// ------------------------------------------------------------------ layers

const LAYER_TITLE: Record<LayerName, { title: string; sub: string }> = {
  asWritten: { title: 'As written', sub: 'the CFR text in force on the date' },
  enforced: { title: 'Enforced', sub: 'what BIS enforces on the date (the headline)' },
};

function LayerCard({ name, v }: { name: LayerName; v: LayerVerdict }) {
  return (
    <div className={`layer-card layer-card-${name}`} data-testid={`layer-${name}`}>
      <div className="layer-card-head">
        <strong>{LAYER_TITLE[name].title}</strong> <span className="sub">{LAYER_TITLE[name].sub}</span>
      </div>
      <dl className="kv layer-kv">
        <div>
          <dt>License required</dt>
          <dd>
            <AnswerBadge answer={v.licenseRequired} testId={`layer-${name}-license`} />
          </dd>
        </div>
        <div>
          <dt>Subject to the EAR</dt>
          <dd>
            <AnswerBadge answer={v.subjectToEar} />
          </dd>
        </div>
        <div>
          <dt>Requirements</dt>
          <dd>{v.requirementIds.length ? v.requirementIds.map((r) => <code key={r}>{r} </code>) : '—'}</dd>
        </div>
        <div>
          <dt>Review policy</dt>
          <dd>{v.reviewPolicy ? policyLabel(v.reviewPolicy.policy) : '—'}</dd>
        </div>
        <div>
          <dt>Exceptions</dt>
          <dd>{v.exceptionCodes.length ? v.exceptionCodes.join(', ') : '—'}</dd>
        </div>
      </dl>
    </div>
  );
}

/** Both layers side by side (always in the record; in the editor only when they differ). */
export function Layers({ d, always = false, n }: { d: Determination; always?: boolean; n?: number }) {
  if (!d.layersDiffer && !always) {
    return (
      <p className="layers-agree" data-testid="layers-agree">
        <span className="dot dot-ok" /> As written and enforced agree: <AnswerBadge answer={d.licenseRequired} />
      </p>
    );
  }
  return (
    <Section
      id="layers"
      n={n}
      title={d.layersDiffer ? 'The two layers differ' : 'Both layers'}
      className={d.layersDiffer ? 'layers-differ' : ''}
    >
      <div className="layers">
        <LayerCard name="asWritten" v={d.layers.asWritten} />
        <LayerCard name="enforced" v={d.layers.enforced} />
      </div>
      {d.layersDiffer && d.flags.length > 0 && (
        <p className="layers-why">
          Why they differ, see the flags:{' '}
          {d.flags.map((f) => (
            <code key={f.code} className="flag-code">
              ⚑ {f.code}
            </code>
          ))}
        </p>
      )}
    </Section>
  );
}

// ------------------------------------------------------------------ findings

export function SubjectToEar({ d, n }: { d: Determination; n?: number }) {
  const s = d.subjectToEar;
  return (
    <Section id="subject" n={n} title="Subject to the EAR" aside={<AnswerBadge answer={s.answer} />}>
      <ul className="plain">
        {s.basis.map((b) => (
          <li key={b}>{b}</li>
        ))}
      </ul>
      {s.byLayer && (
        <p className="sub">
          As written: {ANSWER_LABEL[s.byLayer.asWritten]} · enforced: {ANSWER_LABEL[s.byLayer.enforced]}
        </p>
      )}
      <Cites citations={s.citations} />
    </Section>
  );
}

function PendingFacts({ facts, cf }: { facts: readonly string[] | undefined; cf?: unknown }) {
  if (!facts || facts.length === 0) return null;
  return (
    <div className="pending">
      Turns on: {facts.map((f) => factLabel(f, cf as Record<string, unknown> | undefined)).join('; ')}
    </div>
  );
}

export function Requirements({ d, n, cf }: { d: Determination; n?: number; cf?: unknown }) {
  return (
    <Section id="requirements" n={n} title={`License requirements (${d.requirements.length})`}>
      {d.requirements.length === 0 ? (
        <p className="empty-inline">No license requirement applies in either layer.</p>
      ) : (
        <ul className="findings">
          {d.requirements.map((r) => (
            <li key={r.id} className={`finding finding-${r.status}`} data-testid="requirement">
              <div className="finding-head">
                <code className="rule-id">{r.id}</code>
                <span className="badge reason">{r.reason}</span>
                <span className={`badge req-${r.status}`}>{r.status}</span>
                <LayerBadge layer={r.layer} />
                {r.enforcement && <span className="badge enforcement">{r.enforcement}</span>}
              </div>
              <p>{r.text}</p>
              <PendingFacts facts={r.pendingFacts} cf={cf} />
              <Cites citations={r.citations} />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function PolicyBlock({ p, cf }: { p: ReviewPolicyFinding; cf?: unknown }) {
  return (
    <div className="policy">
      <div className="finding-head">
        <strong data-testid="policy-name">{policyLabel(p.policy)}</strong>
        {p.ruleId && <code className="rule-id">{p.ruleId}</code>}
        {p.forRequirements.length > 0 && <span className="sub">for {p.forRequirements.join(', ')}</span>}
      </div>
      <p>{p.text}</p>
      {p.candidates && p.candidates.length > 0 && (
        <p className="sub">Possible: {p.candidates.map((c) => policyLabel(c)).join(' · ')}</p>
      )}
      <PendingFacts facts={p.pendingFacts} cf={cf} />
      <Cites citations={p.citations} />
    </div>
  );
}

export function ReviewPolicy({ d, n, cf }: { d: Determination; n?: number; cf?: unknown }) {
  const asWritten = d.layers.asWritten.reviewPolicy;
  const differs = asWritten && asWritten.policy !== d.reviewPolicy?.policy;
  return (
    <Section id="policy" n={n} title="Review policy">
      {d.reviewPolicy ? (
        <PolicyBlock p={d.reviewPolicy} cf={cf} />
      ) : (
        <p className="empty-inline">No review policy in the enforced layer: no license is required there.</p>
      )}
      {differs && asWritten && (
        <div className="policy-as-written">
          <h4>As written</h4>
          <PolicyBlock p={asWritten} cf={cf} />
        </div>
      )}
    </Section>
  );
}

export function Exceptions({ d, n }: { d: Determination; n?: number }) {
  const { candidates, ruledOut } = d.exceptions;
  return (
    <Section id="exceptions" n={n} title="License exceptions">
      {candidates.length === 0 && ruledOut.length === 0 && (
        <p className="empty-inline">No license exception is relevant.</p>
      )}
      {candidates.length > 0 && (
        <>
          <h4>Candidates: confirm every condition</h4>
          <ul className="findings">
            {candidates.map((c) => (
              <li key={c.code} className="finding finding-candidate" data-testid="exception-candidate">
                <div className="finding-head">
                  <code className="rule-id">{c.code}</code>
                  <strong>{c.name}</strong>
                  <LayerBadge layer={c.layer} />
                </div>
                <ul className="checklist">
                  {c.conditionsToConfirm.map((x) => (
                    <li key={x}>{x}</li>
                  ))}
                </ul>
                <Cites citations={c.citations} />
              </li>
            ))}
          </ul>
        </>
      )}
      {ruledOut.length > 0 && (
        <>
          <h4>Ruled out</h4>
          <ul className="findings">
            {ruledOut.map((x) => (
              <li key={`${x.code}-${x.layer}`} className="finding finding-ruled-out" data-testid="exception-ruled-out">
                <div className="finding-head">
                  <code className="rule-id">{x.code}</code>
                  <span className="badge ruled-out">ruled out</span>
                  <LayerBadge layer={x.layer} />
                </div>
                <p>{x.why}</p>
                <Cites citations={x.citations} />
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

export function RedFlags({ d, n }: { d: Determination; n?: number }) {
  return (
    <Section id="red-flags" n={n} title={`Red flags (${d.redFlags.length})`}>
      {d.redFlags.length === 0 ? (
        <p className="empty-inline">None of the modelled red flags (Supp. 3 to Part 732) is raised by these facts.</p>
      ) : (
        <ul className="findings">
          {d.redFlags.map((r) => (
            <li key={r.n} className="finding finding-red" data-testid="red-flag">
              <div className="finding-head">
                <strong>Red flag {r.n}</strong>
                <span className="cite">
                  <span className="cite-cfr">15 CFR 732 Supp. 3</span>
                </span>
              </div>
              <blockquote className="verbatim">{r.text}</blockquote>
              <p className="sub">Why: {r.why}</p>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export function Flags({ d, n }: { d: Determination; n?: number }) {
  return (
    <Section id="flags" n={n} title={`Flags (${d.flags.length})`}>
      {d.flags.length === 0 ? (
        <p className="empty-inline">No ambiguity flagged.</p>
      ) : (
        <>
          <p className="sub">Where the law or the evidence does not settle the answer. Never silently resolved.</p>
          <ul className="findings">
            {d.flags.map((f) => (
              <li key={f.code} className="finding finding-flag" data-testid="flag">
                <div className="finding-head">
                  <span className="flag-mark">⚑ Ambiguity</span>
                  <code className="flag-code">{f.code}</code>
                </div>
                <p>{f.message}</p>
                <Cites citations={f.citations} />
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

export function MissingFacts({
  d,
  n,
  cf,
  onFact,
}: {
  d: Determination;
  n?: number;
  cf?: unknown;
  /** The editor moves to the field; the record just lists them. */
  onFact?: (path: string) => void;
}) {
  return (
    <Section id="missing" n={n} title={`Missing facts (${d.incomplete.length})`}>
      {d.incomplete.length === 0 ? (
        <p className="empty-inline">None: no unknown fact could change the answer.</p>
      ) : (
        <>
          <p className="sub">Each of these could change the answer; until they are known it is held at unknown.</p>
          <ul className="missing-list" data-testid="missing-facts">
            {d.incomplete.map((p) => (
              <li key={p}>
                {onFact ? (
                  <button type="button" className="link-button" onClick={() => onFact(p)}>
                    {factLabel(p, cf as Record<string, unknown> | undefined)}
                  </button>
                ) : (
                  factLabel(p, cf as Record<string, unknown> | undefined)
                )}{' '}
                <code className="sub">{p}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

export function ClassificationView({ c, n }: { c: Classification; n?: number }) {
  const m = c.metrics;
  return (
    <Section
      id="classification"
      n={n}
      title="Classification"
      aside={<span className={`badge class-${c.status}`}>{c.status}</span>}
    >
      <dl className="facts-grid" data-testid="classification">
        <div>
          <dt>ECCN</dt>
          <dd>
            <code className="eccn">{c.eccn ?? '—'}</code>
          </dd>
        </div>
        <div>
          <dt>Paragraphs</dt>
          <dd>{c.paragraphs.length ? c.paragraphs.join(', ') : '—'}</dd>
        </div>
        <div>
          <dt>TPP</dt>
          <dd>
            {m.tpp !== undefined ? fmtInt(Math.round(m.tpp)) : '—'}
            {m.tppPrecision && <span className="sub"> ({m.tppPrecision})</span>}
          </dd>
        </div>
        <div>
          <dt>Performance density</dt>
          <dd>{m.performanceDensity !== undefined ? m.performanceDensity.toFixed(2) : '—'}</dd>
        </div>
        {m.totalDramBandwidthGBs !== undefined && (
          <div>
            <dt>DRAM bandwidth</dt>
            <dd>{fmtInt(m.totalDramBandwidthGBs)} GB/s</dd>
          </div>
        )}
        {m.memoryBandwidthDensityGBsPerMm2 !== undefined && (
          <div>
            <dt>Memory bandwidth density</dt>
            <dd>{m.memoryBandwidthDensityGBsPerMm2.toFixed(2)} GB/s/mm²</dd>
          </div>
        )}
        <div className="span-2">
          <dt>Text applied</dt>
          <dd>{c.textVersion}</dd>
        </div>
      </dl>
      {c.needsInput.length > 0 && (
        <div className="needs-input">
          <h4>Needs input</h4>
          <ul className="plain">
            {c.needsInput.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </div>
      )}
      {c.flags.length > 0 && (
        <ul className="findings">
          {c.flags.map((f) => (
            <li key={f.code} className="finding finding-flag">
              <div className="finding-head">
                <span className="flag-mark">⚑ Ambiguity</span>
                <code className="flag-code">{f.code}</code>
              </div>
              <p>{f.message}</p>
              <Cites citations={f.citations} />
            </li>
          ))}
        </ul>
      )}
      <h4>Classification reasoning</h4>
      <Trail steps={c.reasoning} testId="classification-step" />
    </Section>
  );
}

/** List version ids with their dataset and published date when the lists are known. */
export function ListVersionChips({
  ids,
  versions,
  full = false,
}: {
  ids: readonly string[];
  versions: ReadonlyMap<string, ListVersion>;
  full?: boolean;
}) {
  return (
    <>
      {ids.map((v) => {
        const lv = versions.get(v);
        return (
          <span key={v} className="chip" title={lv ? `${lv.title}\nversion ${v}\nsha256 ${lv.fileSha256}` : v}>
            {lv ? `${lv.dataset.toUpperCase()} ${lv.publishedAt ?? ''}` : 'version'}{' '}
            <code>{full ? v : shortId(v)}</code>
          </span>
        );
      })}
    </>
  );
}

export function ScreeningGateView({
  gate,
  versions,
  n,
  full = false,
}: {
  gate: ScreeningGate;
  versions: ReadonlyMap<string, ListVersion>;
  n?: number;
  full?: boolean;
}) {
  const unresolved = gate.parties.filter((p) => p.status === 'unresolved');
  return (
    <Section
      id="screening"
      n={n}
      title="Screening gate"
      className={`gate gate-${gate.status}`}
      aside={
        <span className={`badge gate-badge gate-badge-${gate.status}`} data-testid="gate-status">
          {gate.status}
        </span>
      }
    >
      {gate.status === 'unresolved' ? (
        <p className="gate-note gate-note-unresolved" data-testid="gate-note">
          <strong>Unresolved.</strong> {unresolved.length === 1 ? 'One party has' : `${unresolved.length} parties have`}{' '}
          hits on lists that bear on the determination (Entity List, MEU, SDN, …) and the case does not declare the
          party listed. A “no license” answer is only as good as the party facts, so{' '}
          <strong>the answer is held at unknown</strong> until the hits are adjudicated and any listing is declared in
          the case (Entity List footnotes or MEU).
        </p>
      ) : (
        <p className="gate-note">
          Every party was screened against the active lists: no unresolved hit on a list that bears on the
          determination.
        </p>
      )}
      {gate.parties.length === 0 ? (
        <p className="empty-inline">The case names no parties: nobody was screened.</p>
      ) : (
        <table className="table table-compact gate-table" aria-label="Screening gate">
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Party</th>
              <th scope="col">Status</th>
              <th scope="col">Hits</th>
            </tr>
          </thead>
          <tbody>
            {gate.parties.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: parties are positional in the case file
              <tr key={i} data-testid="gate-party" className={`gate-row-${p.status}`}>
                <td className="nowrap">{p.role}</td>
                <td>{p.name}</td>
                <td>
                  <span className={`badge gate-badge gate-badge-${p.status}`}>{p.status}</span>
                </td>
                <td>
                  {p.hits.length === 0 ? (
                    <span className="muted">none</span>
                  ) : (
                    <ul className="gate-hits">
                      {p.hits.map((h) => (
                        <li key={h.entryKey}>
                          <Score score={h.score} band={h.band} /> <BandBadge band={h.band} />{' '}
                          <SourceBadge source={h.source} /> <strong>{h.name}</strong>
                          {h.entityListFootnotes && h.entityListFootnotes.length > 0 && (
                            <span className="sub"> · EL footnote {h.entityListFootnotes.join(', ')}</span>
                          )}
                          <div className="sub mono entry-key">{h.entryKey}</div>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <dl className="meta gate-meta">
        <div>
          <dt>Matcher</dt>
          <dd>
            <code data-testid="gate-matcher">{gate.matcherVersion}</code>
          </dd>
        </div>
        <div>
          <dt>Lists</dt>
          <dd>
            <ListVersionChips ids={gate.listVersions} versions={versions} full={full} />
          </dd>
        </div>
      </dl>
    </Section>
  );
}

export function Trail({ steps, testId = 'reasoning-step' }: { steps: readonly ReasoningStep[]; testId?: string }) {
  return (
    <ol className="trail">
      {steps.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the trail is ordered and never reorders
        <li key={i} data-testid={testId}>
          <span className="trail-text">{s.text}</span>
          <Cites citations={s.citations} />
        </li>
      ))}
    </ol>
  );
}

export function Reasoning({ d, n }: { d: Determination; n?: number }) {
  return (
    <Section id="reasoning" n={n} title={`Reasoning trail (${d.reasoning.length} steps)`}>
      <Trail steps={d.reasoning} />
    </Section>
  );
}

export function RuleVersions({ d, n }: { d: Determination; n?: number }) {
  return (
    <Section id="rule-versions" n={n} title="Rule versions used">
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Valid from</th>
            <th scope="col">Valid to</th>
            <th scope="col">Regulation</th>
          </tr>
        </thead>
        <tbody>
          {d.ruleVersions.map((r) => (
            <tr key={r.id}>
              <td>
                <code>{r.id}</code>
              </td>
              <td>{r.validFrom}</td>
              <td>{r.validTo ?? 'open'}</td>
              <td>{r.regulation ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
