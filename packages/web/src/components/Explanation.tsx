/** Why a hit scored what it scored: token alignment, unmatched tokens, adjustments, normalised forms. */
import type { HitExplanation } from '../api';
import { fmtPoints, fmtScore } from '../format';
import { BandBadge, Score, SourceBadge } from './ui';

const HOW: Record<string, string> = {
  exact: 'identical tokens',
  fuzzy: 'edit-distance similarity',
  phonetic: 'same phonetic key',
  'consonant-skeleton': 'same consonants (vowels dropped)',
  'name-variant': 'known name variant',
  'org-class': 'organisation word (same class)',
  particle: 'particle (of, de, al…)',
  title: 'title or honorific',
  'legal-form': 'legal form (Ltd, LLC, GmbH…) canonicalised',
  'merged-tokens': 'tokens merged or split',
  initial: 'initial matches the word',
  number: 'identical number',
};

function Tokens({ tokens, label }: { tokens: readonly string[]; label: string }) {
  return (
    <div className="tokens">
      <span className="tokens-label">{label}</span>
      {tokens.length === 0 ? (
        <span className="muted">none</span>
      ) : (
        tokens.map((t, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a token may repeat; order is fixed
          <code key={i} className="token token-unmatched">
            {t}
          </code>
        ))
      )}
    </div>
  );
}

export function Explanation({
  explanation: x,
  score,
  id,
}: {
  explanation: HitExplanation;
  score: number;
  id?: string;
}) {
  const adjusted = x.nameScore + x.adjustments.reduce((s, a) => s + a.points, 0);
  return (
    <section className="explanation" id={id} aria-label="Explanation">
      <div className="explanation-grid">
        <div>
          <h4>Token alignment</h4>
          <table className="table table-compact alignment">
            <caption className="sr-only">Query tokens aligned with list tokens</caption>
            <thead>
              <tr>
                <th scope="col">Query token</th>
                <th scope="col" aria-label="aligned with" />
                <th scope="col">List token</th>
                <th scope="col" className="num">
                  Similarity
                </th>
                <th scope="col">How</th>
              </tr>
            </thead>
            <tbody>
              {x.alignment.map((a, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: alignment rows are positional
                <tr key={i}>
                  <td>
                    <code className="token">{a.query}</code>
                  </td>
                  <td className="muted" aria-hidden="true">
                    ↔
                  </td>
                  <td>
                    <code className="token">{a.list}</code>
                  </td>
                  <td className="num">
                    <span className={a.similarity >= 1 ? 'sim-exact' : a.similarity >= 0.8 ? 'sim-close' : 'sim-weak'}>
                      {a.similarity.toFixed(3)}
                    </span>
                  </td>
                  <td>
                    <span className="how" title={HOW[a.how] ?? a.how}>
                      {a.how}
                    </span>
                  </td>
                </tr>
              ))}
              {x.alignment.length === 0 && (
                <tr>
                  <td colSpan={5} className="muted">
                    No tokens aligned.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <Tokens label="Unmatched query tokens" tokens={x.unmatchedQueryTokens} />
          <Tokens label="Unmatched list tokens" tokens={x.unmatchedListTokens} />
        </div>
        <div>
          <h4>Score</h4>
          <table className="table table-compact breakdown">
            <caption className="sr-only">Score breakdown</caption>
            <tbody>
              <tr>
                <th scope="row">Name similarity</th>
                <td className="num">{fmtScore(x.nameScore)}</td>
              </tr>
              {x.adjustments.map((a, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: adjustments are positional
                <tr key={i}>
                  <th scope="row" className="adjustment">
                    {a.reason}
                  </th>
                  <td className={`num ${a.points < 0 ? 'neg' : 'pos'}`}>{fmtPoints(a.points)}</td>
                </tr>
              ))}
              {x.adjustments.length === 0 && (
                <tr>
                  <th scope="row" className="adjustment muted">
                    No adjustments
                  </th>
                  <td className="num muted">±0</td>
                </tr>
              )}
              <tr className="total">
                <th scope="row">Score{Math.round(adjusted * 10) / 10 !== score ? ' (bounded 0–100)' : ''}</th>
                <td className="num">{fmtScore(score)}</td>
              </tr>
            </tbody>
          </table>
          <h4>Normalised forms</h4>
          <dl className="forms">
            <dt>Query</dt>
            <dd>
              <code>{x.queryForm}</code>
            </dd>
            <dt>List</dt>
            <dd>
              <code>{x.listForm}</code>
            </dd>
            <dt>Matched name</dt>
            <dd>
              {x.matchedName} <span className="muted">({x.matchedNameKind})</span>
            </dd>
          </dl>
        </div>
      </div>
    </section>
  );
}

/** A screening hit as the screening module describes it (`Stackport.describeHits`). */
export interface DescribedHit {
  readonly id: string;
  readonly source: string;
  readonly name: string;
  readonly matchedName: string;
  readonly score: number;
  readonly band: string;
  readonly explanation: HitExplanation;
}

/**
 * One screened name's hits, each with its list, score and band and an "Explain" toggle. `open` is the key of the
 * explanation shown on the page (one at a time across lists); a hit's key is `keyPrefix` + its entry id.
 */
export function HitList({
  hits,
  keyPrefix,
  open,
  onToggle,
  testId,
}: {
  hits: readonly DescribedHit[];
  keyPrefix: string;
  open: string | null;
  onToggle: (key: string | null) => void;
  testId: string;
}) {
  if (hits.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="synth-hits">
      {hits.map((h) => {
        const key = `${keyPrefix}${h.id}`;
        return (
          <li key={h.id} data-testid={testId} data-source={h.source}>
            <div className="synth-hit-head">
              <SourceBadge source={h.source} /> <strong>{h.name}</strong>{' '}
              <span className="sub">
                matched “{h.matchedName}” · <span className="mono">{h.id}</span>
              </span>{' '}
              <Score score={h.score} band={h.band} /> <BandBadge band={h.band} />{' '}
              <button
                type="button"
                className="link-button"
                aria-expanded={open === key}
                onClick={() => onToggle(open === key ? null : key)}
              >
                {open === key ? 'Hide explanation' : 'Explain'}
              </button>
            </div>
            {open === key && <Explanation explanation={h.explanation} score={h.score} />}
          </li>
        );
      })}
    </ul>
  );
}
