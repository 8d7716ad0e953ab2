/**
 * Foreign AI model provenance and evaluation (GET/POST /api/v1/models, /model-policies, /evaluations; docs/models.md,
 * docs/evaluation.md):
 * - #/models: the registry (name and family, origin organisation and country, confidence, flags, the policy outcome in
 *   force), filtered by origin country and by flagged; analysts register a model from a scan report JSON file
 *   (`stackport models scan --json --out F`), the server's refusal shown as it sent it;
 * - #/models/<modelId>: one model: flags (contradictions first), policy decisions with the policy version each cites,
 *   the fingerprint evidence, declared metadata, files with their SHA-256, scan history, the AI-BOM downloads
 *   (CycloneDX 1.6, SPDX 3.0.1) and the linked evaluation runs;
 * - #/models?view=policies: the dated origin policy versions (in force today marked); admins add a version and see the
 *   re-evaluation summary;
 * - #/models?view=evaluations and #/models/runs/<runId>: evaluation runs (started from the CLI only) with their
 *   scores ± SE and 95 % CI, paired language differences, failed and missing items, and the HTML/PDF report.
 */
import { type FormEvent, useCallback, useId, useState } from 'react';
import {
  CountryBadge,
  FlagBadge,
  fmtBytes,
  fmtConfidence,
  ModelStatusBadge,
  ModelsCrumbs,
  ModelsViews,
  OutcomeBadge,
  pct,
  SourceRef,
  signedPp,
  useModelsView,
} from '../components/ModelsUi';
import { Empty, FieldErrors, ProblemAlert, Spinner } from '../components/ui';
import { fmtDate, fmtInt, plural } from '../format';
import {
  CONTRADICTION_FLAGS,
  decisionResultOf,
  declaredOf,
  EVAL_RUN_COMMAND,
  type EvalRunDetail,
  type EvalRunSummary,
  FLAG_SEVERITIES,
  FLAG_TEXT,
  flagsOf,
  LANGUAGE_LABEL,
  METRIC_LABEL,
  MODEL_STATUS_LABEL,
  MODEL_STATUSES,
  type ModelDetail,
  type ModelPolicyInput,
  type ModelPolicyVersion,
  type ModelQuery,
  type ModelStatus,
  type PolicyAddResult,
  type PolicyResult,
  type ProvenanceFlag,
  type RegisterResult,
  type StoredModel,
  scanChangesOf,
} from '../models-api';
import { href, useRouteParams } from '../router';
import { useSession } from '../session';
import { notJson, useAction, useDownload } from '../use-action';
import { canAct, useLoad } from '../use-load';
import { useTitle } from '../use-title';

export function ModelsPage() {
  const [a, b] = useRouteParams();
  const view = useModelsView();
  if (a === 'runs' && b) return <RunView id={b} />;
  if (a) return <ModelView id={a} />;
  return (
    <div className="page">
      <div className="page-head">
        <h1>AI models</h1>
        <p className="lede">
          Foreign AI model provenance: models registered from scan reports (made where the weights are, without loading
          them), fingerprinted by family and origin, flagged where declared metadata contradicts what was observed, and
          checked against dated origin policies; and the evaluation runs (censorship, CCP-narrative alignment, agent
          security) with their scores and standard errors.
        </p>
      </div>
      <ModelsViews view={view} />
      {view === 'registry' && <RegistryView />}
      {view === 'policies' && <PoliciesView />}
      {view === 'evaluations' && <EvaluationsView />}
    </div>
  );
}

const worst = (flags: readonly ProvenanceFlag[]) =>
  [...flags].sort((x, y) => FLAG_SEVERITIES.indexOf(x.severity) - FLAG_SEVERITIES.indexOf(y.severity));

// ------------------------------------------------------------------ registry

type FlaggedFilter = '' | 'true' | 'false';

