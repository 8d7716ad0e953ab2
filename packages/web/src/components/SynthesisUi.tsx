/** Small building blocks of the synthesis pages: outcome and status badges, notices, a record's screening. */
import { type ReactNode, useId, useState } from 'react';
import { fmtInt, plural } from '../format';
import { href } from '../router';
import {
  type MatchedRegion,
  OUTCOME_TEXT,
  type ScreeningOutcome,
  type SequenceScreening,
  SYNTHESIS_STATUS_LABEL,
  type SynthesisOrderStatus,
  type WindowHit,
} from '../synthesis-api';

export function OutcomeBadge({ outcome, testId }: { outcome: ScreeningOutcome; testId?: string }) {
  return (
    <abbr
      className={`badge outcome outcome-${outcome.toLowerCase()}`}
      title={OUTCOME_TEXT[outcome]}
      data-testid={testId}
      data-outcome={outcome}
    >
      {outcome}
    </abbr>
  );
}

export function OrderStatusBadge({ status, testId }: { status: SynthesisOrderStatus; testId?: string }) {
  return (
    <span className={`badge ostatus-${status}`} data-testid={testId} data-status={status}>
      {SYNTHESIS_STATUS_LABEL[status]}
    </span>
  );
}

export function SynthesisCrumbs({ children }: { children?: ReactNode }) {
  return (
    <nav aria-label="Breadcrumb" className="crumbs">
      <a href={href('synthesis')}>Synthesis</a>
      {children}
    </nav>
  );
}

/** Test data is synthetic; the concern database decides what can be found. Shown on every synthesis page. */
export function SyntheticNotice() {
  return (
    <div className="synth-notice" role="note" data-testid="synthetic-notice">
      <strong>Synthetic test data.</strong> The concern sequences in Stackport’s tests, screenshots and examples are
      random stand-ins registered as concerns (<code>SYN-DNA-…</code>, <code>SYN-PROT-…</code>), never real sequences of
      concern. What screening can find depends entirely on the concern database the provider imports.
    </div>
  );
}

/** Flags need an expert: the rule the server enforces on fulfilment. */
export function ExpertRule({ items }: { items?: number }) {
  return (
    <div className="expert-rule" role="note" data-testid="expert-notice">
      <strong>Flags need an expert decision before fulfilment.</strong>{' '}
      {items === undefined
        ? 'An order with a Flag, a split order, a customer screening hit or a shipping/institution country mismatch is pending review; the server refuses to fulfil it unless the decision is marked as the expert decision.'
        : `This order has ${plural(items, 'review item')}: the server refuses to fulfil it unless the decision is marked as the expert decision.`}
    </div>
  );
}

function where(r: WindowHit): string {
  if (r.via === 'dna') return r.strand === '+' ? 'strand +' : 'strand −';
  if (r.via === 'six-frame') return `frame ${r.frame !== undefined && r.frame > 0 ? '+' : ''}${r.frame ?? '?'}`;
  return 'protein';
}

const VIA_TEXT: Record<WindowHit['via'], string> = {
  dna: 'DNA against DNA concerns, both strands',
  'six-frame': 'six-frame translation against protein concerns',
  protein: 'protein record against protein concerns',
};

function MatchBadge({ r }: { r: Pick<WindowHit, 'match' | 'mismatches'> }) {
  return (
    <span className={`badge match-${r.match}`} data-testid="match">
      {r.match}
      {r.mismatches > 0 ? ` · ${r.mismatches} mm` : ''}
    </span>
  );
}

