/**
 * A protected software key file: an Ed25519 private key, PKCS#8 PEM, mode 0600. Loading refuses a
 * file that the group or others can read or write (like ssh does), a symlink, or a non-regular file.
 * This is the one place in the protocol that touches the file system.
 * @module
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, writeSync } from 'node:fs';
import { generateKeyPair, privateKeyFromPkcs8, SoftwareKeyProvider } from './keys.js';

export class KeyFileError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'KeyFileError';
  }
}

/** Why a file mode is unsafe for a private key, or undefined when it is safe (no group/other bits). */
export function keyFileModeProblem(mode: number): string | undefined {
  const perm = mode & 0o777;
  if (perm & 0o077)
    return `is accessible by group or others (mode ${perm.toString(8).padStart(4, '0')}); run chmod 600 on it`;
  return undefined;
}

/** Creates a new key file (mode 0600, never overwriting) and returns its provider. */
export function createKeyFile(path: string): SoftwareKeyProvider {
  const { privateKey, pkcs8Pem } = generateKeyPair();
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (e) {
    throw new KeyFileError(`cannot create key file: ${(e as Error).message}`, path);
  }
  try {
    writeSync(fd, pkcs8Pem);
  } finally {
    closeSync(fd);
  }
  return new SoftwareKeyProvider(privateKey, `software key file ${path}`);
}

/** Loads a key file, refusing unsafe permissions. */
export function loadKeyFile(path: string): SoftwareKeyProvider {
  let st: ReturnType<typeof lstatSync>;
  try {
    st = lstatSync(path);
  } catch {
    throw new KeyFileError('no such key file', path);
  }
  if (st.isSymbolicLink()) throw new KeyFileError('is a symbolic link; give the key file itself', path);
  if (!st.isFile()) throw new KeyFileError('is not a regular file', path);
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  let pem: Buffer;
  try {
    // Check the mode on the open descriptor, so a swap between the check and the read cannot pass.
    const problem = keyFileModeProblem(fstatSync(fd).mode);
    if (problem) throw new KeyFileError(problem, path);
    pem = readFileSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    return new SoftwareKeyProvider(privateKeyFromPkcs8(pem), `software key file ${path}`);
  } catch (e) {
    throw new KeyFileError(`is not an Ed25519 PKCS#8 PEM key: ${(e as Error).message}`, path);
  }
}

/** Loads the key file, or creates it when `create` is set and it does not exist. */
export function openKeyFile(path: string, opts: { create?: boolean } = {}): SoftwareKeyProvider {
  try {
    lstatSync(path);
  } catch {
    if (opts.create) return createKeyFile(path);
  }
  return loadKeyFile(path);
}