function RegistryView() {
  const { api, me } = useSession();
  const [country, setCountry] = useState('');
  const [flagged, setFlagged] = useState<FlaggedFilter>('');
  const [status, setStatus] = useState<ModelStatus | ''>('');
  const applied = country.length === 2 ? country.toUpperCase() : '';
  const q: ModelQuery = {
    limit: 500,
    ...(applied ? { country: applied } : {}),
    ...(flagged ? { flagged: flagged === 'true' } : {}),
    ...(status ? { status } : {}),
  };
  const key = JSON.stringify(q);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query is keyed by its JSON
  const { data, error } = useLoad(useCallback(() => api.models(q), [api, key]));
  const [registering, setRegistering] = useState(false);
  const ids = useId();
  useTitle('AI models');
  const filtered = Boolean(applied || flagged || status);

  return (
    <>
      {canAct(me.role) && (
        <div className="page-actions">
          <button
            type="button"
            className="btn btn-primary"
            aria-expanded={registering}
            aria-controls="register-model"
            onClick={() => setRegistering((o) => !o)}
          >
            Register a model…
          </button>
        </div>
      )}
      {registering && (
        <RegisterModel
          onRegistered={(r) => {
            setRegistering(false);
            window.location.hash = href('models', r.model.id);
          }}
          onCancel={() => setRegistering(false)}
        />
      )}
      <form className="card mdl-filters" aria-label="Filter models" onSubmit={(e) => e.preventDefault()}>
        <div className="form-row">
          <div className="field field-country">
            <label htmlFor={`${ids}-country`}>Origin country</label>
            <input
              id={`${ids}-country`}
              name="country"
              maxLength={2}
              placeholder="e.g. CN"
              value={country}
              onChange={(e) => setCountry(e.target.value.replace(/[^a-z]/gi, '').toUpperCase())}
            />
          </div>
          <div className="field field-type">
            <label htmlFor={`${ids}-flagged`}>Flagged</label>
            <select
              id={`${ids}-flagged`}
              name="flagged"
              value={flagged}
              onChange={(e) => setFlagged(e.target.value as FlaggedFilter)}
            >
              <option value="">All models</option>
              <option value="true">Flagged or forbidden</option>
              <option value="false">Neither</option>
            </select>
          </div>
          <div className="field field-type">
            <label htmlFor={`${ids}-status`}>Policy outcome</label>
            <select
              id={`${ids}-status`}
              name="status"
              value={status}
              onChange={(e) => setStatus(e.target.value as ModelStatus | '')}
            >
              <option value="">Any</option>
              {MODEL_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {MODEL_STATUS_LABEL[s]}
                </option>
              ))}
            </select>
          </div>
          {filtered && (
            <button
              type="button"
              className="btn btn-quiet mdl-clear"
              onClick={() => {
                setCountry('');
                setFlagged('');
                setStatus('');
              }}
            >
              Clear filters
            </button>
          )}
        </div>
      </form>
      <ProblemAlert error={error} label="Models failed" />
      {!data && !error && <Spinner />}
      {data && (
        <section className="card" aria-labelledby="models-title">
          <div className="card-head">
            <h2 id="models-title">
              {plural(data.length, 'model')}
              {filtered && <span className="muted"> matching the filters</span>}
            </h2>
            <span className="sub">most recently scanned first · one model per set of weights</span>
          </div>
          {data.length === 0 ? (
            <Empty>
              {filtered
                ? 'No model matches these filters.'
                : 'No model yet. Scan one where its weights are (stackport models scan PATH --json --out scan.json) and register the report.'}
            </Empty>
          ) : (
            <div className="table-scroll">
              <table className="table" aria-label="Registered models">
                <thead>
                  <tr>
                    <th scope="col">Model</th>
                    <th scope="col">Family</th>
                    <th scope="col">Origin</th>
                    <th scope="col" className="num">
                      Confidence
                    </th>
                    <th scope="col">Flags</th>
                    <th scope="col">Policy outcome</th>
                    <th scope="col">Last scanned</th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((m) => (
                    <ModelRow key={m.id} model={m} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}

function ModelRow({ model: m }: { model: StoredModel }) {
  const flags = worst(flagsOf(m));
  const contradiction = flags.some((f) => CONTRADICTION_FLAGS.includes(f.code));
  return (
    <tr
      data-testid="model-row"
      data-model={m.id}
      data-status={m.status}
      data-country={m.originCountry ?? ''}
      data-contradiction={contradiction}
    >
      <td>
        <a href={href('models', m.id)} className="strong-link" data-testid="model-name">
          {m.name}
        </a>
        <div className="sub mono">{m.id}</div>
      </td>
      <td data-testid="model-family">
        {m.familyName ?? <span className="muted">unknown</span>}
        {m.architectureFamilyId && m.architectureFamilyId !== m.familyId && (
          <div className="sub">on {m.architectureFamilyId} architecture</div>
        )}
        <div className="sub">basis: {m.basis}</div>
      </td>
      <td data-testid="model-origin">
        {m.originOrg ?? <span className="muted">unknown</span>} <CountryBadge country={m.originCountry} />
      </td>
      <td className="num" data-testid="model-confidence">
        {fmtConfidence(m.confidence)} <span className="sub">{m.confidenceLevel}</span>
      </td>
      <td>
        {flags.length === 0 ? (
          <span className="muted">none</span>
        ) : (
          <span className="mdl-flags">
            {flags.map((f) => (
              <FlagBadge key={`${f.code}-${f.message}`} flag={f} />
            ))}
          </span>
        )}
      </td>
      <td>
        <ModelStatusBadge status={m.status} testId="model-status" />
      </td>
      <td className="nowrap sub">
        {fmtDate(m.lastScanned)}
        {m.scanCount > 1 && <div>{plural(m.scanCount, 'scan')}</div>}
      </td>
    </tr>
  );
}

// ------------------------------------------------------------------ registering a scan report

const NOT_A_SCAN_REPORT = 'The file is not a JSON scan report';

function RegisterModel({
  onRegistered,
  onCancel,
}: {
  onRegistered: (r: RegisterResult) => void;
  onCancel: () => void;
}) {
  const { api } = useSession();
  const ids = useId();
  const [file, setFile] = useState<File | null>(null);
  const [asOf, setAsOf] = useState('');
  const { busy, error, setError, run } = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!file) {
      setError(
        notJson(NOT_A_SCAN_REPORT, 'Choose the file that `stackport models scan PATH --json --out scan.json` wrote.'),
      );
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch (err) {
      setError(notJson(NOT_A_SCAN_REPORT, `${file.name}: ${err instanceof Error ? err.message : String(err)}`));
      return;
    }
    // `models scan --json` writes {report, policy?}; a bare report (with its files) is wrapped. The server validates.
    const body =
      parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && 'report' in parsed
        ? { ...(parsed as Record<string, unknown>) }
        : { report: parsed };
    if (asOf) (body as Record<string, unknown>).asOf = asOf;
    const registered = await run(() => api.registerModel(body));
    if (registered) onRegistered(registered);
  };
  return (
    <form id="register-model" className="card mdl-form" onSubmit={submit} aria-label="Register a model">
      <h2 className="card-title">
        Register a model{' '}
        <span className="muted">
          from a scan report: the server re-runs the analysis, checks the origin policies and stores everything in one
          transaction; a bad report is refused and nothing is stored
        </span>
      </h2>
      <div className="mdl-form-body">
        <p className="sub">
          Scan where the weights are (they never leave that machine):{' '}
          <code>stackport models scan PATH --json --out scan.json</code>. The server never reads a path: it receives the
          report, with every file’s SHA-256 and parsed header summary.
        </p>
        <div className="form-row mdl-form-row">
          <div className="field field-grow">
            <label htmlFor={`${ids}-file`}>Scan report (JSON)</label>
            <input
              id={`${ids}-file`}
              name="report"
              type="file"
              accept="application/json,.json"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </div>
          <div className="field field-type">
            <label htmlFor={`${ids}-asof`}>
              Policies as of <span className="optional">default today</span>
            </label>
            <input
              id={`${ids}-asof`}
              name="asOf"
              type="date"
              value={asOf}
              aria-describedby={`${ids}-asof-err`}
              onChange={(e) => setAsOf(e.target.value)}
            />
          </div>
        </div>
        <FieldErrors id={`${ids}-asof-err`} messages={error?.fieldErrors('asOf') ?? []} />
        <ProblemAlert error={error} label="The scan report was refused" shownFields={['asOf']} />
        <div className="form-row mdl-form-row">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Registering…' : 'Register'}
          </button>
          <button type="button" className="btn btn-quiet" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </form>
  );
}

// ------------------------------------------------------------------ one model

function ModelView({ id }: { id: string }) {
  const { api, me } = useSession();
  const { data: m, error, set } = useLoad(useCallback(() => api.model(id), [api, id]));
  useTitle(m ? `${m.name} · AI models` : 'AI models');
  return (
    <div className="page">
      <ModelsCrumbs>
        <span aria-current="page">{m?.name ?? id}</span>
      </ModelsCrumbs>
      <ProblemAlert error={error} label="Model failed" />
      {!m && !error && <Spinner />}
      {m && (
        <>
          <ModelHead model={m} />
          <Flags model={m} />
          <Decisions model={m} />
          <FingerprintCard model={m} />
          <Declared model={m} />
          <Files model={m} />
          <Scans model={m} />
          <ModelRuns model={m} actor={canAct(me.role)} onLinked={set} />
        </>
      )}
    </div>
  );
}

function ModelHead({ model: m }: { model: ModelDetail }) {
  const { api } = useSession();
  const dl = useDownload();
  const fp = m.fingerprint;
  return (
    <div className="page-head">
      <h1 data-testid="model-title">{m.name}</h1>
      <div className="mdl-head-badges">
        <ModelStatusBadge status={m.status} testId="model-status" />
        <span className="sub">developer</span>
        <strong data-testid="model-developer">
          {fp.family ? `${fp.family.name} (${fp.family.organization})` : 'unknown'}
        </strong>
        <CountryBadge country={m.originCountry} />
        <span className="sub">
          confidence <strong data-testid="model-confidence">{fmtConfidence(m.confidence)}</strong> ({m.confidenceLevel},
          from the {m.basis})
        </span>
        {fp.architectureFamily && (
          <span className="sub" data-testid="model-architecture">
            architecture {fp.architectureFamily.name} ({fp.architectureFamily.organization}){' '}
            <CountryBadge country={fp.architectureFamily.country} />
          </span>
        )}
      </div>
      <p className="sub">
        model <span className="mono">{m.id}</span> · weights SHA-256{' '}
        <span className="mono" data-testid="weights-sha256">
          {m.weightsSha256}
        </span>{' '}
        · {plural(m.fileCount, 'file')}, {fmtBytes(m.totalBytes)} · first seen {fmtDate(m.firstSeen)} · last scanned{' '}
        {fmtDate(m.lastScanned)} ({plural(m.scanCount, 'scan')}) · registered by {m.registeredBy}
      </p>
      <div className="form-row mdl-downloads" data-testid="aibom">
        <span className="sub">AI bill of materials of the latest scan:</span>
        <button
          type="button"
          className="btn btn-small"
          disabled={dl.busy}
          onClick={() => dl.download(() => api.modelAibom(m.id, 'cyclonedx'))}
        >
          CycloneDX 1.6 (JSON)
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={dl.busy}
          onClick={() => dl.download(() => api.modelAibom(m.id, 'spdx'))}
        >
          SPDX 3.0.1 (JSON-LD)
        </button>
        {dl.last && (
          <span className="sub" data-testid="downloaded">
            Downloaded {dl.last}
          </span>
        )}
      </div>
      <ProblemAlert error={dl.error} label="Download failed" />
    </div>
  );
}

function Flags({ model: m }: { model: ModelDetail }) {
  const flags = worst(flagsOf(m));
  const contradictions = flags.filter((f) => CONTRADICTION_FLAGS.includes(f.code));
  return (
    <section className="card" aria-labelledby="mdl-flags-title" data-testid="flags">
      <div className="card-head">
        <h2 id="mdl-flags-title">
          Flags <span className="muted">{plural(flags.length, 'flag')}</span>
        </h2>
        {contradictions.length > 0 && (
          <span className="badge sev-high" data-testid="contradiction">
            declared metadata contradicts the fingerprint
          </span>
        )}
      </div>
      {flags.length === 0 ? (
        <Empty>No flag: declared metadata agrees with the fingerprint and no file is hazardous.</Empty>
      ) : (
        <ul className="divided-list">
          {flags.map((f) => (
            <li key={`${f.code}-${f.message}`} data-testid="flag" data-code={f.code} data-severity={f.severity}>
              <div className="mdl-item-head">
                <FlagBadge flag={f} /> <span className="sub">{f.severity}</span>{' '}
                <span className="sub">{FLAG_TEXT[f.code]}</span>
              </div>
              <div data-testid="flag-message">{f.message}</div>
              {f.evidence.length > 0 && (
                <ul className="mdl-evidence" aria-label="Evidence">
                  {f.evidence.map((ev) => (
                    <li key={ev} className="mono">
                      {ev}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PolicyFindings({ result }: { result: PolicyResult }) {
  if (result.findings.length === 0) return <span className="muted">no finding</span>;
  return (
    <ul className="mdl-findings">
      {result.findings.map((f) => (
        <li
          key={`${f.origin}-${f.country}-${f.family}-${f.message}`}
          data-testid="policy-finding"
          data-decision={f.decision}
        >
          <OutcomeBadge outcome={f.decision} /> <span className="sub">{f.origin}</span> {f.message}
        </li>
      ))}
    </ul>
  );
}

function Decisions({ model: m }: { model: ModelDetail }) {
  return (
    <section className="card" aria-labelledby="mdl-decisions-title" data-testid="decisions">
      <div className="card-head">
        <h2 id="mdl-decisions-title">
          Policy decisions <span className="muted">{plural(m.decisions.length, 'decision')}, newest first</span>
        </h2>
        <a href={`${href('models')}?view=policies`} className="sub">
          Origin policies
        </a>
      </div>
      {m.policy ? (
        <div className="mdl-strictest" data-testid="strictest" data-decision={m.policy.decision}>
          <strong>In force:</strong> <OutcomeBadge outcome={m.policy.decision} /> under{' '}
          <span className="mono" data-testid="strictest-policy">
            {m.policy.policy.id} {m.policy.policy.version}
          </span>{' '}
          ({m.policy.policy.title}, {m.policy.policy.status}, from {m.policy.policy.effectiveFrom}) as of{' '}
          {m.policy.asOf}
          <PolicyFindings result={m.policy} />
        </div>
      ) : (
        <p className="mdl-strictest sub" data-testid="strictest" data-decision="none">
          No origin policy was in force when this model was last checked: its status is unchecked.
        </p>
      )}
      {m.decisions.length > 0 && (
        <div className="table-scroll">
          <table className="table" aria-label="Policy decisions">
            <thead>
              <tr>
                <th scope="col">At</th>
                <th scope="col">Policy version</th>
                <th scope="col">Outcome</th>
                <th scope="col">As of</th>
                <th scope="col">Trigger</th>
                <th scope="col">Findings</th>
              </tr>
            </thead>
            <tbody>
              {m.decisions.map((d) => (
                <tr key={d.id} data-testid="decision-row" data-outcome={d.outcome} data-trigger={d.trigger}>
                  <td className="nowrap sub">
                    {fmtDate(d.at)}
                    <div>{d.actor}</div>
                  </td>
                  <td>
                    {d.policy ? (
                      <>
                        <span className="mono" data-testid="decision-policy">
                          {d.policy.policyId} {d.policy.version}
                        </span>
                        <div className="sub">{d.policy.title}</div>
                        <div className="sub">
                          source <SourceRef source={d.policy.source} />
                        </div>
                      </>
                    ) : (
                      <span className="mono">{d.policyVersionId}</span>
                    )}
                  </td>
                  <td>
                    <OutcomeBadge outcome={d.outcome} />
                  </td>
                  <td className="nowrap">{d.asOf}</td>
                  <td>{d.trigger}</td>
                  <td>
                    <PolicyFindings result={decisionResultOf(d)} />
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

function FingerprintCard({ model: m }: { model: ModelDetail }) {
  const fp = m.fingerprint;
  return (
    <section className="card" aria-labelledby="mdl-fp-title" data-testid="fingerprint">
      <div className="card-head">
        <h2 id="mdl-fp-title">
          Fingerprint evidence{' '}
          <span className="muted">
            basis {fp.basis}, confidence {fmtConfidence(fp.confidence)} ({fp.level})
          </span>
        </h2>
      </div>
      <div className="mdl-body">
        {fp.reasons.length > 0 ? (
          <ul className="mdl-reasons">
            {fp.reasons.map((r) => (
              <li key={r} data-testid="fp-reason">
                {r}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No structural evidence.</p>
        )}
      </div>
      {fp.candidates.length > 0 && (
        <div className="table-scroll">
          <table className="table table-compact" aria-label="Family candidates">
            <thead>
              <tr>
                <th scope="col">Candidate family</th>
                <th scope="col">Organisation</th>
                <th scope="col" className="num">
                  Architecture
                </th>
                <th scope="col" className="num">
                  Tokenizer
                </th>
                <th scope="col" className="num">
                  Declared
                </th>
                <th scope="col">Signals</th>
              </tr>
            </thead>
            <tbody>
              {fp.candidates.map((c) => (
                <tr key={c.id} data-testid="candidate" data-family={c.id}>
                  <td>
                    {c.name}
                    {fp.family?.id === c.id && <span className="badge chip">developer</span>}
                  </td>
                  <td>
                    {c.organization} <CountryBadge country={c.country} />
                  </td>
                  <td className="num">{fmtConfidence(c.architecture)}</td>
                  <td className="num">{fmtConfidence(c.tokenizer)}</td>
                  <td className="num">{fmtConfidence(c.declared)}</td>
                  <td className="sub">{c.reasons.join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Declared({ model: m }: { model: ModelDetail }) {
  const d = declaredOf(m);
  const s = m.summary;
  return (
    <section className="card" aria-labelledby="mdl-declared-title" data-testid="declared">
      <div className="card-head">
        <h2 id="mdl-declared-title">
          Declared metadata <span className="muted">what the files say about themselves (unreliable by design)</span>
        </h2>
      </div>
      <div className="mdl-body">
        <dl className="kv mdl-kv">
          <div>
            <dt>Families named</dt>
            <dd data-testid="declared-families">
              {d.families.length ? d.families.map((f) => `${f.id} (${f.fields.join(', ')})`).join('; ') : '—'}
            </dd>
          </div>
          <div>
            <dt>Base models</dt>
            <dd>{d.baseModels.length ? d.baseModels.join(', ') : '—'}</dd>
          </div>
          <div>
            <dt>Licences</dt>
            <dd>{d.licenses.length ? d.licenses.join(', ') : '—'}</dd>
          </div>
          <div>
            <dt>Formats</dt>
            <dd>{s.formats.join(', ') || '—'}</dd>
          </div>
          <div>
            <dt>Parameters</dt>
            <dd>{s.parameterCount !== undefined ? fmtInt(s.parameterCount) : '—'}</dd>
          </div>
          <div>
            <dt>Context length</dt>
            <dd>{s.contextLength !== undefined ? fmtInt(s.contextLength) : '—'}</dd>
          </div>
          <div>
            <dt>Quantisation</dt>
            <dd>{s.quantization.join(', ') || '—'}</dd>
          </div>
        </dl>
        {d.fields.length > 0 && (
          <div className="table-scroll">
            <table className="table table-compact" aria-label="Declared fields">
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Value</th>
                  <th scope="col">File</th>
                </tr>
              </thead>
              <tbody>
                {d.fields.map((f) => (
                  <tr key={`${f.file}-${f.field}-${f.value}`} data-testid="declared-field">
                    <td className="mono">{f.field}</td>
                    <td>{f.value}</td>
                    <td className="mono sub">{f.file}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}

function Files({ model: m }: { model: ModelDetail }) {
  return (
    <section className="card" aria-labelledby="mdl-files-title" data-testid="files">
      <div className="card-head">
        <h2 id="mdl-files-title">
          Files <span className="muted">{plural(m.files.length, 'file')} of the latest scan</span>
        </h2>
        <span className="sub">
          scanned {fmtDate(m.scannedAt)} at <span className="mono">{m.root}</span>
        </span>
      </div>
      <div className="table-scroll">
        <table className="table table-compact" aria-label="Model files">
          <thead>
            <tr>
              <th scope="col">Path</th>
              <th scope="col">Kind</th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {m.files.map((f) => (
              <tr key={f.path} data-testid="file-row" data-path={f.path}>
                <td className="mono">
                  {f.path}
                  {f.error && (
                    <div className="sev-error" data-testid="file-error">
                      {f.error.code}: {f.error.message}
                    </div>
                  )}
                </td>
                <td>{f.kind}</td>
                <td className="num nowrap">{fmtBytes(f.size)}</td>
                <td className="mono mdl-sha" data-testid="file-sha256">
                  {f.sha256 ?? '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {m.skipped.length > 0 && (
        <div className="mdl-body">
          <h3 className="sub">Skipped by the scanner</h3>
          <ul className="mdl-evidence">
            {m.skipped.map((s) => (
              <li key={s.path}>
                <span className="mono">{s.path}</span>: {s.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function Scans({ model: m }: { model: ModelDetail }) {
  return (
    <section className="card" aria-labelledby="mdl-scans-title" data-testid="scans">
      <div className="card-head">
        <h2 id="mdl-scans-title">
          Scan history <span className="muted">{plural(m.scans.length, 'registration')}, newest first</span>
        </h2>
      </div>
      <div className="table-scroll">
        <table className="table table-compact" aria-label="Scan history">
          <thead>
            <tr>
              <th scope="col">Registered</th>
              <th scope="col">Scanned</th>
              <th scope="col">Root</th>
              <th scope="col">Changes</th>
            </tr>
          </thead>
          <tbody>
            {m.scans.map((s) => {
              const c = scanChangesOf(s);
              const parts = [
                c.files.added.length ? `files added: ${c.files.added.join(', ')}` : '',
                c.files.removed.length ? `files removed: ${c.files.removed.join(', ')}` : '',
                c.files.changed.length ? `files changed: ${c.files.changed.join(', ')}` : '',
                ...c.fields.map((f) => `${f.field}: ${JSON.stringify(f.from)} → ${JSON.stringify(f.to)}`),
                c.flags.added.length ? `flags added: ${c.flags.added.join(', ')}` : '',
                c.flags.removed.length ? `flags removed: ${c.flags.removed.join(', ')}` : '',
              ].filter(Boolean);
              return (
                <tr key={s.id} data-testid="scan-row">
                  <td className="nowrap sub">
                    {fmtDate(s.at)}
                    <div>{s.actor}</div>
                  </td>
                  <td className="nowrap sub">{fmtDate(s.scannedAt)}</td>
                  <td className="mono">{s.root}</td>
                  <td>
                    {c.first ? (
                      <span className="muted">first registration</span>
                    ) : parts.length ? (
                      <ul className="mdl-evidence">
                        {parts.map((p) => (
                          <li key={p}>{p}</li>
                        ))}
                      </ul>
                    ) : (
                      <span className="muted">no change</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ModelRuns({
  model: m,
  actor,
  onLinked,
}: {
  model: ModelDetail;
  actor: boolean;
  onLinked: (m: ModelDetail) => void;
}) {
  return (
    <section className="card" aria-labelledby="mdl-runs-title" data-testid="model-runs">
      <div className="card-head">
        <h2 id="mdl-runs-title">
          Evaluation runs <span className="muted">{plural(m.evalRuns.length, 'linked run')}</span>
        </h2>
      </div>
      {m.evalRuns.length === 0 ? (
        <Empty>No evaluation run is linked to this model.</Empty>
      ) : (
        <RunsTable runs={m.evalRuns} label="Evaluation runs of this model" />
      )}
      <div className="mdl-body">
        <p className="sub">
          Runs start from the CLI: <code>stackport models eval run --endpoint … --model … --model-id {m.id}</code>
        </p>
        {actor && <LinkRun model={m} onLinked={onLinked} />}
      </div>
    </section>
  );
}

function LinkRun({ model: m, onLinked }: { model: ModelDetail; onLinked: (m: ModelDetail) => void }) {
  const { api } = useSession();
  const ids = useId();
  const { data: runs } = useLoad(useCallback(() => api.evaluations(200), [api]));
  const [runId, setRunId] = useState('');
  const { busy, error, run } = useAction();
  const candidates = (runs ?? []).filter((r) => r.modelId !== m.id);
  if (candidates.length === 0) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!runId) return;
    const linked = await run(() => api.linkEvalRun(m.id, runId));
    if (linked) {
      onLinked(linked);
      setRunId('');
    }
  };
  return (
    <form className="form-row mdl-link" onSubmit={submit} aria-label="Link an evaluation run">
      <div className="field field-grow">
        <label htmlFor={`${ids}-run`}>Link an existing run to this model</label>
        <select id={`${ids}-run`} name="runId" value={runId} onChange={(e) => setRunId(e.target.value)}>
          <option value="">Choose a run…</option>
          {candidates.map((r) => (
            <option key={r.id} value={r.id}>
              {r.model} · {r.status} · {fmtDate(r.startedAt)} · {r.id}
              {r.modelId ? ` (linked to ${r.modelId})` : ''}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn btn-small" disabled={busy || !runId}>
        Link
      </button>
      <ProblemAlert error={error} label="Link refused" />
    </form>
  );
}

// ------------------------------------------------------------------ origin policies

function PoliciesView() {
  const { api, me } = useSession();
  const { data, error, reload } = useLoad(useCallback(() => api.modelPolicies(), [api]));
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<PolicyAddResult | null>(null);
  useTitle('Origin policies · AI models');
  const admin = me.role === 'admin';
  return (
    <>
      <p className="notice">
        A policy version is dated data with its source; it is never edited (add a new version). For each policy id the
        version in force on the day applies; a model’s outcome is the strictest of them. No countries are built in.
        {!admin && ' Only admins add versions.'}
      </p>
      {admin && (
        <div className="page-actions">
          <button
            type="button"
            className="btn btn-primary"
            aria-expanded={adding}
            aria-controls="add-policy"
            onClick={() => setAdding((o) => !o)}
          >
            Add a policy version…
          </button>
        </div>
      )}
      {admin && adding && (
        <AddPolicy
          onAdded={(r) => {
            setAdding(false);
            setAdded(r);
            reload();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {added && <PolicyAdded result={added} onClose={() => setAdded(null)} />}
      <ProblemAlert error={error} label="Policies failed" />
      {!data && !error && <Spinner />}
      {data && (
        <section className="card" aria-labelledby="policies-title">
          <div className="card-head">
            <h2 id="policies-title">{plural(data.length, 'policy version')}</h2>
            <span className="sub">latest start first</span>
          </div>
          {data.length === 0 ? (
            <Empty>No origin policy yet: every model is unchecked.</Empty>
          ) : (
            <div className="table-scroll">
              <table className="table" aria-label="Origin policy versions">
                <thead>
                  <tr>
                    <th scope="col">Policy</th>
                    <th scope="col">Effective</th>
                    <th scope="col">Countries of concern</th>
                    <th scope="col">Action</th>
                    <th scope="col">Source</th>
                    <th scope="col">Added</th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((p) => (
                    <PolicyRow key={p.id} policy={p} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}

function PolicyRow({ policy: p }: { policy: ModelPolicyVersion }) {
  const doc = p.policy as Partial<ModelPolicyInput>;
  return (
    <tr data-testid="policy-row" data-policy={`${p.policyId}@${p.version}`} data-in-force={p.inForce}>
      <td>
        <span className="mono strong-link">{p.policyId}</span> <span className="mono">{p.version}</span>
        {p.inForce && (
          <span className="badge mstatus-allowed mdl-in-force" data-testid="in-force">
            in force
          </span>
        )}
        <div>{p.title}</div>
        <div className="sub">{p.status}</div>
      </td>
      <td className="nowrap">
        from {p.effectiveFrom}
        <div className="sub">{p.effectiveTo ? `until ${p.effectiveTo} (exclusive)` : 'no end date'}</div>
      </td>
      <td>
        <span className="country-chips">
          {p.countries.map((c) => (
            <span key={c} className="badge country">
              {c}
            </span>
          ))}
        </span>
      </td>
      <td>
        {p.action}
        <div className="sub">
          unknown origin: {doc.unknownOrigin ?? 'review'}; min. confidence {doc.minConfidence ?? 0.6}; considers{' '}
          {(doc.consider ?? ['developer', 'architecture']).join(', ')}
        </div>
      </td>
      <td>
        <SourceRef source={p.source} />
      </td>
      <td className="nowrap sub">
        {fmtDate(p.addedAt)}
        <div>{p.addedBy}</div>
      </td>
    </tr>
  );
}

const POLICY_STATUSES = [
  'internal',
  'proposed',
  'final',
  'enacted',
  'eo',
  'program_notice',
] as const satisfies readonly NonNullable<ModelPolicyInput['status']>[];

function AddPolicy({ onAdded, onCancel }: { onAdded: (r: PolicyAddResult) => void; onCancel: () => void }) {
  const { api } = useSession();
  const ids = useId();
  const [f, setF] = useState({
    id: '',
    version: '',
    title: '',
    status: 'internal' as (typeof POLICY_STATUSES)[number],
    source: '',
    effectiveFrom: '',
    effectiveTo: '',
    countries: '',
    action: 'forbid' as 'forbid' | 'review',
    unknownOrigin: 'review' as 'allow' | 'review' | 'forbid',
    minConfidence: '0.6',
  });
  const { busy, error, run } = useAction();
  const field = (k: keyof typeof f) => ({
    id: `${ids}-${k}`,
    name: k,
    value: f[k],
    'aria-describedby': `${ids}-${k}-err`,
    onChange: (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value })),
  });
  const errs = (k: string) => <FieldErrors id={`${ids}-${k}-err`} messages={error?.fieldErrors(k) ?? []} />;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input: ModelPolicyInput = {
      id: f.id,
      version: f.version,
      title: f.title,
      status: f.status,
      source: f.source,
      effectiveFrom: f.effectiveFrom,
      ...(f.effectiveTo ? { effectiveTo: f.effectiveTo } : {}),
      countriesOfConcern: f.countries
        .split(/[\s,;]+/)
        .map((c) => c.trim())
        .filter(Boolean),
      action: f.action,
      unknownOrigin: f.unknownOrigin,
      minConfidence: Number(f.minConfidence),
    };
    const added = await run(() => api.addModelPolicy(input));
    if (added) onAdded(added);
  };
  const shown = [
    'id',
    'version',
    'title',
    'source',
    'effectiveFrom',
    'effectiveTo',
    'countriesOfConcern',
    'minConfidence',
  ];
  return (
    <form id="add-policy" className="card mdl-form" onSubmit={submit} aria-label="Add a policy version">
      <h2 className="card-title">
        Add a policy version{' '}
        <span className="muted">
          every registered model is checked against it; if it is in force today, their outcomes follow it
        </span>
      </h2>
      <div className="mdl-form-body mdl-policy-grid">
        <div className="field">
          <label htmlFor={`${ids}-id`}>Policy id</label>
          <input {...field('id')} placeholder="acme-model-origin" required />
          {errs('id')}
        </div>
        <div className="field">
          <label htmlFor={`${ids}-version`}>Version</label>
          <input {...field('version')} placeholder="2026-07" required />
          {errs('version')}
        </div>
        <div className="field span-2">
          <label htmlFor={`${ids}-title`}>Title</label>
          <input {...field('title')} placeholder="No models from countries of concern" required />
          {errs('title')}
        </div>
        <div className="field span-2">
          <label htmlFor={`${ids}-source`}>
            Source <span className="optional">a URL or a document reference (required)</span>
          </label>
          <input {...field('source')} placeholder="https://… or Board resolution 2026-14" />
          {errs('source')}
        </div>
        <div className="field">
          <label htmlFor={`${ids}-status`}>Legal status</label>
          <select {...field('status')}>
            {POLICY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-countries`}>
            Countries of concern <span className="optional">ISO alpha-2, comma separated</span>
          </label>
          <input
            {...field('countries')}
            aria-describedby={`${ids}-countriesOfConcern-err`}
            placeholder="CN, RU, IR, KP"
          />
          {errs('countriesOfConcern')}
        </div>
        <div className="field">
          <label htmlFor={`${ids}-effectiveFrom`}>Effective from</label>
          <input {...field('effectiveFrom')} type="date" required />
          {errs('effectiveFrom')}
        </div>
        <div className="field">
          <label htmlFor={`${ids}-effectiveTo`}>
            Effective to <span className="optional">exclusive, optional</span>
          </label>
          <input {...field('effectiveTo')} type="date" />
          {errs('effectiveTo')}
        </div>
        <div className="field">
          <label htmlFor={`${ids}-action`}>Action on a country of concern</label>
          <select {...field('action')}>
            <option value="forbid">forbid</option>
            <option value="review">review</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-unknownOrigin`}>When the origin is unknown</label>
          <select {...field('unknownOrigin')}>
            <option value="review">review</option>
            <option value="allow">allow</option>
            <option value="forbid">forbid</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-minConfidence`}>Minimum confidence</label>
          <input {...field('minConfidence')} type="number" min={0} max={1} step={0.05} />
          {errs('minConfidence')}
        </div>
      </div>
      <div className="mdl-form-body">
        <ProblemAlert error={error} label="The policy version was refused" shownFields={shown} />
        <div className="form-row mdl-form-row">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Adding…' : 'Add version and re-check models'}
          </button>
          <button type="button" className="btn btn-quiet" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </form>
  );
}

function PolicyAdded({ result: r, onClose }: { result: PolicyAddResult; onClose: () => void }) {
  return (
    <section className="card mdl-added" aria-labelledby="policy-added-title" data-testid="policy-added">
      <div className="card-head">
        <h2 id="policy-added-title">
          Added {r.policy.policyId} {r.policy.version}{' '}
          <span className="muted">
            {r.inForce
              ? `in force today: every model’s outcome follows the policies now in force`
              : `not in force today: models checked as of ${r.asOf} (a preview), their outcomes unchanged`}
          </span>
        </h2>
        <button type="button" className="btn btn-small btn-quiet" onClick={onClose}>
          Dismiss
        </button>
      </div>
      <div className="mdl-body">
        <p data-testid="reevaluated" data-count={r.reevaluated}>
          {plural(r.reevaluated, 'model')} re-checked as of {r.asOf}:{' '}
          <span data-testid="outcome-counts">
            {r.outcomes.forbidden} forbidden, {r.outcomes.flagged} flagged, {r.outcomes.allowed} allowed
          </span>
          .
        </p>
        {r.changed.length === 0 ? (
          <p className="muted">No model changed status.</p>
        ) : (
          <table className="table table-compact" aria-label="Models whose status changed">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
              </tr>
            </thead>
            <tbody>
              {r.changed.map((c) => (
                <tr key={c.modelId} data-testid="changed-row" data-model={c.modelId} data-to={c.to}>
                  <td>
                    <a href={href('models', c.modelId)}>{c.name}</a>
                  </td>
                  <td>
                    <ModelStatusBadge status={c.from} />
                  </td>
                  <td>
                    <ModelStatusBadge status={c.to} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

// ------------------------------------------------------------------ evaluation runs

function CliOnlyNotice() {
  return (
    <div className="notice mdl-cli" role="note" data-testid="cli-only">
      <strong>Runs start from the command line only.</strong> A run sends requests to the endpoint URL it is given;
      accepting that URL here would let the server be made to call internal addresses (server-side request forgery), so
      no page or API route starts one. On a machine you choose, run <code>{EVAL_RUN_COMMAND}</code>; it writes to the
      same store and the run appears here. Resume an interrupted run with{' '}
      <code>stackport models eval run --resume EVR-…</code>.
    </div>
  );
}

function EvaluationsView() {
  const { api } = useSession();
  const { data, error } = useLoad(useCallback(() => api.evaluations(200), [api]));
  useTitle('Evaluation runs · AI models');
  return (
    <>
      <CliOnlyNotice />
      <ProblemAlert error={error} label="Runs failed" />
      {!data && !error && <Spinner />}
      {data && (
        <section className="card" aria-labelledby="runs-title">
          <div className="card-head">
            <h2 id="runs-title">{plural(data.length, 'evaluation run')}</h2>
            <span className="sub">newest first · one run is one endpoint (URL + model name)</span>
          </div>
          {data.length === 0 ? (
            <Empty>No evaluation run yet.</Empty>
          ) : (
            <RunsTable runs={data} label="Evaluation runs" />
          )}
        </section>
      )}
    </>
  );
}

function RunStatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span className={`badge rstatus-${status}`} data-testid={testId} data-status={status}>
      {status}
    </span>
  );
}

function RunsTable({ runs, label }: { runs: readonly EvalRunSummary[]; label: string }) {
  return (
    <div className="table-scroll">
      <table className="table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Model @ endpoint</th>
            <th scope="col">Suites</th>
            <th scope="col" className="num">
              Items
            </th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Registered model</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} data-testid="run-row" data-run={r.id} data-status={r.status}>
              <td>
                <a href={href('models', 'runs', r.id)} className="strong-link mono">
                  {r.id}
                </a>
              </td>
              <td>
                <span data-testid="run-model">{r.model}</span>
                <div className="sub mono">{r.endpointUrl}</div>
              </td>
              <td className="sub">{r.suites.join(', ')}</td>
              <td className="num">{fmtInt(r.itemCount)}</td>
              <td>
                <RunStatusBadge status={r.status} />
              </td>
              <td className="nowrap sub">
                {fmtDate(r.startedAt)}
                {r.finishedAt && <div>finished {fmtDate(r.finishedAt)}</div>}
              </td>
              <td>
                {r.modelId ? (
                  <a href={href('models', r.modelId)} className="mono">
                    {r.modelId}
                  </a>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RunView({ id }: { id: string }) {
  const { api } = useSession();
  const { data: d, error } = useLoad(useCallback(() => api.evaluation(id), [api, id]));
  useTitle(d ? `${d.run.model} · Evaluation run` : 'Evaluation run');
  return (
    <div className="page">
      <ModelsCrumbs>
        <a href={`${href('models')}?view=evaluations`}>Evaluation runs</a>
        <span aria-current="page" className="mono">
          {id}
        </span>
      </ModelsCrumbs>
      <ProblemAlert error={error} label="Run failed" />
      {!d && !error && <Spinner />}
      {d && (
        <>
          <RunHead detail={d} />
          <Scores detail={d} />
          <Differences detail={d} />
          <Failed detail={d} />
        </>
      )}
    </div>
  );
}

function RunHead({ detail: d }: { detail: EvalRunDetail }) {
  const { api } = useSession();
  const dl = useDownload();
  const r = d.run;
  const cfg = r.config.run;
  return (
    <div className="page-head">
      <h1 data-testid="run-title">
        {r.model} <span className="h1-sub mono">@ {r.endpointUrl}</span>
      </h1>
      <div className="mdl-head-badges">
        <RunStatusBadge status={r.status} testId="run-status" />
        <span className="sub" data-testid="run-counts">
          {d.counts.items} items · {d.counts.answered} answered · {d.counts.failed} failed · {d.counts.missing} not yet
          asked
        </span>
        {r.modelId && (
          <span className="sub">
            evaluates{' '}
            <a href={href('models', r.modelId)} className="mono" data-testid="run-model-link">
              {r.modelId}
            </a>
          </span>
        )}
      </div>
      <p className="sub">
        run <span className="mono">{r.id}</span> · started {fmtDate(r.startedAt)} by {r.actor}
        {r.finishedAt ? ` · finished ${fmtDate(r.finishedAt)}` : ''} · suites {r.suites.join(', ')} · item bank SHA-256{' '}
        <span className="mono">{r.itemBankSha256}</span>
        {cfg && (
          <>
            {' '}
            · {cfg.languages?.length ? `languages ${cfg.languages.join(', ')}` : 'every language'}, concurrency{' '}
            {cfg.concurrency ?? 4}, timeout {cfg.timeoutMs ?? 120_000} ms, {cfg.retries ?? 2} retries
            {cfg.judge ? `, judge ${cfg.judge.model}` : ', no judge'}
            {cfg.endpoint?.apiKeyEnv ? ` · API key from $${cfg.endpoint.apiKeyEnv} (never stored)` : ''}
          </>
        )}
      </p>
      <div className="form-row mdl-downloads" data-testid="report">
        <span className="sub">Printable report with the caveats and the grader calibration:</span>
        <button
          type="button"
          className="btn btn-small"
          disabled={dl.busy}
          onClick={() => dl.download(() => api.evaluationReport(r.id, 'html'))}
        >
          Report (HTML)
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={dl.busy}
          onClick={() => dl.download(() => api.evaluationReport(r.id, 'pdf'))}
        >
          Report (PDF)
        </button>
        {dl.last && (
          <span className="sub" data-testid="downloaded">
            Downloaded {dl.last}
          </span>
        )}
      </div>
      <ProblemAlert error={dl.error} label="Download failed" />
      {(d.counts.missing > 0 || r.status !== 'completed') && (
        <p className="notice" data-testid="run-incomplete">
          The run is {r.status}: {plural(d.counts.missing, 'item')} not asked and {d.counts.failed} failed. Rates below
          cover answered items only.
        </p>
      )}
    </div>
  );
}

function Scores({ detail: d }: { detail: EvalRunDetail }) {
  return (
    <section className="card" aria-labelledby="scores-title" data-testid="scores">
      <div className="card-head">
        <h2 id="scores-title">
          Scores{' '}
          <span className="muted">
            per suite, item kind, metric and language: k/n, rate ± binomial SE, 95 % Wilson interval (means: sample SE);
            “all languages” rows use SEs clustered by question
          </span>
        </h2>
      </div>
      {d.scores.length === 0 ? (
        <Empty>No answered item yet.</Empty>
      ) : (
        <div className="table-scroll">
          <table className="table table-compact" aria-label="Scores">
            <thead>
              <tr>
                <th scope="col">Suite</th>
                <th scope="col">Kind</th>
                <th scope="col">Metric</th>
                <th scope="col">Language</th>
                <th scope="col" className="num">
                  k/n
                </th>
                <th scope="col" className="num">
                  Estimate ± SE
                </th>
                <th scope="col" className="num">
                  95 % CI
                </th>
              </tr>
            </thead>
            <tbody>
              {d.scores.map((s) => (
                <tr
                  key={`${s.suite}|${s.kind}|${s.metric}|${s.language}`}
                  data-testid="score-row"
                  data-suite={s.suite}
                  data-kind={s.kind}
                  data-metric={s.metric}
                  data-language={s.language}
                >
                  <td className="mono">{s.suite}</td>
                  <td>{s.kind}</td>
                  <td>{METRIC_LABEL[s.metric] ?? s.metric}</td>
                  <td>
                    {LANGUAGE_LABEL[s.language] ?? s.language}
                    {s.clusters !== undefined && <div className="sub">{plural(s.clusters, 'question')}</div>}
                  </td>
                  <td className="num" data-testid="score-kn">
                    {s.k !== undefined ? `${s.k}/${s.n}` : `n = ${s.n}`}
                  </td>
                  <td className="num nowrap" data-testid="score-estimate">
                    {pct(s.mean)} ± {pct(s.se)}
                  </td>
                  <td className="num nowrap" data-testid="score-ci">
                    {pct(s.ci.low)} – {pct(s.ci.high)}
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

function Differences({ detail: d }: { detail: EvalRunDetail }) {
  return (
    <section className="card" aria-labelledby="diff-title" data-testid="differences">
      <div className="card-head">
        <h2 id="diff-title">
          Language differences{' '}
          <span className="muted">
            paired by question: mean of (value in B − value in English) ± SE of the differences
          </span>
        </h2>
      </div>
      {d.differences.length === 0 ? (
        <Empty>No question was answered in English and in Chinese.</Empty>
      ) : (
        <div className="table-scroll">
          <table className="table table-compact" aria-label="Language differences">
            <thead>
              <tr>
                <th scope="col">Suite</th>
                <th scope="col">Metric</th>
                <th scope="col">Languages</th>
                <th scope="col" className="num">
                  Pairs
                </th>
                <th scope="col" className="num">
                  Difference ± SE
                </th>
                <th scope="col" className="num">
                  95 % CI
                </th>
              </tr>
            </thead>
            <tbody>
              {d.differences.map((x) => (
                <tr
                  key={`${x.suite}|${x.metric}|${x.a}|${x.b}`}
                  data-testid="difference-row"
                  data-suite={x.suite}
                  data-metric={x.metric}
                  data-b={x.b}
                >
                  <td className="mono">{x.suite}</td>
                  <td>{METRIC_LABEL[x.metric] ?? x.metric}</td>
                  <td>
                    {LANGUAGE_LABEL[x.b]} − {LANGUAGE_LABEL[x.a]}
                  </td>
                  <td className="num">{x.pairs}</td>
                  <td className="num nowrap" data-testid="difference-value">
                    {signedPp(x.difference)} ± {pct(x.se).replace(' %', ' pp')}
                  </td>
                  <td className="num nowrap">
                    {signedPp(x.ci.low)} – {signedPp(x.ci.high)}
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

function Failed({ detail: d }: { detail: EvalRunDetail }) {
  return (
    <section className="card" aria-labelledby="failed-title" data-testid="failed">
      <div className="card-head">
        <h2 id="failed-title">
          Failed and missing items{' '}
          <span className="muted">
            {d.errors.length} failed (timeouts, malformed bodies, HTTP errors: they count in no metric) ·{' '}
            {d.missing.length} not yet asked
          </span>
        </h2>
      </div>
      {d.errors.length === 0 && d.missing.length === 0 ? (
        <Empty>Every item has an answer.</Empty>
      ) : (
        <div className="mdl-body">
          {d.errors.length > 0 && (
            <table className="table table-compact" aria-label="Failed items">
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col" className="num">
                    Attempts
                  </th>
                  <th scope="col">Error</th>
                </tr>
              </thead>
              <tbody>
                {d.errors.map((x) => (
                  <tr key={x.itemId} data-testid="failed-row" data-item={x.itemId}>
                    <td className="mono">{x.itemId}</td>
                    <td className="num">{x.attempt}</td>
                    <td className="mdl-error">{x.error}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {d.missing.length > 0 && (
            <>
              <h3 className="sub">Not yet asked (resume the run from the CLI)</h3>
              <ul className="missing-list" data-testid="missing">
                {d.missing.map((m) => (
                  <li key={m}>
                    <code>{m}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
