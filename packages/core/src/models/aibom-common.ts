/** Helpers shared by the CycloneDX and SPDX writers: deterministic ids and licence names. @module */
import { createHash } from 'node:crypto';
import type { ModelScanReport } from './analyse.js';

/** A UUID derived from the report (root, time, file hashes), so the same scan always gives the same serial. */
export function reportUuid(report: ModelScanReport): string {
  const h = createHash('sha256')
    .update(`${report.root}\u0000${report.scannedAt}\u0000`)
    .update(report.files.map((f) => `${f.path}\u0000${f.sha256 ?? ''}`).join('\n'))
    .digest('hex');
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Hugging Face / GGUF licence names that are SPDX identifiers; anything else stays a name. */
const SPDX_IDS: Record<string, string> = {
  'apache-2.0': 'Apache-2.0',
  mit: 'MIT',
  'bsd-3-clause': 'BSD-3-Clause',
  'bsd-2-clause': 'BSD-2-Clause',
  'cc-by-4.0': 'CC-BY-4.0',
  'cc-by-sa-4.0': 'CC-BY-SA-4.0',
  'cc-by-nc-4.0': 'CC-BY-NC-4.0',
  'cc-by-nc-sa-4.0': 'CC-BY-NC-SA-4.0',
  'gpl-3.0': 'GPL-3.0-only',
  'agpl-3.0': 'AGPL-3.0-only',
  'lgpl-3.0': 'LGPL-3.0-only',
  'openrail++': 'OpenRAIL++',
  'cc0-1.0': 'CC0-1.0',
};

export function spdxLicenseId(name: string): string | undefined {
  return SPDX_IDS[name.trim().toLowerCase()];
}

/** A LicenseRef- identifier for a licence that is not on the SPDX list. */
export function licenseRef(name: string): string {
  return `LicenseRef-${name.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'unknown'}`;
}

export const isHttpUrl = (s: string) => /^https?:\/\/[^\s]+$/.test(s);
