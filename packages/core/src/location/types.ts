/**
 * Chip location verification: the shared contract between the protocol (landmarks, agent,
 * verifier: protocol/), the geometry and verdict (geo/) and every shell. Pure data types.
 *
 * Trust model: only landmark clocks count. The host and agent are untrusted pipes; added delay can
 * only enlarge the feasible region, so a verdict can only become less permissive (never ALLOW by delay).
 * @module
 */

/** Degrees, WGS84 latitude/longitude (computed on a sphere, with margins). */
export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

/** A landmark: a server at surveyed coordinates with its own signing key. */
export interface LandmarkInfo {
  readonly id: string;
  readonly position: GeoPoint;
  /** Surveyed-position uncertainty, km (added to every distance bound). */
  readonly positionUncertaintyKm: number;
  /** Ed25519 public key, base64 of the raw 32 bytes. */
  readonly publicKey: string;
  readonly operator?: string;
  readonly label?: string;
}

/** Where a device is licensed to be. */
export interface LicensedSite {
  readonly position: GeoPoint;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  /** How far from `position` still counts as the licensed site, km. */
  readonly radiusKm: number;
  readonly label?: string;
}

/** A registered device (chip or host): its key and what it is licensed for. */
export interface DeviceRegistration {
  readonly deviceId: string;
  /** Ed25519 identity public key, base64 of the raw 32 bytes. */
  readonly publicKey: string;
  /** X25519 key-agreement public key (base64 of 32 bytes): the session MAC keys derive from it. */
  readonly kexPublicKey?: string;
  /** The identity key's signature over `kexPublicKey` (base64 of 64 bytes). */
  readonly kexKeySignature?: string;
  readonly serial: string;
  readonly model: string;
  readonly eccn: string;
  readonly licensee: string;
  readonly licenseId?: string;
  readonly licensedSite: LicensedSite;
}

/** One verified landmark measurement, the geometry's only input: signatures and nonces already checked. */
export interface VerifiedMeasurement {
  readonly landmark: LandmarkInfo;
  /** Minimum round-trip time over the challenges, ms, on the landmark's monotonic clock. */
  readonly minRttMs: number;
  /** Challenges that went into the minimum. */
  readonly samples: number;
}

/** How fast a signal may travel. `light` (c in vacuum) is the only sound profile; `fiber` is labelled unsound. */
export type SpeedProfile = 'light' | 'fiber-unsound';

export interface VerdictPolicy {
  readonly licensedSite?: LicensedSite;
  /** ISO2 countries where the device may be (the allowed area). Empty/undefined: only the licensed site counts. */
  readonly allowedCountries?: readonly string[];
  /** ISO2 countries of concern (e.g. CN, MO, RU): a region wholly inside them is a VIOLATION. */
  readonly countriesOfConcern: readonly string[];
  readonly speedProfile?: SpeedProfile;
  /** Report whether the verdict survives removing any f landmarks (default 1). */
  readonly robustnessF?: number;
}

export type Verdict = 'ALLOW' | 'VIOLATION' | 'INCONCLUSIVE';

/** A spherical cap: the device is within `radiusKm` (great-circle) of the landmark. */
export interface Cap {
  readonly landmarkId: string;
  readonly center: GeoPoint;
  readonly radiusKm: number;
  /** The parts of the radius: RTT/2 × v, plus position uncertainty and Earth-model margin. */
  readonly fromRttKm: number;
  readonly marginKm: number;
}

export interface LocationVerdict {
  readonly verdict: Verdict;
  /** Why, in order, for a reviewer. */
  readonly reasons: readonly string[];
  readonly caps: readonly Cap[];
  /** The feasible region: intersection of all caps (empty means the measurements are inconsistent). */
  readonly region: {
    readonly empty: boolean;
    /** A conservative outline for display (GeoJSON Polygon/MultiPolygon coordinates, lon/lat) or null when empty. */
    readonly geometry: unknown;
    /** Radius of the smallest cap containing the region, km (a size figure, never a location). */
    readonly boundingRadiusKm: number;
    /**
     * That cap's centre (null when the region is empty or fills the globe). Only meaningful together with the
     * radius: the device is somewhere in the cap, not at the centre. Monitoring compares caps between check-ins.
     */
    readonly boundingCenter: GeoPoint | null;
    readonly areaKm2: number;
  };
  /** Every country the region touches (ISO2), sorted. */
  readonly countriesTouched: readonly string[];
  readonly licensedSiteInRegion: boolean | null;
  readonly speedProfile: SpeedProfile;
  readonly sound: boolean;
  /** Whether the same verdict holds after removing any `f` landmarks. */
  readonly robustness: { readonly f: number; readonly survives: boolean; readonly weakestLandmarks: readonly string[] };
}

/** Why a message or measurement was refused. Counted and reported; never turned into a verdict. */
export type RejectionReason =
  | 'malformed'
  | 'bad-signature'
  | 'unknown-device'
  | 'unknown-landmark'
  | 'nonce-replayed'
  | 'nonce-unknown'
  | 'nonce-expired'
  | 'wrong-device'
  | 'wrong-landmark'
  | 'sequence-mismatch'
  | 'clock-anomaly'
  | 'rtt-invalid'
  | 'too-few-samples';

export interface Rejection {
  readonly reason: RejectionReason;
  readonly detail: string;
  readonly landmarkId?: string;
}
