/**
 * Keys of the location protocol (node:crypto only):
 *
 * - an **Ed25519 identity key** per device and per landmark (raw 32-byte public keys as base64,
 *   64-byte signatures). It signs only untimed things: HELLO, the binding of the device's X25519
 *   key, the device's session binding, and (landmarks) measurement records;
 * - an **X25519 key-agreement key** per device, registered next to the identity key and signed by
 *   it. With the server's ephemeral X25519 key of each session it yields, through HKDF-SHA256, the
 *   session MAC key K. Inside the timed exchange the device only computes HMAC-SHA256(K, …): a few
 *   microseconds, computed where the key lives (Brands–Chaum: slow crypto outside the timed phase).
 *
 * A `KeyProvider` is where those keys live; the private keys never leave it. The software provider
 * (`SoftwareKeyProvider`, loaded from a 0600 key file) holds both keys in process memory; TPM and
 * GPU providers implement the same interface (see the extension points at the end of this file).
 * @module
 */
import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';

export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;
export const MAC_BYTES = 32;

/** Strict base64 of exactly `bytes` bytes (canonical: re-encodes to the same text), or undefined. */
export function decodeBase64(text: unknown, bytes: number): Buffer | undefined {
  if (typeof text !== 'string' || text.length !== 4 * Math.ceil(bytes / 3)) return undefined;
  const b = Buffer.from(text, 'base64');
  return b.length === bytes && b.toString('base64') === text ? b : undefined;
}

/**
 * Encodings of the 8 small-order points of edwards25519 (and their non-canonical twins), top bit
 * cleared. A "public key" among them lets anyone make signatures that verify for some messages
 * (all-zero key and signature verify about one time in four), so such keys are refused everywhere.
 */
const SMALL_ORDER = new Set([
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
]);

export function isSmallOrderKey(raw: Uint8Array): boolean {
  const b = Buffer.from(raw);
  b[31] = (b[31] as number) & 0x7f;
  return SMALL_ORDER.has(b.toString('hex'));
}

/** A base64 raw Ed25519 public key of 32 bytes that is not a small-order point. */
export function isPublicKey(text: unknown): text is string {
  const raw = decodeBase64(text, PUBLIC_KEY_BYTES);
  return raw !== undefined && !isSmallOrderKey(raw);
}

const b64url = (raw: Uint8Array) => Buffer.from(raw).toString('base64url');

/** Bounded caches: importing a key costs more than using it. JWK import is ~15× cheaper than DER here. */
const edKeys = new Map<string, KeyObject>();
const kexKeys = new Map<string, KeyObject>();
function cached(cache: Map<string, KeyObject>, k: string, make: () => KeyObject): KeyObject {
  let v = cache.get(k);
  if (!v) {
    v = make();
    if (cache.size >= 10_000) cache.clear();
    cache.set(k, v);
  }
  return v;
}

/** The KeyObject for a base64 raw Ed25519 public key (cached). Throws on a malformed or small-order key. */
export function publicKeyObject(publicKey: string): KeyObject {
  return cached(edKeys, publicKey, () => {
    const raw = decodeBase64(publicKey, PUBLIC_KEY_BYTES);
    if (!raw) throw new Error('not an Ed25519 public key (base64 of 32 bytes)');
    if (isSmallOrderKey(raw)) throw new Error('refused: a small-order Ed25519 point is not a public key');
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(raw) }, format: 'jwk' });
  });
}

/** The KeyObject for a base64 raw X25519 public key (cached). Throws when malformed. */
export function kexPublicKeyObject(kexPublicKey: string): KeyObject {
  return cached(kexKeys, kexPublicKey, () => {
    const raw = decodeBase64(kexPublicKey, PUBLIC_KEY_BYTES);
    if (!raw) throw new Error('not an X25519 public key (base64 of 32 bytes)');
    return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: b64url(raw) }, format: 'jwk' });
  });
}

/** Raw public key (base64) of a private or public Ed25519 or X25519 KeyObject. */
export function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' }) as { x?: string };
  if (!jwk.x) throw new Error('not an OKP key');
  return Buffer.from(jwk.x, 'base64url').toString('base64');
}

