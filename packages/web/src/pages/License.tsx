/**
 * The case editor: the facts of one transaction on the left, the live license determination on the
 * right (POST /api/v1/determine, debounced, nothing saved), and "Save as transaction" for analysts.
 */
import { type ReactNode, useCallback, useEffect, useId, useMemo, useState } from 'react';
import {
  type ApiError,
  type CataloguePart,
  type DeterminationResult,
  type EndUseKey,
  type ItemKind,
  type ListVersion,
  type PartyRole,
  type RulePackSummary,
  type TxKind,
  toApiError,
} from '../api';
import {
  ClassificationView,
  Exceptions,
  Flags,
  Headline,
  Layers,
  MissingFacts,
  Reasoning,
  RedFlags,
  Requirements,
  ReviewPolicy,
  RuleVersions,
  ScreeningGateView,
  SubjectToEar,
} from '../components/Determination';
import { FieldErrors, ProblemAlert, Spinner } from '../components/ui';
import { EXAMPLES } from '../examples';
import {
  type CaseForm,
  caseToForm,
  EL_FOOTNOTES,
  END_USES,
  emptyCase,
  emptyParty,
  emptyPerfRow,
  errorsAt,
  FOOTNOTE_LABEL,
  formToCase,
  ITEM_KINDS,
  normPath,
  PARTY_ROLES,
  type PartyForm,
  type PerfRow,
  PRECISION_BITS,
  ROLE_LABEL,
  readyToDetermine,
  type SpecForm,
  specToForm,
  type Tri,
  TX_KIND_LABEL,
  TX_KINDS,
} from '../licensing';
import { href } from '../router';
import { useSession } from '../session';

const DEBOUNCE_MS = 400;
const TOP_FIELDS = [
  'item',
  'quantity',
  'valueUsd',
  'transactionKind',
  'shipFrom',
  'destination',
  'shipDate',
  'parties',
  'endUse',
  'usContent',
  'certifications',
  'notes',
] as const;

const CATEGORY_LABEL: Record<string, string> = {
  accelerator: 'Accelerators',
  'gpu-consumer': 'Consumer GPUs',
  hbm: 'HBM',
  system: 'Systems',
  sme: 'Semiconductor manufacturing equipment',
  model: 'AI model weights',
};

const today = () => new Date().toISOString().slice(0, 10);

/** Props that tie an input to its label, its errors and its problem path. */
function fieldProps(base: string, path: string, errs: readonly string[]) {
  const id = `${base}-${path.replace(/\./g, '-')}`;
  return {
    id,
    'data-path': path,
    'aria-invalid': errs.length > 0 || undefined,
    'aria-describedby': errs.length > 0 ? `${id}-err` : undefined,
  } as const;
}

function Field({
  base,
  path,
  label,
  optional,
  errs,
  className = '',
  hint,
  children,
}: {
  base: string;
  path: string;
  label: ReactNode;
  optional?: string;
  errs: readonly string[];
  className?: string;
  hint?: ReactNode;
  children: (props: ReturnType<typeof fieldProps>) => ReactNode;
}) {
  const props = fieldProps(base, path, errs);
  return (
    <div className={`field ${className}`}>
      <label htmlFor={props.id}>
        {label} {optional && <span className="optional">{optional}</span>}
      </label>
      {children(props)}
      {hint && <p className="hint">{hint}</p>}
      <FieldErrors id={`${props.id}-err`} messages={errs} />
    </div>
  );
}

/** Yes / no / unknown as a segmented radio group; unknown leaves the fact out of the case file. */
function TriState({
  base,
  path,
  label,
  value,
  onChange,
  hint,
  errs = [],
}: {
  base: string;
  path: string;
  label: ReactNode;
  value: Tri;
  onChange: (t: Tri) => void;
  hint?: string;
  errs?: readonly string[];
}) {
  const name = `${base}-${path.replace(/\./g, '-')}`;
  return (
    <fieldset className="tri" data-path={path} title={hint}>
      <legend>{label}</legend>
      <div className="tri-options">
        {(['yes', 'no', 'unknown'] as const).map((t) => (
          <label key={t} className={`tri-option tri-${t}`}>
            <input
              type="radio"
              name={name}
              value={t}
              checked={value === t}
              onChange={() => onChange(t)}
              aria-invalid={errs.length > 0 || undefined}
            />
            {t}
          </label>
        ))}
      </div>
      <FieldErrors id={`${name}-err`} messages={errs} />
    </fieldset>
  );
}

