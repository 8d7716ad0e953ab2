/**
 * Ed25519 keys for the location protocol (node:crypto): raw 32-byte public keys as base64, 64-byte
 * signatures, and the key-provider interface the agent and the landmark sign through.
 *
 * Two signing paths, after Brands–Chaum: `respond` is the fast path inside the timed exchange (one
 * Ed25519 signature over a short challenge, ~40 µs in software), `signTranscript` the slow path after
 * it (may run an attestation, seconds if it must). A provider backed by a TPM or a GPU's on-die key
 * implements the same interface; see the extension points at the end of this file.
 * @module
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';

export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw key follows. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Strict base64 of exactly `bytes` bytes, or undefined. */
export function decodeBase64(text: unknown, bytes: number): Buffer | undefined {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const b = Buffer.from(text, 'base64');
  return b.length === bytes && b.toString('base64') === text ? b : undefined;
}

/**
 * Encodings of the 8 small-order points of edwards25519 (and their non-canonical twins), top bit
 * cleared. A "public key" among them lets anyone make signatures that verify for some messages
 * (all-zero key and signature verify about one time in four), so such keys are refused everywhere.
 */
const SMALL_ORDER = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
];

export function isSmallOrderKey(raw: Uint8Array): boolean {
  const b = Buffer.from(raw);
  b[31] = (b[31] as number) & 0x7f;
  return SMALL_ORDER.includes(b.toString('hex'));
}

/** A base64 raw Ed25519 public key of 32 bytes that is not a small-order point. */
export function isPublicKey(text: unknown): text is string {
  const raw = decodeBase64(text, PUBLIC_KEY_BYTES);
  return raw !== undefined && !isSmallOrderKey(raw);
}

const keyCache = new Map<string, KeyObject>();

/** The KeyObject for a base64 raw public key (cached: parsing costs as much as a verify). */
export function publicKeyObject(publicKey: string): KeyObject {
  let k = keyCache.get(publicKey);
  if (!k) {
    const raw = decodeBase64(publicKey, PUBLIC_KEY_BYTES);
    if (!raw) throw new Error('not an Ed25519 public key (base64 of 32 bytes)');
    if (isSmallOrderKey(raw)) throw new Error('refused: a small-order Ed25519 point is not a public key');
    k = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
    if (keyCache.size > 10_000) keyCache.clear();
    keyCache.set(publicKey, k);
  }
  return k;
}

/** Raw public key (base64) of a private or public KeyObject. */
export function rawPublicKey(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const der = pub.export({ format: 'der', type: 'spki' });
  return Buffer.from(der.subarray(der.length - PUBLIC_KEY_BYTES)).toString('base64');
}

/** Verifies an Ed25519 signature; false (never a throw) for a malformed key or signature. */
export function verifySignature(publicKey: string, message: Uint8Array, signature: Uint8Array | string): boolean {
  const sig = typeof signature === 'string' ? decodeBase64(signature, SIGNATURE_BYTES) : signature;
  if (!sig || sig.length !== SIGNATURE_BYTES) return false;
  try {
    return verify(null, message, publicKeyObject(publicKey), sig);
  } catch {
    return false;
  }
}

export function signWith(privateKey: KeyObject, message: Uint8Array): Buffer {
  return sign(null, message, privateKey);
}

export function generateKeyPair(): { privateKey: KeyObject; publicKey: string; pkcs8Pem: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    privateKey,
    publicKey: rawPublicKey(privateKey),
    pkcs8Pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

export function privateKeyFromPkcs8(pem: string | Buffer): KeyObject {
  const key = createPrivateKey({ key: pem, format: 'pem' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`expected an Ed25519 key, found ${key.asymmetricKeyType}`);
  return key;
}

/**
 * Evidence a hardware key provider may attach to the transcript signature (TPM quote, SPDM/NVIDIA
 * attestation report). The verifier records it; checking it is the provider-specific extension.
 */
export interface Attestation {
  readonly kind: string;
  /** Base64 or JSON text, provider-specific. */
  readonly evidence: string;
}

/**
 * Where a device (or landmark) key lives. The private key never leaves the provider.
 *
 * - `respond` runs INSIDE the timed exchange: keep it cheap and synchronous (no I/O, no attestation).
 * - `signTranscript` runs after it, untimed; it may be slow and may attach attestation evidence.
 */
export interface KeyProvider {
  /** Ed25519 public key, base64 of the raw 32 bytes. */
  publicKey(): string;
  /** Fast path: the 64-byte signature of a challenge. */
  respond(challenge: Uint8Array): Uint8Array;
  /** Slow path: the signature of a transcript digest, with optional attestation evidence. */
  signTranscript(transcript: Uint8Array): Promise<{ signature: Uint8Array; attestation?: Attestation }>;
  /** Short description for logs and `agent run` start-up output, e.g. "software key file /etc/…". */
  describe(): string;
}

/** A software key held in process memory (tests, and the file provider once it has read the key). */
export class SoftwareKeyProvider implements KeyProvider {
  readonly #key: KeyObject;
  readonly #publicKey: string;
  readonly #label: string;
  constructor(privateKey: KeyObject, label = 'software key (memory)') {
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('SoftwareKeyProvider needs an Ed25519 key');
    this.#key = privateKey;
    this.#publicKey = rawPublicKey(privateKey);
    this.#label = label;
  }
  static generate(): SoftwareKeyProvider {
    return new SoftwareKeyProvider(generateKeyPair().privateKey);
  }
  publicKey(): string {
    return this.#publicKey;
  }
  respond(challenge: Uint8Array): Uint8Array {
    return sign(null, challenge, this.#key);
  }
  async signTranscript(transcript: Uint8Array) {
    return { signature: sign(null, transcript, this.#key) };
  }
  describe(): string {
    return this.#label;
  }
}

/*
 * Extension points for hardware-held keys (not implemented here; each is a KeyProvider):
 *
 * TPM 2.0 (host key, e.g. via tpm2-tss / tpm2-pytss behind a local socket):
 *   - publicKey(): TPM2_ReadPublic of a non-exportable Ed25519 (or ECC) key created under the
 *     endorsement/owner hierarchy; the registry stores it with the EK certificate chain.
 *   - respond(): TPM2_Sign with the restricted key. A TPM sign takes 20–100 ms, which inflates the
 *     RTT (a precision loss, never a soundness loss); prefer a session HMAC key (TPM2_HMAC) bound by
 *     the slow path if precision matters.
 *   - signTranscript(): TPM2_Quote over PCRs with qualifyingData = transcript digest → Attestation
 *     { kind: 'tpm2-quote', evidence }.
 *
 * GPU (NVIDIA Hopper/Blackwell confidential computing, SPDM 1.1, 32-byte nonces):
 *   - publicKey(): the device leaf key of the DICE chain (SPDM GET_CERTIFICATE slot 0), verified
 *     against the vendor root at registration.
 *   - respond(): must be computed on the GPU (or its TEE) so a host relay cannot answer; until the
 *     vendor exposes a fast signing primitive, a key sealed into a CC-mode enclave on the GPU.
 *   - signTranscript(): SPDM GET_MEASUREMENTS with the transcript digest as the 32-byte nonce
 *     (nvattest collect-evidence --nonce …) → Attestation { kind: 'nvidia-spdm', evidence }.
 * Timing soundness never depends on the provider: landmarks time the exchange, and a slow provider
 * can only make the chip look farther away.
 */
