/**
 * Cloud-compute customer due diligence (IaaS KYC): the data a provider holds about an applicant, its resellers and
 * its usage. Pure data types. Dates are ISO days (YYYY-MM-DD, UTC); countries are ISO 3166-1 alpha-2, upper case.
 *
 * The core never resolves anything from the outside world: IP geolocation, E.164 parsing beyond the calling code,
 * BIN lookups and screening are done by the shells, which pass the resolved values in.
 * @module
 */

/** ISO 3166-1 alpha-2 code, upper case (e.g. "US", "CN"). */
export type CountryCode = string;

/** ISO day, YYYY-MM-DD (UTC). */
export type IsoDay = string;

export interface PostalAddress {
  readonly lines: readonly string[];
  readonly city?: string;
  readonly region?: string;
  readonly postalCode?: string;
  readonly country: CountryCode;
}

/** Where the money comes from: the account holder's own instrument or a third party's ("means and source"). */
export type PaymentSource = 'own' | 'employer' | 'third-party' | 'unknown';

interface PaymentBase {
  /** Stable, tokenised identifier of the instrument (never a full card number). */
  readonly id: string;
  /** Whose money it is. Missing → the CIP field "source of payment" is reported missing. */
  readonly source?: PaymentSource;
  /** When the instrument was added to the account (drives the churn detector). */
  readonly addedOn?: IsoDay;
}

export interface CardPayment extends PaymentBase {
  readonly kind: 'card';
  /** Issuing country of the card's BIN, resolved by the shell. */
  readonly binCountry?: CountryCode;
}

export interface BankPayment extends PaymentBase {
  readonly kind: 'bank';
  /** Country of the bank holding the account. */
  readonly bankCountry?: CountryCode;
}

export interface CryptoPayment extends PaymentBase {
  readonly kind: 'crypto';
  /** Chain or network, e.g. "ethereum". A crypto wallet has no country. */
  readonly network?: string;
}

export type PaymentMeans = CardPayment | BankPayment | CryptoPayment;

/**
 * How an IP address reaches us, as classified by the shell (ASN / egress databases). VPN, hosting (cloud) and Tor
 * egress make the observed country unverifiable rather than a mismatch.
 */
export type IpEgress = 'direct' | 'vpn' | 'cloud' | 'tor' | 'unknown';

export interface IpObservation {
  readonly ip: string;
  /** Country the shell's geolocation resolved; undefined when it could not. */
  readonly country?: CountryCode;
  readonly egress?: IpEgress;
  readonly observedOn?: IsoDay;
}

/** A beneficial owner of an entity applicant: a share, control, and the facts that make it a US or foreign person. */
export interface BeneficialOwner {
  readonly name: string;
  readonly type: 'individual' | 'entity';
  /** Direct or indirect ownership share, percent (0–100). Undefined when unknown. */
  readonly sharePct?: number;
  /** Exercises control (officer, director, veto rights…) regardless of share. */
  readonly controls?: boolean;
  /** Individuals: every citizenship (ISO-2). */
  readonly nationalities?: readonly CountryCode[];
  /** Individuals: country of residence. */
  readonly residenceCountry?: CountryCode;
  /** Individuals: holds US lawful permanent residence. Undefined when not stated. */
  readonly usPermanentResident?: boolean;
  /** Entities: country of incorporation. */
  readonly countryOfIncorporation?: CountryCode;
}

/** Identity verification performed by the provider (documentary or non-documentary), recorded by the shell. */
export interface VerificationEvidence {
  readonly method: 'documentary' | 'non-documentary';
  /** E.g. "passport", "certificate of incorporation", "credit bureau match". */
  readonly evidence: string;
  readonly verifiedOn: IsoDay;
}

interface ApplicationBase {
  /** The provider's account id. */
  readonly accountId: string;
  /** Legal name first, then any other names used. */
  readonly names: readonly string[];
  readonly addresses: readonly PostalAddress[];
  readonly paymentMeans: readonly PaymentMeans[];
  readonly emails: readonly string[];
  /** E.164 numbers, "+<calling code><number>". */
  readonly phones: readonly string[];
  /** IP addresses used to open or administer the account, with the country the shell resolved. */
  readonly ipAddresses: readonly IpObservation[];
  /** The country the applicant declares (residence for individuals, principal place of business for entities). */
  readonly declaredCountry?: CountryCode;
  /**
   * Resellers between the provider and the customer, from the provider's direct reseller to the one that serves
   * the customer. Empty for a direct customer.
   */
  readonly resellerChain: readonly string[];
  readonly openedOn?: IsoDay;
  readonly verification?: readonly VerificationEvidence[];
}

export interface IndividualApplication extends ApplicationBase {
  readonly type: 'individual';
  /** Every citizenship (ISO-2). Empty when not given. */
  readonly citizenships: readonly CountryCode[];
  /** Holds US lawful permanent residence. Undefined when not stated. */
  readonly usPermanentResident?: boolean;
  readonly residenceCountry?: CountryCode;
}

export interface EntityApplication extends ApplicationBase {
  readonly type: 'entity';
  readonly countryOfIncorporation?: CountryCode;
  readonly principalPlaceOfBusiness?: CountryCode;
  readonly beneficialOwners: readonly BeneficialOwner[];
  /** The applicant states the owner list is complete (no other owner of the counted kind). */
  readonly beneficialOwnersComplete?: boolean;
}

export type CustomerApplication = IndividualApplication | EntityApplication;

/** A foreign reseller's attestation that it keeps its own customer identification program. */
export interface ResellerAttestation {
  /** What the program is (title, version, or a document reference). */
  readonly program: string;
  readonly attestedOn: IsoDay;
  /** Exclusive: the attestation lapses on this day. */
  readonly expiresOn: IsoDay;
  readonly lastAuditOn?: IsoDay;
}

/** A registered reseller of the provider's IaaS products. */
export interface Reseller {
  readonly id: string;
  readonly name: string;
  readonly country: CountryCode;
  /** Every attestation received, current or lapsed. */
  readonly attestations: readonly ResellerAttestation[];
  /** Account ids of the reseller's own customers, as it reported them. */
  readonly customers: readonly string[];
}

/** One account's accelerator use on one day. */
export interface UsageRecord {
  readonly accountId: string;
  readonly day: IsoDay;
  /** Accelerator model id, matching the FLOP/s table (e.g. "nvidia-h100-sxm"). */
  readonly acceleratorModel: string;
  readonly count: number;
  /** Hours each accelerator ran that day (0–24). */
  readonly hours: number;
  /** Average utilisation of peak dense throughput, 0–1 (model FLOP utilisation). */
  readonly utilisation: number;
}

/** A dated list of countries (countries of concern, D:5, special-measure jurisdictions…), given by the caller. */
export interface DatedCountryList {
  readonly id: string;
  readonly title: string;
  readonly entries: readonly DatedCountryEntry[];
}

export interface DatedCountryEntry {
  readonly country: CountryCode;
  /** Inclusive. */
  readonly from: IsoDay;
  /** Exclusive; undefined while current. */
  readonly to?: IsoDay;
  /** Where the membership comes from (rule citation, reference key). */
  readonly source: string;
}

export type KycSeverity = 'low' | 'medium' | 'high';
export const KYC_SEVERITY_RANK: Readonly<Record<KycSeverity, number>> = { low: 0, medium: 1, high: 2 };

/** A fact a detector relied on, for a reviewer. */
export type KycEvidence = Readonly<Record<string, string | number | boolean | readonly string[]>>;
