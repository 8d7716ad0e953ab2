/**
 * The list snapshots shipped in data/screening (with provenance and sha256 in manifest.json),
 * loaded on first start so Stackport screens offline from a fresh clone.
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '@stackport/core';
import type { ImportResult, Stackport } from './stackport.js';

/** Repository data directory; the same relative path from src/ and dist/. */
export const BUNDLED_DATA_DIR = fileURLToPath(new URL('../../../data/', import.meta.url));

interface ManifestSnapshot {
  file: string;
  format: string;
  title: string;
  publishedAt: string;
  sha256: string;
  [key: string]: unknown;
}

export function bundledManifest(): ManifestSnapshot[] {
  const raw = readFileSync(`${BUNDLED_DATA_DIR}screening/manifest.json`, 'utf8');
  return (JSON.parse(raw) as { snapshots: ManifestSnapshot[] }).snapshots;
}

/** Imports each bundled snapshot whose dataset has no version yet. Verifies each file's sha256 first. */
export async function loadBundledLists(app: Stackport): Promise<ImportResult[]> {
  const existing = new Set((await app.listVersions()).map((v) => v.format));
  const results: ImportResult[] = [];
  for (const snap of bundledManifest()) {
    if (existing.has(snap.format)) continue;
    const text = readFileSync(`${BUNDLED_DATA_DIR}screening/${snap.file}`, 'utf8');
    const actual = sha256Hex(text);
    if (actual !== snap.sha256)
      throw new Error(`bundled ${snap.file}: sha256 ${actual} does not match the manifest (${snap.sha256})`);
    const { file, format: _format, title, publishedAt, sha256: _sha, ...provenance } = snap;
    results.push(
      await app.importList({
        text,
        fileName: file,
        actor: 'system',
        title,
        publishedAt,
        provenance: { ...provenance, bundled: true },
      }),
    );
  }
  return results;
}
