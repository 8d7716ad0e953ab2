/** Screen a name against the active lists and show the hits with their explanations. */
import { type FormEvent, Fragment, useEffect, useId, useState } from 'react';
import { type ApiError, type ListVersion, PARTY_TYPES, type PartyType, type ScreenResult, toApiError } from '../api';
import { Explanation } from '../components/Explanation';
import { BandBadge, FieldErrors, ProblemAlert, Score, SourceBadge } from '../components/ui';
import { fmtDate, plural, shortId } from '../format';
import { useSession } from '../session';

const FIELDS = ['name', 'country', 'type'] as const;

export function ScreenPage() {
  const { api } = useSession();
  const id = useId();
  const [name, setName] = useState('');
  const [country, setCountry] = useState('');
  const [type, setType] = useState<PartyType | ''>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<ScreenResult | null>(null);
  const [versions, setVersions] = useState<ReadonlyMap<string, ListVersion>>(new Map());
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    api
      .lists()
      .then((vs) => setVersions(new Map(vs.map((v) => [v.id, v]))))
      .catch(() => undefined);
  }, [api]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.screen({
        name,
        ...(country.trim() ? { country: country.trim() } : {}),
        ...(type ? { type } : {}),
      });
      setResult(r);
      // The strongest hit opens with its explanation; the rest on demand.
      setOpen(new Set(r.hits.length > 0 && r.hits[0] ? [r.hits[0].id] : []));
    } catch (err) {
      setError(toApiError(err));
      setResult(null);
    } finally {
      setBusy(false);
    }
  }

  function toggle(hitId: string) {
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(hitId)) next.delete(hitId);
      else next.add(hitId);
      return next;
    });
  }

  const errs = (f: string) => error?.fieldErrors(f) ?? [];
  const hits = result ? [...result.hits].sort((a, b) => b.score - a.score) : [];

  return (
    <div className="page">
      <div className="page-head">
        <h1>Screen a name</h1>
        <p className="lede">
          Checks one name against every active list. Nothing is saved except a log of the search; to track a party and
          review its hits, save it from <a href="#/review">Hit review</a>.
        </p>
      </div>

      <form className="card form-card" onSubmit={submit} noValidate aria-label="Screen a name">
        <div className="form-row">
          <div className="field field-grow">
            <label htmlFor={`${id}-name`}>Name</label>
            <input
              id={`${id}-name`}
              name="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. National University of Defense Technology"
              required
              autoComplete="off"
              aria-invalid={errs('name').length > 0 || undefined}
              aria-describedby={errs('name').length > 0 ? `${id}-name-err` : undefined}
            />
            <FieldErrors id={`${id}-name-err`} messages={errs('name')} />
          </div>
          <div className="field field-country">
            <label htmlFor={`${id}-country`}>
              Country <span className="optional">ISO-2</span>
            </label>
            <input
              id={`${id}-country`}
              name="country"
              value={country}
              onChange={(e) => setCountry(e.target.value.toUpperCase())}
              placeholder="optional, e.g. CN"
              maxLength={3}
              autoComplete="off"
              spellCheck={false}
              className="mono"
              aria-invalid={errs('country').length > 0 || undefined}
              aria-describedby={errs('country').length > 0 ? `${id}-country-err` : undefined}
            />
            <FieldErrors id={`${id}-country-err`} messages={errs('country')} />
          </div>
          <div className="field field-type">
            <label htmlFor={`${id}-type`}>
              Type <span className="optional">optional</span>
            </label>
            <select
              id={`${id}-type`}
              name="type"
              value={type}
              onChange={(e) => setType(e.target.value as PartyType | '')}
              aria-invalid={errs('type').length > 0 || undefined}
              aria-describedby={errs('type').length > 0 ? `${id}-type-err` : undefined}
            >
              <option value="">Any</option>
              {PARTY_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            <FieldErrors id={`${id}-type-err`} messages={errs('type')} />
          </div>
          <div className="field field-action">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? 'Screening…' : 'Screen'}
            </button>
          </div>
        </div>
        <ProblemAlert error={error} shownFields={FIELDS} label="Screening failed" />
      </form>

      {result && (
        <section className="card" aria-labelledby={`${id}-results`}>
          <div className="card-head">
            <h2 id={`${id}-results`}>
              {result.hits.length === 0 ? 'No hits' : plural(result.hits.length, 'hit')} for “{result.query.name}”
              {result.query.country && <span className="muted"> · {result.query.country}</span>}
              {result.query.type && <span className="muted"> · {result.query.type}</span>}
            </h2>
            <dl className="meta">
              <div>
                <dt>Matcher</dt>
                <dd data-testid="matcher-version">
                  <code>{result.matcherVersion}</code>
                </dd>
              </div>
              <div>
                <dt>Lists</dt>
                <dd data-testid="list-versions">
                  {result.listVersions.map((v) => {
                    const lv = versions.get(v);
                    return (
                      <span
                        key={v}
                        className="chip"
                        title={lv ? `${lv.title}\nversion ${v}\nsha256 ${lv.fileSha256}` : v}
                      >
                        {lv ? `${lv.dataset.toUpperCase()} ${lv.publishedAt ?? ''}` : 'version'}{' '}
                        <code>{shortId(v)}</code>
                      </span>
                    );
                  })}
                </dd>
              </div>
              <div>
                <dt>Screened</dt>
                <dd>{fmtDate(result.screenedAt)}</dd>
              </div>
            </dl>
          </div>
          {hits.length === 0 ? (
            <p className="empty">
              Nothing at or above the review threshold. The search was logged with the list versions above.
            </p>
          ) : (
            <table className="table hits-table" aria-label="Hits">
              <thead>
                <tr>
                  <th scope="col" className="col-score">
                    Score
                  </th>
                  <th scope="col">Band</th>
                  <th scope="col">Source</th>
                  <th scope="col">Listed name</th>
                  <th scope="col">Matched name</th>
                  <th scope="col" className="col-action">
                    <span className="sr-only">Explanation</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {hits.map((h) => {
                  const expanded = open.has(h.id);
                  const explId = `${id}-x-${h.id.replace(/[^\w-]/g, '_')}`;
                  return (
                    <Fragment key={h.id}>
                      <tr className={`hit-row band-row-${h.band}`} data-testid="hit-row">
                        <td>
                          <Score score={h.score} band={h.band} />
                        </td>
                        <td>
                          <BandBadge band={h.band} />
                        </td>
                        <td>
                          <SourceBadge source={h.source} />
                        </td>
                        <td className="listed-name">
                          <div>{h.name}</div>
                          <div className="sub mono" title="List entry key">
                            {h.id}
                          </div>
                        </td>
                        <td>
                          {h.matchedName}
                          {h.explanation.matchedNameKind !== 'primary' && (
                            <span className="kind"> {h.explanation.matchedNameKind}</span>
                          )}
                        </td>
                        <td className="col-action">
                          <button
                            type="button"
                            className="btn btn-small"
                            aria-expanded={expanded}
                            aria-controls={explId}
                            onClick={() => toggle(h.id)}
                          >
                            {expanded ? 'Hide explanation' : 'Explain'}
                          </button>
                        </td>
                      </tr>
                      {expanded && (
                        <tr className="explain-row">
                          <td colSpan={6}>
                            <Explanation id={explId} explanation={h.explanation} score={h.score} />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
      )}
    </div>
  );
}
