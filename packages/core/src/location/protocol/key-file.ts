/**
 * A protected software key file, mode 0600: two PKCS#8 PEM blocks, the Ed25519 identity key and the
 * X25519 key-agreement key (a file with the Ed25519 block alone, from protocol version 1, still loads
 * for a landmark; an agent needs both). Loading refuses a file that the group or others can read or
 * write (like ssh does), a symlink, or a non-regular file. The one place in the protocol that
 * touches the file system.
 * @module
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, writeSync } from 'node:fs';
import { generateKexKeyPair, generateKeyPair, privateKeyFromPkcs8, SoftwareKeyProvider } from './keys.js';

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

/** Creates a new key file with both keys (mode 0600, never overwriting) and returns its provider. */
export function createKeyFile(path: string): SoftwareKeyProvider {
  const id = generateKeyPair();
  const kex = generateKexKeyPair();
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (e) {
    throw new KeyFileError(`cannot create key file: ${(e as Error).message}`, path);
  }
  try {
    writeSync(fd, id.pkcs8Pem + kex.pkcs8Pem);
  } finally {
    closeSync(fd);
  }
  return new SoftwareKeyProvider(id.privateKey, kex.privateKey, `software key file ${path}`);
}

const PEM_BLOCK = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/g;

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
  let pem: string;
  try {
    // Check the mode on the open descriptor, so a swap between the check and the read cannot pass.
    const problem = keyFileModeProblem(fstatSync(fd).mode);
    if (problem) throw new KeyFileError(problem, path);
    pem = readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
  const blocks = pem.match(PEM_BLOCK) ?? [];
  try {
    if (blocks.length < 1 || blocks.length > 2) throw new Error(`${blocks.length} PEM blocks, expected 1 or 2`);
    const id = privateKeyFromPkcs8(blocks[0] as string, 'ed25519');
    const kex = blocks[1] ? privateKeyFromPkcs8(blocks[1], 'x25519') : undefined;
    return new SoftwareKeyProvider(id, kex, `software key file ${path}`);
  } catch (e) {
    throw new KeyFileError(
      `is not an Ed25519 (+ X25519) PKCS#8 PEM key file: ${(e as Error).message.split('\n')[0]}`,
      path,
    );
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
