/**
 * Foreign AI model provenance (issue 7): bounded readers for safetensors, GGUF and Hugging Face side files, family
 * fingerprinting, declared-versus-observed flags, origin policy check and CycloneDX 1.6 / SPDX 3.0.1 AI-BOM writers.
 * Pure: the shell supplies bytes through {@link ByteSource}.
 * @module
 */
export * from './aibom-common.js';
export * from './aibom-cyclonedx.js';
export * from './aibom-schema.js';
export * from './aibom-spdx.js';
export * from './analyse.js';
export * from './artefact.js';
export * from './bounded-json.js';
export * from './families.js';
export * from './fingerprint.js';
export * from './flags.js';
export * from './gguf.js';
export * from './hf-files.js';
export * from './policy.js';
export * from './safetensors.js';
export * from './signals.js';
export * from './source.js';
export * from './tensor-names.js';