function RegionTable({ regions, recordId }: { regions: readonly MatchedRegion[]; recordId: string }) {
  return (
    <div className="table-scroll">
      <table className="table table-compact" aria-label={`Matched regions of ${recordId}`}>
        <thead>
          <tr>
            <th scope="col">Concern</th>
            <th scope="col">How</th>
            <th scope="col">Strand / frame</th>
            <th scope="col" className="num">
              Order offsets
            </th>
            <th scope="col" className="num">
              Concern offsets
            </th>
            <th scope="col" className="num">
              Length (nt)
            </th>
            <th scope="col" className="num">
              Windows
            </th>
            <th scope="col">Match</th>
          </tr>
        </thead>
        <tbody>
          {regions.map((r, i) => (
            <tr
              // biome-ignore lint/suspicious/noArrayIndexKey: regions are listed in a fixed order and never reorder
              key={i}
              data-testid="region-row"
              data-concern={r.concernId}
              data-match={r.match}
              className={r.fragment ? 'region-fragment' : undefined}
            >
              <td className="mono">{r.concernId}</td>
              <td>
                <abbr title={VIA_TEXT[r.via]}>{r.via}</abbr>
                {r.fragment && <div className="sub">fragment (split-order analysis only)</div>}
              </td>
              <td className="nowrap" data-testid="region-where">
                {where(r)}
              </td>
              <td className="num mono nowrap">
                {r.orderStart}–{r.orderEnd}
              </td>
              <td className="num mono nowrap">
                {r.concernStart}–{r.concernEnd}
              </td>
              <td className="num">{fmtInt(r.lengthNt)}</td>
              <td className="num">{r.windows}</td>
              <td>
                <MatchBadge r={r} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function WindowTable({ windows, recordId }: { windows: readonly WindowHit[]; recordId: string }) {
  return (
    <div className="table-scroll window-scroll">
      <table className="table table-compact" aria-label={`Window hits of ${recordId}`}>
        <thead>
          <tr>
            <th scope="col">Concern</th>
            <th scope="col">Strand / frame</th>
            <th scope="col" className="num">
              Order offsets
            </th>
            <th scope="col" className="num">
              Concern offsets
            </th>
            <th scope="col">Match</th>
          </tr>
        </thead>
        <tbody>
          {windows.map((w, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: window hits are tiles in order and never reorder
            <tr key={i} data-testid="window-row" data-concern={w.concernId} data-match={w.match}>
              <td className="mono">{w.concernId}</td>
              <td className="nowrap">{where(w)}</td>
              <td className="num mono nowrap">
                {w.orderStart}–{w.orderEnd}
              </td>
              <td className="num mono nowrap">
                {w.concernStart}–{w.concernEnd}
              </td>
              <td>
                <MatchBadge r={w} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One record's screening: outcome, reasons, matched regions, coverage per concern and the window hits. */
export function RecordScreening({ record }: { record: SequenceScreening }) {
  const id = useId();
  const [windowsOpen, setWindowsOpen] = useState(record.outcome === 'Flag');
  const matched = record.regions.filter((r) => !r.fragment);
  return (
    <section
      className={`synth-record synth-record-${record.outcome.toLowerCase()}`}
      aria-labelledby={`${id}-t`}
      data-testid="record"
      data-record={record.recordId}
      data-outcome={record.outcome}
    >
      <div className="synth-record-head">
        <h3 id={`${id}-t`}>
          <span className="mono">{record.recordId}</span>{' '}
          <OutcomeBadge outcome={record.outcome} testId="record-outcome" />
        </h3>
        <span className="sub">
          {record.kind.toUpperCase()} · {fmtInt(record.length)} {record.kind === 'protein' ? 'aa' : 'nt'} ·{' '}
          {plural(matched.length, 'matched region')}
          {record.regions.length > matched.length && `, ${plural(record.regions.length - matched.length, 'fragment')}`}
        </span>
      </div>
      <ul className="synth-reasons">
        {record.reasons.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: reasons are in a fixed order
          <li key={i}>{r}</li>
        ))}
      </ul>
      {record.coverage.length > 0 && (
        <p className="sub">
          Coverage:{' '}
          {record.coverage.map((c, i) => (
            <span key={c.concernId} data-testid="coverage" data-concern={c.concernId}>
              {i > 0 && '; '}
              <span className="mono">{c.concernId}</span> {fmtInt(c.coveredNt)} nt
              {c.coveredWithFragmentsNt > c.coveredNt && ` (${fmtInt(c.coveredWithFragmentsNt)} with fragments)`}
              {c.exact ? ', exact' : ', near'}
            </span>
          ))}{' '}
          · Flag threshold {fmtInt(record.flagThresholdNt)} nt
        </p>
      )}
      {record.regions.length > 0 && <RegionTable regions={record.regions} recordId={record.recordId} />}
      {record.windows.length > 0 && (
        <div className="synth-windows">
          <button
            type="button"
            className="link-button"
            aria-expanded={windowsOpen}
            aria-controls={`${id}-w`}
            onClick={() => setWindowsOpen((o) => !o)}
          >
            {windowsOpen ? 'Hide' : 'Show'} {plural(record.windows.length, 'matched window')}
            {record.windowsTruncated ? ' (the first ones; regions are complete)' : ''}
          </button>
          <div id={`${id}-w`} hidden={!windowsOpen}>
            {windowsOpen && <WindowTable windows={record.windows} recordId={record.recordId} />}
          </div>
        </div>
      )}
    </section>
  );
}
