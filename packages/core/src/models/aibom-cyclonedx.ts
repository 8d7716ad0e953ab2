/**
 * CycloneDX 1.6 AI bill of materials: one `machine-learning-model` component with a model card, the inferred
 * developer as supplier (with its country), declared base models as pedigree ancestors, every file as a nested
 * `file` component with its SHA-256, and the fingerprint, flags and policy result as `stackport:` properties.
 * @module
 */
import { isHttpUrl, reportUuid, spdxLicenseId } from './aibom-common.js';
import type { ModelScanReport } from './analyse.js';
import type { PolicyResult } from './policy.js';

export interface AibomOptions {
  toolVersion: string;
  policy?: PolicyResult;
}

type Json = Record<string, unknown>;
const prop = (name: string, value: string | number | undefined): Json[] =>
  value === undefined || value === '' ? [] : [{ name, value: String(value) }];

export function buildCycloneDxAibom(report: ModelScanReport, opts: AibomOptions): Json {
  const { summary, fingerprint: fp, flags, signals } = report.analysis;
  const family = fp.family;
  const properties: Json[] = [
    ...prop('stackport:model:family', family?.name),
    ...prop('stackport:model:origin-organization', family?.organization),
    ...prop('stackport:model:origin-country', family?.country),
    ...prop('stackport:model:fingerprint-confidence', fp.confidence),
    ...prop('stackport:model:fingerprint-level', fp.level),
    ...prop('stackport:model:fingerprint-basis', fp.basis),
    ...prop('stackport:model:architecture-family', fp.architectureFamily?.name),
    ...prop('stackport:model:architecture-country', fp.architectureFamily?.country),
    ...prop('stackport:model:declared-families', fp.declaredFamilies.map((d) => d.id).join(',')),
    ...prop('stackport:model:parameter-count', summary.parameterCount),
    ...prop('stackport:model:context-length', summary.contextLength),
    ...prop('stackport:model:formats', summary.formats.join(',')),
    ...prop('stackport:model:quantization', summary.quantization.join(',')),
    ...prop('stackport:model:vocabulary-sha256', signals.vocabHashes[0]),
    ...flags.map((f) => ({ name: `stackport:model:flag:${f.code}`, value: `${f.severity}: ${f.message}` })),
  ];
  if (opts.policy)
    properties.push(
      ...prop('stackport:policy:decision', opts.policy.decision),
      ...prop('stackport:policy:id', opts.policy.policy.id),
      ...prop('stackport:policy:version', opts.policy.policy.version),
      ...prop('stackport:policy:as-of', opts.policy.asOf),
    );
  const licenses = summary.licenses.map((l) => {
    const id = spdxLicenseId(l);
    return id ? { license: { id } } : { license: { name: l } };
  });
  const urls = [
    ...new Set(
      signals.declared
        .filter((d) => /url|repository/.test(d.field))
        .map((d) => d.value)
        .filter(isHttpUrl),
    ),
  ];
  const task =
    signals.architectures.some((a) => /ForCausalLM|LMHeadModel|ChatGLM/.test(a)) || signals.formats.includes('gguf');
  const modelArchitecture = signals.architectures[0] ?? signals.ggufArchitectures[0];
  const architectureFamily = signals.modelTypes[0] ?? signals.ggufArchitectures[0] ?? family?.id;
  const modelParameters: Json = {};
  if (task) {
    modelParameters.task = 'text-generation';
    modelParameters.inputs = [{ format: 'text' }];
    modelParameters.outputs = [{ format: 'text' }];
  }
  if (architectureFamily) modelParameters.architectureFamily = architectureFamily;
  if (modelArchitecture) modelParameters.modelArchitecture = modelArchitecture;
  const concerns = flags.filter((f) => f.severity === 'high' || f.severity === 'medium');
  const modelCard: Json = {
    'bom-ref': 'model-card',
    modelParameters,
    considerations: {
      technicalLimitations: [
        'Origin was inferred from metadata, tokenizer and configuration files only; weights were not loaded or compared.',
        `Fingerprint: ${family ? `${family.name} (${family.organization}, ${family.country})` : 'unknown'}, confidence ${fp.confidence} (${fp.level}, basis ${fp.basis}).`,
      ],
      ...(concerns.length
        ? {
            ethicalConsiderations: concerns.map((f) => ({
              name: `${f.code}: ${f.message}`,
              mitigationStrategy:
                'Confirm the model origin with the supplier before use; see the Stackport scan report.',
            })),
          }
        : {}),
    },
  };
  const files = report.files.map((f, i) => ({
    type: 'file',
    'bom-ref': `file-${i + 1}`,
    name: f.path,
    ...(f.sha256 ? { hashes: [{ alg: 'SHA-256', content: f.sha256 }] } : {}),
    properties: [
      { name: 'stackport:file:kind', value: f.kind },
      { name: 'stackport:file:size', value: String(f.size) },
      ...(f.error ? [{ name: 'stackport:file:error', value: `${f.error.code}: ${f.error.message}` }] : []),
    ],
  }));
  const single = report.files.length === 1 ? report.files[0] : undefined;
  const model: Json = {
    type: 'machine-learning-model',
    'bom-ref': 'model',
    name: summary.name,
    ...(family
      ? {
          supplier: { name: family.organization, address: { country: family.country } },
        }
      : {}),
    description: `Model scanned by Stackport from ${report.root}; ${summary.fileCount} files, ${summary.totalBytes} bytes.`,
    ...(single?.sha256 ? { hashes: [{ alg: 'SHA-256', content: single.sha256 }] } : {}),
    ...(licenses.length ? { licenses } : {}),
    ...(urls.length ? { externalReferences: urls.map((url) => ({ type: 'website', url })) } : {}),
    ...(summary.baseModels.length
      ? {
          pedigree: {
            ancestors: summary.baseModels.map((name, i) => ({
              type: 'machine-learning-model',
              'bom-ref': `base-model-${i + 1}`,
              name,
            })),
          },
        }
      : {}),
    properties,
    modelCard,
    components: files,
  };
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${reportUuid(report)}`,
    version: 1,
    metadata: {
      timestamp: report.scannedAt,
      tools: { components: [{ type: 'application', name: 'stackport', version: opts.toolVersion }] },
      component: { type: 'machine-learning-model', 'bom-ref': 'scanned-model', name: summary.name },
    },
    components: [model],
    dependencies: [{ ref: 'model' }],
  };
}