/** Raw private key (base64 of 32 bytes) of an X25519 or Ed25519 private KeyObject. */
export function rawPrivateKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' }) as { d?: string };
  if (!jwk.d) throw new Error('not an OKP private key');
  return Buffer.from(jwk.d, 'base64url').toString('base64');
}

/** An X25519 private KeyObject from its raw base64 private and public halves. */
export function kexPrivateKeyObject(privateKey: string, publicKey: string): KeyObject {
  const d = decodeBase64(privateKey, 32);
  const x = decodeBase64(publicKey, 32);
  if (!d || !x) throw new Error('not an X25519 key pair (base64 of 32 bytes each)');
  return createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: b64url(d), x: b64url(x) }, format: 'jwk' });
}

/**
 * Whether `text` is a usable X25519 public key: base64 of 32 bytes whose agreement with a fresh key
 * is not the all-zero secret (OpenSSL refuses the small-order points; so does this check).
 */
export function isKexPublicKey(text: unknown): text is string {
  if (decodeBase64(text, PUBLIC_KEY_BYTES) === undefined) return false;
  try {
    const shared = diffieHellman({
      privateKey: generateKexKeyPair().privateKey,
      publicKey: kexPublicKeyObject(text as string),
    });
    return shared.some((b) => b !== 0);
  } catch {
    return false;
  }
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

/** A fresh X25519 key pair: the server's per-session ephemeral key, or a device's key-agreement key. */
export function generateKexKeyPair(): { privateKey: KeyObject; publicKey: string; pkcs8Pem: string } {
  const { privateKey } = generateKeyPairSync('x25519');
  return {
    privateKey,
    publicKey: rawPublicKey(privateKey),
    pkcs8Pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

export function privateKeyFromPkcs8(pem: string | Buffer, type: 'ed25519' | 'x25519' = 'ed25519'): KeyObject {
  const key = createPrivateKey({ key: pem, format: 'pem' });
  if (key.asymmetricKeyType !== type) throw new Error(`expected an ${type} key, found ${key.asymmetricKeyType}`);
  return key;
}

// ---- the session key ----

export const DOMAIN_KEX_BINDING = Buffer.from('stackport-location/2/kex-key\0');
export const DOMAIN_SESSION_KEY = Buffer.from('stackport-location/2/session-key\0');

/** What the identity key signs to vouch for the device's X25519 key (checked at registration). */
export function kexBindingBytes(publicKey: string, kexPublicKey: string): Buffer {
  const id = decodeBase64(publicKey, PUBLIC_KEY_BYTES);
  const kex = decodeBase64(kexPublicKey, PUBLIC_KEY_BYTES);
  if (!id || !kex) throw new Error('keys must be base64 of 32 bytes');
  return Buffer.concat([DOMAIN_KEX_BINDING, id, kex]);
}

/** Verifies a device's signature over its X25519 key (false, never a throw, for malformed input). */
export function verifyKexBinding(publicKey: string, kexPublicKey: string, signature: string): boolean {
  try {
    return verifySignature(publicKey, kexBindingBytes(publicKey, kexPublicKey), signature);
  } catch {
    return false;
  }
}

/** The public inputs of a session key: everything both sides must agree on. */
export interface SessionKeyParams {
  readonly sessionId: Uint8Array;
  readonly sessionNonce: Uint8Array;
  readonly serverKexPublicKey: Uint8Array;
  readonly deviceKexPublicKey: Uint8Array;
  readonly deviceId: string;
}

/**
 * K = HKDF-SHA256(ikm = X25519 shared secret, salt = session nonce,
 *                 info = DOMAIN ‖ sessionId ‖ serverKexPub ‖ deviceKexPub ‖ u8-len deviceId), 32 bytes.
 */
export function deriveSessionKey(shared: Uint8Array, p: SessionKeyParams): Buffer {
  const id = Buffer.from(p.deviceId, 'utf8');
  if (id.length > 255) throw new Error('identifier too long');
  const info = Buffer.concat([
    DOMAIN_SESSION_KEY,
    p.sessionId,
    p.serverKexPublicKey,
    p.deviceKexPublicKey,
    Buffer.from([id.length]),
    id,
  ]);
  return Buffer.from(hkdfSync('sha256', shared, p.sessionNonce, info, 32));
}

/** The X25519 agreement, refusing the all-zero secret (a small-order peer key). */
export function agree(privateKey: KeyObject, peerPublicKey: string): Buffer {
  const shared = diffieHellman({ privateKey, publicKey: kexPublicKeyObject(peerPublicKey) });
  if (!shared.some((b) => b !== 0)) throw new Error('X25519 agreement gave the all-zero secret');
  return shared;
}

/** HMAC-SHA256 with a session key: the timed response and the transcript tag. */
export function macWith(key: Uint8Array, message: Uint8Array): Buffer {
  return createHmac('sha256', key).update(message).digest();
}

// ---- providers ----

/**
 * Evidence a hardware key provider may attach to the session signature (TPM quote, SPDM/NVIDIA
 * attestation report). The verifier records it; checking it is the provider-specific extension.
 */
export interface Attestation {
  readonly kind: string;
  /** Base64 or JSON text, provider-specific. */
  readonly evidence: string;
}

/** A live session inside the provider: K is derived there and never leaves it. */
export interface SessionMac {
  /** Fast path: HMAC-SHA256(K, message), 32 bytes. Synchronous, no I/O. */
  mac(message: Uint8Array): Uint8Array;
}

/**
 * Where a device's (or a landmark's) keys live. The private keys never leave the provider.
 *
 * - `signNow` and `sign`: Ed25519 identity signatures, untimed (HELLO, session binding, records).
 *   `sign` may be slow and may attach attestation evidence.
 * - `openSession`: the X25519 agreement with the server's ephemeral key and HKDF (untimed, once per
 *   session); the returned `mac` runs INSIDE the timed exchange, so it must be cheap and synchronous.
 */
export interface KeyProvider {
  /** Ed25519 identity public key, base64 of the raw 32 bytes. */
  publicKey(): string;
  /** X25519 key-agreement public key (base64 of 32 bytes); throws when the provider has none. */
  kexPublicKey(): string;
  /** The identity key's signature over the X25519 key (`kexBindingBytes`), base64. */
  kexKeySignature(): string;
  /** A short, untimed identity signature (HELLO). */
  signNow(message: Uint8Array): Uint8Array;
  /** Slow path: an identity signature, with optional attestation evidence. */
  sign(message: Uint8Array): Promise<{ signature: Uint8Array; attestation?: Attestation }>;
  /** Derives the session key K (X25519 + HKDF) and returns its MAC. Throws when the agreement fails. */
  openSession(params: SessionKeyParams): SessionMac;
  /** Short description for logs and `agent run` start-up output, e.g. "software key file /etc/…". */
  describe(): string;
}

/** Software keys held in process memory (tests, and the file provider once it has read the keys). */
export class SoftwareKeyProvider implements KeyProvider {
  readonly #key: KeyObject;
  readonly #kex: KeyObject | undefined;
  readonly #publicKey: string;
  readonly #kexPublicKey: string | undefined;
  readonly #label: string;
  #kexSignature: string | undefined;
  /** The last few sessions' MACs: every landmark connection of one session shares one agreement. */
  readonly #sessions = new Map<string, SessionMac>();

  constructor(privateKey: KeyObject, kexPrivateKey?: KeyObject, label = 'software key (memory)') {
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('SoftwareKeyProvider needs an Ed25519 key');
    if (kexPrivateKey && kexPrivateKey.asymmetricKeyType !== 'x25519')
      throw new Error('SoftwareKeyProvider needs an X25519 key-agreement key');
    this.#key = privateKey;
    this.#kex = kexPrivateKey;
    this.#publicKey = rawPublicKey(privateKey);
    this.#kexPublicKey = kexPrivateKey ? rawPublicKey(kexPrivateKey) : undefined;
    this.#label = label;
  }
  static generate(label?: string): SoftwareKeyProvider {
    return new SoftwareKeyProvider(generateKeyPair().privateKey, generateKexKeyPair().privateKey, label);
  }
  publicKey(): string {
    return this.#publicKey;
  }
  get hasKex(): boolean {
    return this.#kex !== undefined;
  }
  kexPublicKey(): string {
    if (!this.#kexPublicKey) throw new Error(`${this.#label} holds no X25519 key-agreement key`);
    return this.#kexPublicKey;
  }
  kexKeySignature(): string {
    this.#kexSignature ??= sign(null, kexBindingBytes(this.#publicKey, this.kexPublicKey()), this.#key).toString(
      'base64',
    );
    return this.#kexSignature;
  }
  signNow(message: Uint8Array): Uint8Array {
    return sign(null, message, this.#key);
  }
  async sign(message: Uint8Array) {
    return { signature: sign(null, message, this.#key) };
  }
  openSession(p: SessionKeyParams): SessionMac {
    if (!this.#kex) throw new Error(`${this.#label} holds no X25519 key-agreement key`);
    const cacheKey = `${Buffer.from(p.sessionId).toString('base64')}:${Buffer.from(p.serverKexPublicKey).toString('base64')}:${p.deviceId}`;
    let s = this.#sessions.get(cacheKey);
    if (!s) {
      const shared = agree(this.#kex, Buffer.from(p.serverKexPublicKey).toString('base64'));
      const k = deriveSessionKey(shared, p);
      s = { mac: (message) => macWith(k, message) };
      if (this.#sessions.size >= 16) this.#sessions.delete(this.#sessions.keys().next().value as string);
      this.#sessions.set(cacheKey, s);
    }
    return s;
  }
  describe(): string {
    return this.#label;
  }
}

/*
 * Extension points for hardware-held keys (not implemented here; each is a KeyProvider):
 *
 * TPM 2.0 (host key, e.g. via tpm2-tss behind a local socket):
 *   - publicKey(): TPM2_ReadPublic of a non-exportable signing key (Ed25519 where the TPM has it,
 *     else ECC P-256 with the verifier extended accordingly); registered with the EK chain.
 *   - kexPublicKey(): a second non-exportable TPM key with the `decrypt` attribute, used for
 *     TPM2_ECDH_ZGen (X25519 where supported, else P-256 ECDH: the protocol's agreement function
 *     is one line in `agree`). kexKeySignature(): TPM2_Sign over kexBindingBytes, or TPM2_Certify
 *     of the agreement key by the signing key.
 *   - openSession(): TPM2_ECDH_ZGen with the server's ephemeral key, then HKDF and TPM2_Create of a
 *     keyed-hash (HMAC) object holding K under the storage hierarchy, so K never reaches the host;
 *     mac() is TPM2_HMAC on it (single-digit ms: far below a TPM2_Sign, and a precision cost only).
 *   - sign(): TPM2_Quote over PCRs with qualifyingData = sha256 of the session binding →
 *     Attestation { kind: 'tpm2-quote', evidence }.
 *
 * GPU (NVIDIA Hopper/Blackwell confidential computing, SPDM 1.1, 32-byte nonces):
 *   - publicKey(): the device leaf key of the DICE chain (SPDM GET_CERTIFICATE slot 0), verified
 *     against the vendor root at registration.
 *   - kexPublicKey()/openSession(): SPDM KEY_EXCHANGE already runs an ephemeral (EC)DHE and derives
 *     session secrets with HKDF inside the GPU; a CC-mode enclave on the GPU holding the X25519 key,
 *     or the SPDM session's own derived MAC key, provides K without the host seeing it.
 *   - mac(): HMAC computed by the GPU (or its TEE) so a host relay cannot answer; a kernel or the
 *     secure processor computes one HMAC-SHA256 in microseconds.
 *   - sign(): SPDM GET_MEASUREMENTS with sha256(session binding) as the 32-byte nonce
 *     (nvattest collect-evidence --nonce …) → Attestation { kind: 'nvidia-spdm', evidence }.
 * Timing soundness never depends on the provider: landmarks time the exchange, and a slow provider
 * can only make the chip look farther away.
 */
