/**
 * File-system shell of the model provenance scanner (issue 7): walks a model directory (or takes one file), hashes
 * every file with streaming SHA-256, and lets the pure core read only what it needs through a {@link ByteSource}
 * over an open file handle: a safetensors or GGUF header, or a small JSON side file under its cap. Weight files are
 * never read whole into memory. A file that cannot be read or parsed is reported in the scan with its reason; only a
 * missing or unusable root path is an error.
 * @module
 */
import { createHash } from 'node:crypto';
import { type FileHandle, open, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import {
  type ArtefactLimits,
  analyseModelFiles,
  type ByteSource,
  classifyModelFile,
  ModelFormatError,
  type ModelScanReport,
  parseModelArtefact,
  type ScannedModelFile,
} from '@stackport/core';
import { AppError } from './errors.js';

export interface ModelScanOptions {
  /** Hash every file (default true). Off gives a fast fingerprint without file hashes. */
  hash?: boolean;
  /** Most files scanned (default 100 000); the rest are listed as skipped. */
  maxFiles?: number;
  /** Deepest directory level walked (default 16). */
  maxDepth?: number;
  /** Walk dot-directories such as `.cache` (default false). */
  includeHidden?: boolean;
  limits?: ArtefactLimits;
  /** Clock for `scannedAt`. */
  now?: () => Date;
}

const HASH_CHUNK = 4 * 1024 * 1024;

function handleSource(fh: FileHandle, size: number): ByteSource {
  return {
    size,
    async read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const buf = Buffer.alloc(n);
      let done = 0;
      while (done < n) {
        const { bytesRead } = await fh.read(buf, done, n - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done < n ? buf.subarray(0, done) : buf;
    },
  };
}

async function sha256Of(fh: FileHandle, size: number): Promise<string> {
  const h = createHash('sha256');
  const buf = Buffer.alloc(Math.min(HASH_CHUNK, Math.max(1, size)));
  let pos = 0;
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
    if (bytesRead === 0) break;
    h.update(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
  return h.digest('hex');
}

interface Found {
  abs: string;
  rel: string;
}

async function walk(
  root: string,
  opts: Required<Pick<ModelScanOptions, 'maxFiles' | 'maxDepth' | 'includeHidden'>>,
  skipped: ModelScanReport['skipped'],
): Promise<Found[]> {
  const out: Found[] = [];
  const seen = new Set<string>();
  const visit = async (dir: string, depth: number): Promise<void> => {
    const real = await realpath(dir);
    if (seen.has(real)) return;
    seen.add(real);
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const abs = join(dir, e.name);
      const rel = relative(root, abs).split(sep).join('/');
      if (e.isDirectory()) {
        if (e.name.startsWith('.') && !opts.includeHidden) skipped.push({ path: rel, reason: 'hidden directory' });
        else if (depth >= opts.maxDepth) skipped.push({ path: rel, reason: `deeper than ${opts.maxDepth} levels` });
        else await visit(abs, depth + 1);
        continue;
      }
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const st = await stat(abs).catch(() => undefined);
        if (!st) {
          skipped.push({ path: rel, reason: 'broken symbolic link' });
          continue;
        }
        if (st.isDirectory()) {
          skipped.push({ path: rel, reason: 'symbolic link to a directory (not followed)' });
          continue;
        }
        isFile = st.isFile();
      }
      if (!isFile) {
        skipped.push({ path: rel, reason: 'not a regular file' });
        continue;
      }
      if (out.length >= opts.maxFiles) {
        skipped.push({ path: rel, reason: `more than ${opts.maxFiles} files` });
        continue;
      }
      out.push({ abs, rel });
    }
  };
  await visit(root, 0);
  return out;
}

async function scanFile(f: Found, hash: boolean, limits: ArtefactLimits | undefined): Promise<ScannedModelFile> {
  const kind = classifyModelFile(f.rel);
  let fh: FileHandle | undefined;
  const out: ScannedModelFile = { path: f.rel, size: 0, sha256: null, kind };
  try {
    fh = await open(f.abs, 'r');
    const st = await fh.stat();
    out.size = st.size;
    try {
      const parsed = await parseModelArtefact(f.rel, kind, handleSource(fh, st.size), limits);
      if (parsed) out.parsed = parsed;
    } catch (err) {
      out.error = {
        code: err instanceof ModelFormatError ? err.code : 'READ_FAILED',
        message: err instanceof Error ? err.message : String(err),
      };
    }
    if (hash) out.sha256 = await sha256Of(fh, st.size);
  } catch (err) {
    out.error = { code: 'READ_FAILED', message: err instanceof Error ? err.message : String(err) };
  } finally {
    await fh?.close();
  }
  return out;
}

/** Scans a model directory or a single model file. Throws `SP_NOT_FOUND` / `SP_BAD_REQUEST` only for the root. */
export async function scanModelPath(path: string, options: ModelScanOptions = {}): Promise<ModelScanReport> {
  const st = await stat(path).catch(() => undefined);
  if (!st)
    throw new AppError('SP_NOT_FOUND', `${path}: no such file or directory`, [{ path: 'PATH', message: 'not found' }]);
  const skipped: ModelScanReport['skipped'] = [];
  let found: Found[];
  let name: string;
  if (st.isDirectory()) {
    found = await walk(
      path,
      {
        maxFiles: options.maxFiles ?? 100_000,
        maxDepth: options.maxDepth ?? 16,
        includeHidden: options.includeHidden ?? false,
      },
      skipped,
    );
    name = basename(await realpath(path));
  } else if (st.isFile()) {
    found = [{ abs: path, rel: basename(path) }];
    name = basename(path);
  } else
    throw new AppError('SP_BAD_REQUEST', `${path}: not a file or directory`, [
      { path: 'PATH', message: 'not a file or directory' },
    ]);
  const files: ScannedModelFile[] = [];
  for (const f of found) files.push(await scanFile(f, options.hash ?? true, options.limits));
  return {
    root: path,
    scannedAt: (options.now ?? (() => new Date()))().toISOString(),
    files,
    skipped,
    analysis: analyseModelFiles(files, name || basename(dirname(path))),
  };
}
