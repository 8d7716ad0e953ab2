/**
 * The fleet registry as CSV: one device per row. Reading maps each row to the device-registration shape (the
 * service validates it with the same schema as the API); writing produces the same columns, so an export
 * re-imports unchanged. Pure: text in, records and problems out.
 * @module
 */
import { isCsvProblem, readCsv } from '../util/csv.js';

/** Columns in export order. `required` columns must be present in the header of an import. */
export const REGISTRY_COLUMNS = [
  { name: 'device_id', required: true },
  { name: 'serial', required: true },
  { name: 'model', required: true },
  { name: 'eccn', required: true },
  { name: 'license_id', required: false },
  { name: 'licensee', required: true },
  { name: 'end_user', required: false },
  { name: 'site_lat', required: true },
  { name: 'site_lon', required: true },
  { name: 'site_country', required: true },
  { name: 'site_radius_km', required: false },
  { name: 'site_label', required: false },
  { name: 'check_in_hours', required: false },
  { name: 'shipment_id', required: false },
  { name: 'registered_at', required: false },
  { name: 'public_key', required: true },
  { name: 'kex_public_key', required: false },
  { name: 'kex_key_signature', required: false },
] as const;

export type RegistryColumn = (typeof REGISTRY_COLUMNS)[number]['name'];

/** One registry row in the device-registration input shape (numbers parsed where they parse; the schema checks the rest). */
export interface RegistryRecord {
  /** 1-based line of the row in the file. */
  readonly line: number;
  readonly raw: Readonly<Record<string, string>>;
  readonly input: Readonly<Record<string, unknown>>;
}

export interface RegistryProblem {
  readonly line: number;
  readonly reason: string;
  readonly raw: Readonly<Record<string, string>> | null;
}

export interface RegistryParse {
  readonly records: readonly RegistryRecord[];
  readonly problems: readonly RegistryProblem[];
  /** Header columns Stackport does not know (ignored, reported once). */
  readonly unknownColumns: readonly string[];
  /** Required columns missing from the header: when non-empty no row is read. */
  readonly missingColumns: readonly string[];
}

const numberOrText = (s: string): number | string => {
  const t = s.trim();
  const n = Number(t);
  return t !== '' && Number.isFinite(n) ? n : t;
};

function toInput(row: Record<string, string>): Record<string, unknown> {
  const opt = (k: RegistryColumn) => {
    const v = row[k]?.trim();
    return v ? v : undefined;
  };
  const input: Record<string, unknown> = {
    deviceId: row.device_id?.trim() ?? '',
    publicKey: row.public_key?.trim() ?? '',
    serial: row.serial?.trim() ?? '',
    model: row.model?.trim() ?? '',
    eccn: row.eccn?.trim() ?? '',
    licensee: row.licensee?.trim() ?? '',
    licensedSite: {
      position: { lat: numberOrText(row.site_lat ?? ''), lon: numberOrText(row.site_lon ?? '') },
      country: row.site_country?.trim() ?? '',
      ...(opt('site_radius_km') ? { radiusKm: numberOrText(row.site_radius_km as string) } : {}),
      ...(opt('site_label') ? { label: opt('site_label') } : {}),
    },
  };
  const optional: [RegistryColumn, string, (s: string) => unknown][] = [
    ['license_id', 'licenseId', (s) => s],
    ['end_user', 'endUser', (s) => s],
    ['check_in_hours', 'expectedCheckInHours', numberOrText],
    ['shipment_id', 'shipmentId', (s) => s],
    ['registered_at', 'registeredAt', (s) => s],
    ['kex_public_key', 'kexPublicKey', (s) => s],
    ['kex_key_signature', 'kexKeySignature', (s) => s],
  ];
  for (const [col, key, conv] of optional) {
    const v = opt(col);
    if (v !== undefined) input[key] = conv(v);
  }
  return input;
}

export function parseRegistryCsv(text: string): RegistryParse {
  const records: RegistryRecord[] = [];
  const problems: RegistryProblem[] = [];
  let header: string[] | undefined;
  const known = new Set<string>(REGISTRY_COLUMNS.map((c) => c.name));
  let unknownColumns: string[] = [];
  let missingColumns: string[] = [];
  const seenIds = new Map<string, number>();
  for (const r of readCsv(text)) {
    if (isCsvProblem(r)) {
      problems.push({ line: r.line, reason: `malformed CSV: ${r.message}`, raw: null });
      continue;
    }
    if (r.fields.length === 1 && r.fields[0]?.trim() === '') continue; // blank line
    if (!header) {
      header = r.fields.map((f) => f.trim().toLowerCase());
      unknownColumns = header.filter((h) => !known.has(h));
      missingColumns = REGISTRY_COLUMNS.filter((c) => c.required && !header?.includes(c.name)).map((c) => c.name);
      if (missingColumns.length) break;
      continue;
    }
    const raw: Record<string, string> = {};
    for (const [i, h] of header.entries()) raw[h] = r.fields[i] ?? '';
    if (r.fields.length !== header.length) {
      problems.push({
        line: r.line,
        reason: `has ${r.fields.length} fields, the header has ${header.length}`,
        raw,
      });
      continue;
    }
    const id = raw.device_id?.trim() ?? '';
    const first = seenIds.get(id);
    if (id && first !== undefined) {
      problems.push({ line: r.line, reason: `device_id ${id} repeats line ${first}`, raw });
      continue;
    }
    if (id) seenIds.set(id, r.line);
    records.push({ line: r.line, raw, input: toInput(raw) });
  }
  if (!header && missingColumns.length === 0)
    missingColumns = REGISTRY_COLUMNS.filter((c) => c.required).map((c) => c.name);
  return { records, problems, unknownColumns, missingColumns };
}

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** One CSV row per device, in REGISTRY_COLUMNS order, with a header; reading it back gives the same devices. */
export function formatRegistryCsv(rows: readonly Readonly<Partial<Record<RegistryColumn, string | number>>>[]): string {
  const lines = [REGISTRY_COLUMNS.map((c) => c.name).join(',')];
  for (const r of rows) lines.push(REGISTRY_COLUMNS.map((c) => quote(String(r[c.name] ?? ''))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
