/**
 * The lists Stackport knows, with the agency behind each and the source strings the CSL file uses.
 * Source strings: trade.gov Consolidated Screening List CSV, column `source`.
 * @module
 */
import type { SourceCode } from '../screening/types.js';

export interface SourceInfo {
  readonly code: SourceCode;
  readonly name: string;
  readonly agency: string;
}

export const SOURCES: readonly SourceInfo[] = [
  { code: 'EL', name: 'Entity List', agency: 'Commerce/BIS' },
  { code: 'MEU', name: 'Military End User List', agency: 'Commerce/BIS' },
  { code: 'UVL', name: 'Unverified List', agency: 'Commerce/BIS' },
  { code: 'DPL', name: 'Denied Persons List', agency: 'Commerce/BIS' },
  { code: 'ISN', name: 'Nonproliferation Sanctions', agency: 'State/ISN' },
  { code: 'DTC', name: 'ITAR Debarred', agency: 'State/DDTC' },
  { code: 'SDN', name: 'Specially Designated Nationals', agency: 'Treasury/OFAC' },
  { code: 'FSE', name: 'Foreign Sanctions Evaders', agency: 'Treasury/OFAC' },
  { code: 'SSI', name: 'Sectoral Sanctions Identifications List', agency: 'Treasury/OFAC' },
  { code: 'PLC', name: 'Palestinian Legislative Council List', agency: 'Treasury/OFAC' },
  { code: 'CAP', name: 'Capta List', agency: 'Treasury/OFAC' },
  { code: 'CMIC', name: 'Non-SDN Chinese Military-Industrial Complex Companies List', agency: 'Treasury/OFAC' },
  { code: 'NS-MBS', name: 'Non-SDN Menu-Based Sanctions List', agency: 'Treasury/OFAC' },
  { code: 'UN', name: 'UN Security Council Consolidated List', agency: 'United Nations' },
];

const BY_CODE = new Map(SOURCES.map((s) => [s.code, s]));

export function sourceInfo(code: SourceCode): SourceInfo {
  const info = BY_CODE.get(code);
  if (!info) throw new Error(`unknown source ${code}`);
  return info;
}

/** The CSL writes e.g. "Entity List (EL) - Bureau of Industry and Security": the code is in parentheses. */
export function sourceFromCslString(raw: string): SourceCode | undefined {
  const m = /\(([A-Z-]+)(?: List)?\)/.exec(raw);
  const code = m?.[1];
  return code && BY_CODE.has(code as SourceCode) ? (code as SourceCode) : undefined;
}