function countryInput(value: string, onChange: (v: string) => void) {
  return {
    value,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value.toUpperCase()),
    maxLength: 3,
    autoComplete: 'off',
    spellCheck: false,
    className: 'mono',
  };
}

export function LicensePage() {
  const { api } = useSession();
  const base = useId();
  const [form, setForm] = useState<CaseForm>(() => emptyCase(today()));
  const [parts, setParts] = useState<readonly CataloguePart[] | null>(null);
  const [partsError, setPartsError] = useState<ApiError | null>(null);
  const [rules, setRules] = useState<RulePackSummary | null>(null);
  const [versions, setVersions] = useState<ReadonlyMap<string, ListVersion>>(new Map());
  const [result, setResult] = useState<DeterminationResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);
  const [example, setExample] = useState(EXAMPLES[0]?.id ?? '');
  const [reference, setReference] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError | null>(null);

  useEffect(() => {
    api
      .parts()
      .then(setParts)
      .catch((e: unknown) => setPartsError(toApiError(e)));
    api
      .rules()
      .then(setRules)
      .catch(() => undefined);
    api
      .lists()
      .then((vs) => setVersions(new Map(vs.map((v) => [v.id, v]))))
      .catch(() => undefined);
  }, [api]);

  const caseFile = useMemo(() => formToCase(form), [form]);
  const caseJson = useMemo(() => JSON.stringify(caseFile, null, 2), [caseFile]);
  const ready = readyToDetermine(form);

  // Live determination: debounce, cancel the previous request, keep only the latest answer.
  useEffect(() => {
    if (!ready) {
      setResult(null);
      setError(null);
      setPending(false);
      return;
    }
    const ctrl = new AbortController();
    setPending(true);
    const timer = setTimeout(() => {
      api
        .determine(JSON.parse(caseJson), ctrl.signal)
        .then((r) => {
          if (ctrl.signal.aborted) return;
          setResult(r);
          setError(null);
          setPending(false);
        })
        .catch((e: unknown) => {
          if (ctrl.signal.aborted) return;
          setError(toApiError(e));
          setResult(null);
          setPending(false);
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [api, caseJson, ready]);

  const set = useCallback(<K extends keyof CaseForm>(k: K, v: CaseForm[K]) => setForm((f) => ({ ...f, [k]: v })), []);
  const setSpec = (patch: Partial<SpecForm>) => setForm((f) => ({ ...f, spec: { ...f.spec, ...patch } }));
  const setParty = (key: number, patch: Partial<PartyForm>) =>
    setForm((f) => ({ ...f, parties: f.parties.map((p) => (p.key === key ? { ...p, ...patch } : p)) }));
  const setPerf = (key: number, patch: Partial<PerfRow>) =>
    setSpec({ perf: form.spec.perf.map((r) => (r.key === key ? { ...r, ...patch } : r)) });

  const errs = (path: string) => errorsAt(error, path);
  const selectedPart = parts?.find((p) => p.id === form.partId);

  function loadExample() {
    const ex = EXAMPLES.find((e) => e.id === example);
    if (!ex) return;
    setForm(caseToForm(ex.caseFile));
    setSaveError(null);
  }

  function switchItemMode(mode: 'part' | 'spec') {
    setForm((f) => {
      if (mode === f.itemMode) return f;
      // Starting a spec from the chosen part saves typing its figures again.
      const fromPart = mode === 'spec' && selectedPart && !f.spec.name && !f.spec.perf.some((r) => r.tops);
      return {
        ...f,
        itemMode: mode,
        ...(fromPart
          ? { spec: specToForm({ ...selectedPart.spec, name: selectedPart.spec.name ?? selectedPart.name }) }
          : {}),
      };
    });
  }

  function focusFact(path: string) {
    const el =
      document.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`) ??
      document.querySelector<HTMLElement>(`[data-path="${CSS.escape(path.split(' ')[0] ?? '')}"]`);
    if (!el) return;
    el.scrollIntoView({ block: 'center' });
    (el.matches('input, select, textarea') ? el : el.querySelector<HTMLElement>('input, select, textarea'))?.focus();
  }

  async function save() {
    setSaving(true);
    setSaveError(null);
    try {
      const r = await api.saveTransaction(caseFile, reference.trim() || undefined);
      if (r.transactionId) window.location.hash = href('transactions', r.transactionId);
    } catch (e) {
      setSaveError(toApiError(e));
    } finally {
      setSaving(false);
    }
  }

  const byCategory = useMemo(() => {
    const m = new Map<string, CataloguePart[]>();
    for (const p of parts ?? []) m.set(p.category, [...(m.get(p.category) ?? []), p]);
    return [...m.entries()];
  }, [parts]);

  // Item errors not shown at a spec field are shown under the item as a whole.
  const specPaths = ['item.spec.kind', 'item.spec.name', 'item.spec.nonPlanarLogicDieAreaMm2', 'item.spec.datacenter'];
  const itemRest = (error?.errors ?? [])
    .filter((e) => {
      const p = normPath(e.path);
      if (!(p === 'item' || p.startsWith('item.'))) return false;
      if (form.itemMode === 'part') return false;
      return !(
        specPaths.includes(p) ||
        p.startsWith('item.spec.performance') ||
        p.startsWith('item.spec.totalDramBandwidthGBs') ||
        p.startsWith('item.spec.eccn') ||
        p.startsWith('item.spec.sme')
      );
    })
    .map((e) => e.message);

  return (
    <div className="page license-page">
      <div className="page-head page-head-row">
        <div>
          <h1>License determination</h1>
          <p className="lede">
            Describe the transaction; the determination updates as you type (nothing is saved). It answers, for the ship
            date: is a BIS license required, under which review policy, and can an exception apply, with every finding
            cited. Not legal advice.
            {rules && (
              <>
                {' '}
                Rule pack <code data-testid="rule-pack">{`${rules.id}@${rules.version}`}</code>, as of {rules.asOf}.
              </>
            )}
          </p>
        </div>
        <div className="toolbar">
          <label className="sr-only" htmlFor={`${base}-example`}>
            Example case
          </label>
          <select id={`${base}-example`} value={example} onChange={(e) => setExample(e.target.value)}>
            {EXAMPLES.map((e) => (
              <option key={e.id} value={e.id}>
                {e.title}
              </option>
            ))}
          </select>
          <button type="button" className="btn" onClick={loadExample}>
            Load example
          </button>
          <button
            type="button"
            className="btn btn-quiet"
            onClick={() => {
              setForm(emptyCase(today()));
              setSaveError(null);
            }}
          >
            New case
          </button>
        </div>
      </div>

      <div className="license-layout">
        <form
          className="card case-form"
          aria-label="Case file"
          noValidate
          onSubmit={(e) => e.preventDefault()}
          data-testid="case-form"
        >
          {/* ------------------------------------------------------------ item */}
          <fieldset className="form-section" data-path="item">
            <legend>Item</legend>
            <div className="segmented" role="radiogroup" aria-label="Item source">
              <label className="choice">
                <input
                  type="radio"
                  name={`${base}-item-mode`}
                  checked={form.itemMode === 'part'}
                  onChange={() => switchItemMode('part')}
                />
                From the catalogue
              </label>
              <label className="choice">
                <input
                  type="radio"
                  name={`${base}-item-mode`}
                  checked={form.itemMode === 'spec'}
                  onChange={() => switchItemMode('spec')}
                />
                Enter a spec
              </label>
            </div>
            {form.itemMode === 'part' ? (
              <div className="form-grid">
                <Field base={base} path="item.partId" label="Catalogue part" errs={errs('item')} className="span-all">
                  {(p) => (
                    <select {...p} value={form.partId} onChange={(e) => set('partId', e.target.value)}>
                      <option value="">{parts ? 'Choose a part…' : 'Loading the catalogue…'}</option>
                      {byCategory.map(([cat, ps]) => (
                        <optgroup key={cat} label={CATEGORY_LABEL[cat] ?? cat}>
                          {ps.map((part) => (
                            <option key={part.id} value={part.id}>
                              {part.manufacturer} {part.name}
                            </option>
                          ))}
                        </optgroup>
                      ))}
                      {form.partId && parts && !selectedPart && (
                        <option value={form.partId}>{form.partId} (not in the catalogue)</option>
                      )}
                    </select>
                  )}
                </Field>
                <ProblemAlert error={partsError} label="Catalogue failed" />
                {selectedPart && (
                  <div className="part-facts span-all" data-testid="part-facts">
                    <span className="badge category">
                      {CATEGORY_LABEL[selectedPart.category] ?? selectedPart.category}
                    </span>
                    <code>{selectedPart.id}</code>
                    <span className="sub">
                      {selectedPart.spec.kind}
                      {selectedPart.spec.datacenter !== undefined &&
                        ` · datacenter: ${selectedPart.spec.datacenter ? 'yes' : 'no'}`}
                      {selectedPart.spec.nonPlanarLogicDieAreaMm2 !== undefined &&
                        ` · die ${selectedPart.spec.nonPlanarLogicDieAreaMm2} mm²`}
                      {selectedPart.spec.totalDramBandwidthGBs !== undefined &&
                        ` · DRAM ${selectedPart.spec.totalDramBandwidthGBs} GB/s`}
                    </span>
                  </div>
                )}
              </div>
            ) : (
              <SpecFields
                base={base}
                spec={form.spec}
                setSpec={setSpec}
                setPerf={setPerf}
                errs={errs}
                rest={itemRest}
              />
            )}
          </fieldset>

          {/* ------------------------------------------------------------ transaction */}
          <fieldset className="form-section">
            <legend>Transaction</legend>
            <p className="hint">Countries are ISO 3166-1 alpha-2 codes (US, CN, DE); Hong Kong is treated as CN.</p>
            <div className="form-grid">
              <Field base={base} path="quantity" label="Quantity" errs={errs('quantity')}>
                {(p) => (
                  <input
                    {...p}
                    inputMode="numeric"
                    value={form.quantity}
                    onChange={(e) => set('quantity', e.target.value)}
                  />
                )}
              </Field>
              <Field base={base} path="valueUsd" label="Value" optional="USD" errs={errs('valueUsd')}>
                {(p) => (
                  <input
                    {...p}
                    inputMode="decimal"
                    value={form.valueUsd}
                    onChange={(e) => set('valueUsd', e.target.value)}
                  />
                )}
              </Field>
              <Field
                base={base}
                path="transactionKind"
                label="Transaction kind"
                errs={errs('transactionKind')}
                className="span-2"
              >
                {(p) => (
                  <select
                    {...p}
                    value={form.transactionKind}
                    onChange={(e) => set('transactionKind', e.target.value as TxKind)}
                  >
                    {TX_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {TX_KIND_LABEL[k]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field base={base} path="shipFrom" label="Ship from" errs={errs('shipFrom')}>
                {(p) => <input {...p} {...countryInput(form.shipFrom, (v) => set('shipFrom', v))} />}
              </Field>
              <Field base={base} path="destination" label="Destination" errs={errs('destination')}>
                {(p) => (
                  <input
                    {...p}
                    {...countryInput(form.destination, (v) => set('destination', v))}
                    placeholder="e.g. AE"
                  />
                )}
              </Field>
              <Field base={base} path="shipDate" label="Ship date" errs={errs('shipDate')} className="span-2">
                {(p) => (
                  <input {...p} type="date" value={form.shipDate} onChange={(e) => set('shipDate', e.target.value)} />
                )}
              </Field>
            </div>
          </fieldset>

          {/* ------------------------------------------------------------ parties */}
          <fieldset className="form-section">
            <legend>Parties</legend>
            <p className="hint">
              Every party is screened against the active lists. Leave a headquarters blank when it is unknown.
            </p>
            {form.parties.length === 0 && <p className="hint">No parties: add the end user and consignees.</p>}
            {form.parties.map((party, i) => (
              <PartyCard
                key={party.key}
                base={base}
                index={i}
                party={party}
                setParty={(patch) => setParty(party.key, patch)}
                remove={() => setForm((f) => ({ ...f, parties: f.parties.filter((p) => p.key !== party.key) }))}
                errs={errs}
              />
            ))}
            <button
              type="button"
              className="btn btn-small"
              onClick={() => setForm((f) => ({ ...f, parties: [...f.parties, emptyParty()] }))}
            >
              + Add party
            </button>
          </fieldset>

          {/* ------------------------------------------------------------ end use */}
          <fieldset className="form-section">
            <legend>End-use knowledge</legend>
            <p className="hint">
              <strong>yes</strong>: you know of that end use; <strong>no</strong>: known not; <strong>unknown</strong>:
              left out, and any rule that turns on it answers unknown.
            </p>
            <div className="tri-grid">
              {END_USES.map((u) => (
                <TriState
                  key={u.key}
                  base={base}
                  path={`endUse.${u.key}`}
                  label={u.label}
                  hint={u.hint}
                  value={form.endUse[u.key]}
                  onChange={(t) => set('endUse', { ...form.endUse, [u.key as EndUseKey]: t })}
                  errs={errs(`endUse.${u.key}`)}
                />
              ))}
            </div>
          </fieldset>

          {/* ------------------------------------------------------------ US content, certifications */}
          <fieldset className="form-section">
            <legend>US content and certifications</legend>
            <div className="tri-grid">
              <TriState
                base={base}
                path="usContent.usOriginItem"
                label="US-origin item"
                value={form.usOriginItem ? 'yes' : 'no'}
                onChange={(t) => set('usOriginItem', t !== 'no')}
                errs={errs('usContent.usOriginItem')}
              />
              <TriState
                base={base}
                path="certifications.h200PathCertifications"
                label="H200-path certifications"
                hint="Supp. 2 to Part 748 ¶(dd) information and the FR 2026-00789 certifications"
                value={form.h200}
                onChange={(t) => set('h200', t)}
                errs={errs('certifications')}
              />
            </div>
            {!form.usOriginItem && (
              <div className="form-grid">
                <Field
                  base={base}
                  path="usContent.usControlledContentPct"
                  label="US controlled content"
                  optional="% of value"
                  errs={errs('usContent.usControlledContentPct')}
                  className="span-2"
                >
                  {(p) => (
                    <input
                      {...p}
                      inputMode="decimal"
                      value={form.usPct}
                      onChange={(e) => set('usPct', e.target.value)}
                    />
                  )}
                </Field>
                <div className="span-2">
                  <TriState
                    base={base}
                    path="usContent.foreignProducedFromUsTechnology"
                    label="Direct product of US technology"
                    value={form.fdp}
                    onChange={(t) => set('fdp', t)}
                    errs={errs('usContent.foreignProducedFromUsTechnology')}
                  />
                </div>
              </div>
            )}
            <FieldErrors
              id={`${base}-uscontent-err`}
              messages={errsExcept(error, 'usContent', [
                'usContent.usOriginItem',
                'usContent.usControlledContentPct',
                'usContent.foreignProducedFromUsTechnology',
              ])}
            />
            <Field base={base} path="notes" label="Notes" optional="not read by the engine" errs={errs('notes')}>
              {(p) => <textarea {...p} rows={2} value={form.notes} onChange={(e) => set('notes', e.target.value)} />}
            </Field>
          </fieldset>

          <details className="case-json">
            <summary>Case file JSON</summary>
            <pre data-testid="case-json">{caseJson}</pre>
          </details>
        </form>

        {/* ------------------------------------------------------------ live determination */}
        <div
          className="card result-pane"
          aria-live="polite"
          aria-busy={pending || undefined}
          data-state={!ready ? 'idle' : pending ? 'pending' : error ? 'error' : 'ready'}
          data-testid="live-determination"
        >
          <div className="card-head result-head">
            <h2>Determination</h2>
            <span className="sub">{pending ? 'Updating…' : result ? 'Live — not saved' : ''}</span>
          </div>
          {!ready && (
            <p className="empty">Choose an item and a destination (or load an example) to see the determination.</p>
          )}
          {ready && !result && !error && <Spinner label="Determining…" />}
          {error && (
            <div className="result-error">
              <ProblemAlert error={error} shownFields={TOP_FIELDS} label="Determination failed" />
              <p className="hint">The problems are shown next to their fields.</p>
            </div>
          )}
          {result && (
            <div className={`result ${pending ? 'result-stale' : ''}`}>
              <Headline result={result} />
              <Layers d={result.determination} />
              <ScreeningGateView gate={result.screening} versions={versions} />
              <Requirements d={result.determination} cf={caseFile} />
              <ReviewPolicy d={result.determination} cf={caseFile} />
              <Exceptions d={result.determination} />
              <RedFlags d={result.determination} />
              <Flags d={result.determination} />
              <MissingFacts d={result.determination} cf={caseFile} onFact={focusFact} />
              <SubjectToEar d={result.determination} />
              <ClassificationView c={result.classification} />
              <Reasoning d={result.determination} />
              <details className="det-details">
                <summary>Rule versions used ({result.determination.ruleVersions.length})</summary>
                <RuleVersions d={result.determination} />
              </details>

              <section className="save-box" aria-labelledby={`${base}-save`}>
                <h2 id={`${base}-save`}>Save as transaction</h2>
                <p className="hint">
                  Stores the case and this determination with the rule pack and list versions, for a review record
                  (analyst role). The save is recorded in the audit log.
                </p>
                <div className="form-row save-row">
                  <div className="field field-grow">
                    <label htmlFor={`${base}-reference`}>
                      Reference <span className="optional">e.g. your order number</span>
                    </label>
                    <input
                      id={`${base}-reference`}
                      value={reference}
                      maxLength={200}
                      onChange={(e) => setReference(e.target.value)}
                      autoComplete="off"
                    />
                  </div>
                  <div className="field field-action">
                    <button
                      type="button"
                      className="btn btn-primary"
                      onClick={save}
                      disabled={saving || pending || !result}
                    >
                      {saving ? 'Saving…' : 'Save as transaction'}
                    </button>
                  </div>
                </div>
                <ProblemAlert error={saveError} label="Save failed" />
              </section>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

function errsExcept(error: ApiError | null, prefix: string, shown: readonly string[]): string[] {
  return errorsAt(error, prefix).length === 0
    ? []
    : (error?.errors ?? [])
        .filter((e) => {
          const p = normPath(e.path);
          return (p === prefix || p.startsWith(`${prefix}.`)) && !shown.some((s) => p === s || p.startsWith(`${s}.`));
        })
        .map((e) => e.message);
}

function SpecFields({
  base,
  spec,
  setSpec,
  setPerf,
  errs,
  rest,
}: {
  base: string;
  spec: SpecForm;
  setSpec: (patch: Partial<SpecForm>) => void;
  setPerf: (key: number, patch: Partial<PerfRow>) => void;
  errs: (path: string) => string[];
  rest: readonly string[];
}) {
  const computeLike = spec.kind === 'integrated-circuit' || spec.kind === 'computer';
  return (
    <div className="spec">
      <div className="form-grid">
        <Field base={base} path="item.spec.kind" label="Kind" errs={errs('item.spec.kind')} className="span-2">
          {(p) => (
            <select {...p} value={spec.kind} onChange={(e) => setSpec({ kind: e.target.value as ItemKind })}>
              {ITEM_KINDS.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          base={base}
          path="item.spec.name"
          label="Name"
          optional="optional"
          errs={errs('item.spec.name')}
          className="span-2"
        >
          {(p) => <input {...p} value={spec.name} onChange={(e) => setSpec({ name: e.target.value })} />}
        </Field>
      </div>
      {computeLike && (
        <>
          <table className="table table-compact perf-table" aria-label="Peak throughput per precision">
            <thead>
              <tr>
                <th scope="col">Precision</th>
                <th scope="col">Bits</th>
                <th scope="col">TOPS / TFLOPS</th>
                <th scope="col">Sparse</th>
                <th scope="col">
                  <span className="sr-only">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {spec.perf.map((r, i) => {
                const path = `item.spec.performance.${i}`;
                const e = errs(path);
                return (
                  <tr key={r.key} data-testid="perf-row">
                    <td>
                      <input
                        aria-label={`Precision ${i + 1}`}
                        data-path={`${path}.precision`}
                        value={r.precision}
                        list={`${base}-precisions`}
                        onChange={(ev) => {
                          const precision = ev.target.value.toUpperCase();
                          const bits = PRECISION_BITS[precision];
                          setPerf(r.key, { precision, ...(bits ? { bitLength: String(bits) } : {}) });
                        }}
                        aria-invalid={e.length > 0 || undefined}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`Bit length ${i + 1}`}
                        data-path={`${path}.bitLength`}
                        inputMode="numeric"
                        value={r.bitLength}
                        onChange={(ev) => setPerf(r.key, { bitLength: ev.target.value })}
                        aria-invalid={errs(`${path}.bitLength`).length > 0 || undefined}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`TOPS ${i + 1}`}
                        data-path={`${path}.tops`}
                        inputMode="decimal"
                        value={r.tops}
                        onChange={(ev) => setPerf(r.key, { tops: ev.target.value })}
                        aria-invalid={errs(`${path}.tops`).length > 0 || undefined}
                      />
                      {e.length > 0 && <div className="field-error">{e.join('; ')}</div>}
                    </td>
                    <td className="center">
                      <input
                        type="checkbox"
                        aria-label={`Sparse figure ${i + 1}`}
                        checked={r.sparse}
                        onChange={(ev) => setPerf(r.key, { sparse: ev.target.checked })}
                      />
                    </td>
                    <td>
                      <button
                        type="button"
                        className="btn btn-quiet btn-small"
                        aria-label={`Remove precision ${i + 1}`}
                        onClick={() => setSpec({ perf: spec.perf.filter((x) => x.key !== r.key) })}
                      >
                        ×
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <datalist id={`${base}-precisions`}>
            {Object.keys(PRECISION_BITS).map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
          <button
            type="button"
            className="btn btn-small add-row"
            onClick={() => setSpec({ perf: [...spec.perf, emptyPerfRow('FP16')] })}
          >
            + Add precision
          </button>
          <p className="hint">Figures as the datasheet states them; tick “sparse” for sparsity figures (halved).</p>
          <div className="form-grid">
            <Field
              base={base}
              path="item.spec.nonPlanarLogicDieAreaMm2"
              label="Logic die area"
              optional="mm², non-planar"
              errs={errs('item.spec.nonPlanarLogicDieAreaMm2')}
              className="span-2"
            >
              {(p) => (
                <input
                  {...p}
                  inputMode="decimal"
                  value={spec.dieArea}
                  onChange={(e) => setSpec({ dieArea: e.target.value })}
                />
              )}
            </Field>
            <Field
              base={base}
              path="item.spec.totalDramBandwidthGBs"
              label="DRAM bandwidth"
              optional="GB/s"
              errs={errs('item.spec.totalDramBandwidthGBs')}
              className="span-2"
            >
              {(p) => (
                <input
                  {...p}
                  inputMode="decimal"
                  value={spec.dram}
                  onChange={(e) => setSpec({ dram: e.target.value })}
                />
              )}
            </Field>
          </div>
          <TriState
            base={base}
            path="item.spec.datacenter"
            label="Designed or marketed for datacenters"
            value={spec.datacenter}
            onChange={(t) => setSpec({ datacenter: t })}
            errs={errs('item.spec.datacenter')}
          />
        </>
      )}
      {(spec.kind === 'sme' || spec.kind === 'other') && (
        <div className="form-grid">
          <Field
            base={base}
            path={spec.kind === 'sme' ? 'item.spec.sme.eccn' : 'item.spec.eccn'}
            label="ECCN as determined"
            optional={spec.kind === 'sme' ? 'e.g. 3B001.c.1.a' : 'e.g. 5A992.c or EAR99'}
            errs={errs(spec.kind === 'sme' ? 'item.spec.sme' : 'item.spec.eccn')}
            className="span-all"
          >
            {(p) => (
              <input {...p} className="mono" value={spec.eccn} onChange={(e) => setSpec({ eccn: e.target.value })} />
            )}
          </Field>
        </div>
      )}
      {Object.keys(spec.rest).filter((k) => k !== 'partId' && k !== 'sources').length > 0 && (
        <p className="hint">
          Also kept from the loaded spec:{' '}
          {Object.keys(spec.rest)
            .filter((k) => k !== 'partId' && k !== 'sources')
            .join(', ')}
          .
        </p>
      )}
      <FieldErrors id={`${base}-item-err`} messages={rest} />
    </div>
  );
}

function PartyCard({
  base,
  index,
  party,
  setParty,
  remove,
  errs,
}: {
  base: string;
  index: number;
  party: PartyForm;
  setParty: (patch: Partial<PartyForm>) => void;
  remove: () => void;
  errs: (path: string) => string[];
}) {
  const path = `parties.${index}`;
  const b = `${base}-p${party.key}`;
  const shown = ['role', 'name', 'country', 'headquarters', 'ultimateParentHeadquarters'].map((f) => `${path}.${f}`);
  const rest = errs(path).length ? errs(path).filter((m) => !shown.some((s) => errs(s).includes(m))) : [];
  return (
    <section className="party-card" data-testid="party-card" aria-label={`Party ${index + 1}`}>
      <div className="party-head">
        <strong>Party {index + 1}</strong>
        <button
          type="button"
          className="btn btn-quiet btn-small"
          onClick={remove}
          aria-label={`Remove party ${index + 1}`}
        >
          Remove
        </button>
      </div>
      <div className="form-grid">
        <Field base={b} path={`${path}.role`} label="Role" errs={errs(`${path}.role`)} className="span-2">
          {(p) => (
            <select {...p} value={party.role} onChange={(e) => setParty({ role: e.target.value as PartyRole })}>
              {PARTY_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABEL[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field base={b} path={`${path}.name`} label="Name" errs={errs(`${path}.name`)} className="span-2">
          {(p) => (
            <input {...p} value={party.name} onChange={(e) => setParty({ name: e.target.value })} autoComplete="off" />
          )}
        </Field>
        <Field base={b} path={`${path}.country`} label="Country" errs={errs(`${path}.country`)}>
          {(p) => <input {...p} {...countryInput(party.country, (v) => setParty({ country: v }))} />}
        </Field>
        <Field base={b} path={`${path}.headquarters`} label="Headquarters" errs={errs(`${path}.headquarters`)}>
          {(p) => (
            <input
              {...p}
              {...countryInput(party.headquarters, (v) => setParty({ headquarters: v }))}
              placeholder="unknown"
            />
          )}
        </Field>
        <Field
          base={b}
          path={`${path}.ultimateParentHeadquarters`}
          label="Ultimate parent HQ"
          errs={errs(`${path}.ultimateParentHeadquarters`)}
          className="span-2"
        >
          {(p) => (
            <input
              {...p}
              {...countryInput(party.ultimateParentHeadquarters, (v) => setParty({ ultimateParentHeadquarters: v }))}
              placeholder="unknown; own HQ if none"
            />
          )}
        </Field>
      </div>
      <div className="party-flags">
        <label className="check" data-path={`${path}.entityList`}>
          <input
            type="checkbox"
            checked={party.entityListed}
            onChange={(e) => setParty({ entityListed: e.target.checked })}
          />
          On the Entity List
        </label>
        <label className="check" data-path={`${path}.meu`}>
          <input type="checkbox" checked={party.meu} onChange={(e) => setParty({ meu: e.target.checked })} />
          MEU List
        </label>
        <label className="check" data-path={`${path}.supp8ApprovedUae`}>
          <input type="checkbox" checked={party.supp8} onChange={(e) => setParty({ supp8: e.target.checked })} />
          Supp. 8 approved UAE entity
        </label>
      </div>
      {party.entityListed && (
        <div className="el-box">
          <div className="form-grid">
            <Field base={b} path={`${path}.entityList.entry`} label="Entry as listed" errs={[]} className="span-all">
              {(p) => (
                <input
                  {...p}
                  value={party.elEntry}
                  placeholder={party.name || 'name as in Supp. 4 to Part 744'}
                  onChange={(e) => setParty({ elEntry: e.target.value })}
                />
              )}
            </Field>
          </div>
          <fieldset className="footnotes">
            <legend>Footnotes</legend>
            {EL_FOOTNOTES.map((n) => (
              <label key={n} className="check">
                <input
                  type="checkbox"
                  checked={party.elFootnotes.includes(n)}
                  onChange={(e) =>
                    setParty({
                      elFootnotes: e.target.checked
                        ? [...party.elFootnotes, n]
                        : party.elFootnotes.filter((x) => x !== n),
                    })
                  }
                />
                {FOOTNOTE_LABEL[n]}
              </label>
            ))}
          </fieldset>
          <div className="form-grid">
            <Field
              base={b}
              path={`${path}.entityList.licensePolicy`}
              label="License review policy"
              optional="from the entry"
              errs={[]}
              className="span-all"
            >
              {(p) => (
                <input
                  {...p}
                  value={party.elPolicy}
                  placeholder="e.g. Presumption of denial"
                  onChange={(e) => setParty({ elPolicy: e.target.value })}
                />
              )}
            </Field>
          </div>
        </div>
      )}
      {party.ownedByListed && (
        <p className="hint">
          Owned by listed parties: {String(party.ownedByListed.share)}
          {party.ownedByListed.owner ? ` (${party.ownedByListed.owner})` : ''} (kept from the loaded case).
        </p>
      )}
      <FieldErrors id={`${b}-rest-err`} messages={rest} />
    </section>
  );
}
