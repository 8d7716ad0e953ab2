/** Display helpers shared by the pages. */

/** Full names of the list sources, for tooltips and legends. */
export const SOURCE_NAMES: Record<string, string> = {
  EL: 'Entity List (BIS)',
  MEU: 'Military End User List (BIS)',
  UVL: 'Unverified List (BIS)',
  DPL: 'Denied Persons List (BIS)',
  ISN: 'Nonproliferation Sanctions (State)',
  DTC: 'ITAR Debarred (State)',
  SDN: 'Specially Designated Nationals (OFAC)',
  FSE: 'Foreign Sanctions Evaders (OFAC)',
  SSI: 'Sectoral Sanctions Identifications (OFAC)',
  PLC: 'Palestinian Legislative Council (OFAC)',
  CAP: 'CAPTA List (OFAC)',
  CMIC: 'Chinese Military-Industrial Complex Companies (OFAC)',
  'NS-MBS': 'Non-SDN Menu-Based Sanctions (OFAC)',
  UN: 'UN Security Council Consolidated List',
};

const number = new Intl.NumberFormat('en-US');

export function fmtInt(n: number | undefined | null): string {
  return typeof n === 'number' ? number.format(n) : '—';
}

export function fmtScore(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

export function fmtPoints(n: number): string {
  return `${n > 0 ? '+' : n < 0 ? '−' : '±'}${fmtScore(Math.abs(n))}`;
}

/** 2026-02-27T10:00:00.000Z → "2026-02-27 10:00 UTC"; a bare date stays a date. */
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function shortId(id: string, n = 8): string {
  return id.length > n ? id.slice(0, n) : id;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
