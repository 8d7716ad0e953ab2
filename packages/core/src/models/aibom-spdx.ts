/**
 * SPDX 3.0.1 AI bill of materials (JSON-LD with the published context): an `SpdxDocument` whose root is one
 * `ai_AIPackage`, the inferred developer as an `Organization` (originatedBy, suppliedBy), every file as a
 * `software_File` with its SHA-256 linked by a `contains` relationship, declared base models as `ancestorOf`
 * packages, and the declared and concluded licences the AI profile requires (NoAssertion when unknown).
 * @module
 */
import { isHttpUrl, licenseRef, reportUuid, spdxLicenseId } from './aibom-common.js';
import type { AibomOptions } from './aibom-cyclonedx.js';
import type { ModelScanReport } from './analyse.js';

export const SPDX_CONTEXT = 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld';
export const SPDX_NOASSERTION_LICENSE = 'https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoAssertionLicense';

type Json = Record<string, unknown>;

/** SPDX 3 DateTime: UTC, whole seconds, `Z`. */
export const spdxTime = (iso: string) => `${iso.slice(0, 19)}Z`;

export function buildSpdxAibom(report: ModelScanReport, opts: AibomOptions): Json {
  const { summary, fingerprint: fp, flags, signals } = report.analysis;
  const ns = `https://stackport.dev/spdx/${reportUuid(report)}`;
  const ci = '_:creationinfo';
  const id = (local: string) => `${ns}#${local}`;
  const graph: Json[] = [];
  const elements: string[] = [];
  const add = (e: Json) => {
    graph.push(e);
    elements.push(e.spdxId as string);
  };
  const agent = id('stackport');
  const tool = id('stackport-tool');
  graph.push({
    type: 'CreationInfo',
    '@id': ci,
    specVersion: '3.0.1',
    created: spdxTime(report.scannedAt),
    createdBy: [agent],
    createdUsing: [tool],
  });
  add({ type: 'SoftwareAgent', spdxId: agent, creationInfo: ci, name: 'Stackport model scanner' });
  add({ type: 'Tool', spdxId: tool, creationInfo: ci, name: `stackport ${opts.toolVersion}` });
  const modelId = id('model');
  const family = fp.family;
  let orgId: string | undefined;
  if (family) {
    orgId = id(`org-${family.id}`);
    add({
      type: 'Organization',
      spdxId: orgId,
      creationInfo: ci,
      name: family.organization,
      comment: `Country ${family.country}; inferred by fingerprint (confidence ${fp.confidence}, basis ${fp.basis}).`,
    });
  }
  const url = signals.declared.filter((d) => /url|repository/.test(d.field)).find((d) => isHttpUrl(d.value))?.value;
  const single = report.files.length === 1 ? report.files[0] : undefined;
  const hyper: Json[] = [];
  if (summary.parameterCount !== undefined)
    hyper.push({ type: 'DictionaryEntry', key: 'parameterCount', value: String(summary.parameterCount) });
  if (summary.contextLength !== undefined)
    hyper.push({ type: 'DictionaryEntry', key: 'contextLength', value: String(summary.contextLength) });
  const typeOfModel = [signals.architectures[0] ?? signals.ggufArchitectures[0] ?? signals.modelTypes[0]].filter(
    (x): x is string => Boolean(x),
  );
  add({
    type: 'ai_AIPackage',
    spdxId: modelId,
    creationInfo: ci,
    name: summary.name,
    software_primaryPurpose: 'model',
    ...(url ? { software_downloadLocation: url } : {}),
    ...(orgId ? { originatedBy: [orgId], suppliedBy: orgId } : {}),
    ...(single?.sha256 ? { verifiedUsing: [{ type: 'Hash', algorithm: 'sha256', hashValue: single.sha256 }] } : {}),
    ...(typeOfModel.length ? { ai_typeOfModel: typeOfModel } : {}),
    ...(hyper.length ? { ai_hyperparameter: hyper } : {}),
    ai_autonomyType: 'noAssertion',
    ai_limitation:
      'Origin inferred from metadata, tokenizer and configuration files only; weights were not loaded or compared.',
    comment: [
      `Fingerprint: ${family ? `${family.name} (${family.organization}, ${family.country})` : 'unknown'}; confidence ${fp.confidence} (${fp.level}, basis ${fp.basis}).`,
      ...(fp.architectureFamily
        ? [`Architecture lineage: ${fp.architectureFamily.name} (${fp.architectureFamily.country}).`]
        : []),
      ...flags.map((f) => `[${f.severity}] ${f.code}: ${f.message}`),
      ...(opts.policy
        ? [
            `Policy ${opts.policy.policy.id} ${opts.policy.policy.version} as of ${opts.policy.asOf}: ${opts.policy.decision}.`,
          ]
        : []),
    ].join('\n'),
  });
  const fileIds = report.files.map((f, i) => {
    const fid = id(`file-${i + 1}`);
    add({
      type: 'software_File',
      spdxId: fid,
      creationInfo: ci,
      name: f.path,
      ...(f.sha256 ? { verifiedUsing: [{ type: 'Hash', algorithm: 'sha256', hashValue: f.sha256 }] } : {}),
      software_primaryPurpose: ['safetensors', 'gguf', 'pickle', 'onnx'].includes(f.kind)
        ? 'model'
        : f.kind === 'readme' || f.kind === 'license'
          ? 'documentation'
          : 'configuration',
    });
    return fid;
  });
  let rel = 0;
  const relate = (from: string, type: string, to: string[]) =>
    add({ type: 'Relationship', spdxId: id(`rel-${++rel}`), creationInfo: ci, from, relationshipType: type, to });
  if (fileIds.length) relate(modelId, 'contains', fileIds);
  const licence = summary.licenses[0];
  let declared = SPDX_NOASSERTION_LICENSE;
  if (licence) {
    declared = id('license-declared');
    add({
      type: 'simplelicensing_LicenseExpression',
      spdxId: declared,
      creationInfo: ci,
      simplelicensing_licenseExpression: spdxLicenseId(licence) ?? licenseRef(licence),
    });
  }
  relate(modelId, 'hasDeclaredLicense', [declared]);
  relate(modelId, 'hasConcludedLicense', [SPDX_NOASSERTION_LICENSE]);
  summary.baseModels.forEach((name, i) => {
    const bid = id(`base-model-${i + 1}`);
    add({ type: 'ai_AIPackage', spdxId: bid, creationInfo: ci, name, software_primaryPurpose: 'model' });
    relate(bid, 'ancestorOf', [modelId]);
  });
  const docId = id('document');
  graph.push({
    type: 'SpdxDocument',
    spdxId: docId,
    creationInfo: ci,
    name: `AI BOM for ${summary.name}`,
    profileConformance: ['core', 'software', 'ai'],
    rootElement: [modelId],
    element: elements,
  });
  return { '@context': SPDX_CONTEXT, '@graph': graph };
}
