/**
 * Reads the UN Security Council consolidated list XML (schema sc-sanctions.xsd) into list entries.
 *
 * Each <INDIVIDUAL> and <ENTITY> record is parsed on its own, so a malformed record (broken markup,
 * no name, invalid UTF-8) is reported by its ordinal and the others still load.
 * @module
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { EntryAddress, EntryIdentifier, EntryName, ListEntry } from '../screening/types.js';
import { countryCode } from '../util/countries.js';
import { hasInvalidUtf8, type ListParseResult, MAX_NAME_LENGTH, type RowProblem } from './parse-result.js';

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) =>
    [
      'INDIVIDUAL_ALIAS',
      'ENTITY_ALIAS',
      'INDIVIDUAL_ADDRESS',
      'ENTITY_ADDRESS',
      'INDIVIDUAL_DATE_OF_BIRTH',
      'INDIVIDUAL_DOCUMENT',
      'VALUE',
    ].includes(name),
});

function text(v: unknown): string {
  return typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : '';
}

function arr(v: unknown): XmlNode[] {
  return Array.isArray(v) ? (v as XmlNode[]) : v && typeof v === 'object' ? [v as XmlNode] : [];
}

function values(v: unknown): string[] {
  return arr(v)
    .flatMap((n) => (Array.isArray(n.VALUE) ? n.VALUE : []))
    .map(text)
    .filter(Boolean);
}

function addresses(nodes: XmlNode[]): EntryAddress[] {
  return nodes.flatMap((a) => {
    const parts = ['STREET', 'CITY', 'STATE_PROVINCE', 'ZIP_CODE', 'COUNTRY'].map((k) => text(a[k])).filter(Boolean);
    if (parts.length === 0) return [];
    const country = countryCode(text(a.COUNTRY));
    return [country ? { text: parts.join(', '), country } : { text: parts.join(', ') }];
  });
}

function datesOfBirth(nodes: XmlNode[]): string[] {
  return nodes.flatMap((d) => {
    const date = text(d.DATE) || text(d.YEAR);
    if (date) return [date];
    const from = text(d.FROM_YEAR);
    const to = text(d.TO_YEAR);
    return from && to ? [`${from}/${to}`] : [];
  });
}

function documents(nodes: XmlNode[]): EntryIdentifier[] {
  return nodes.flatMap((d) => {
    const number = text(d.NUMBER);
    if (!number) return [];
    const country = countryCode(text(d.ISSUING_COUNTRY) || text(d.COUNTRY_OF_ISSUE));
    const type = text(d.TYPE_OF_DOCUMENT) || 'Document';
    return [country ? { type, number, country } : { type, number }];
  });
}

function toEntry(node: XmlNode, kind: 'INDIVIDUAL' | 'ENTITY', warn: (message: string) => void): ListEntry | string {
  const id = text(node.DATAID);
  if (!id) return 'missing DATAID';
  const primary =
    kind === 'INDIVIDUAL'
      ? ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME']
          .map((k) => text(node[k]))
          .filter(Boolean)
          .join(' ')
      : text(node.FIRST_NAME);
  if (!primary) return 'empty name';
  if (hasInvalidUtf8(primary)) return 'name is not valid UTF-8';
  if (primary.length > MAX_NAME_LENGTH) return `name longer than ${MAX_NAME_LENGTH} characters`;
  const names: EntryName[] = [{ value: primary, kind: 'primary' }];
  const seen = new Set([primary.toLowerCase()]);
  const push = (value: string, k: EntryName['kind']) => {
    if (!value || seen.has(value.toLowerCase())) return;
    if (hasInvalidUtf8(value) || value.length > MAX_NAME_LENGTH) {
      warn(`alias dropped (${hasInvalidUtf8(value) ? 'not valid UTF-8' : 'too long'}): ${value.slice(0, 60)}`);
      return;
    }
    seen.add(value.toLowerCase());
    names.push({ value, kind: k });
  };
  push(text(node.NAME_ORIGINAL_SCRIPT), 'alias');
  for (const alias of arr(node[`${kind}_ALIAS`])) {
    // UN marks aliases "Good" or "Low" quality; low-quality aliases are OFAC's "weak AKA".
    push(text(alias.ALIAS_NAME), text(alias.QUALITY).toLowerCase() === 'low' ? 'weak' : 'alias');
  }
  const addr = addresses(arr(node[`${kind}_ADDRESS`]));
  const nationalities = values(node.NATIONALITY).flatMap((n) => countryCode(n) ?? []);
  const countries = [...new Set([...addr.flatMap((a) => (a.country ? [a.country] : [])), ...nationalities])];
  const listedOn = text(node.LISTED_ON);
  const remarks = text(node.COMMENTS1);
  const reference = text(node.REFERENCE_NUMBER);
  return {
    key: `UN:${id}`,
    source: 'UN',
    type: kind === 'INDIVIDUAL' ? 'person' : 'organization',
    names,
    addresses: addr,
    countries,
    identifiers: [
      ...(reference ? [{ type: 'UN reference number', number: reference }] : []),
      ...documents(arr(node.INDIVIDUAL_DOCUMENT)),
    ],
    datesOfBirth: datesOfBirth(arr(node.INDIVIDUAL_DATE_OF_BIRTH)),
    listing: {
      programs: [text(node.UN_LIST_TYPE)].filter(Boolean),
      ...(listedOn ? { startDate: listedOn } : {}),
      ...(remarks ? { remarks } : {}),
      sourceListUrl: 'https://scsanctions.un.org/resources/xml/en/consolidated.xml',
    },
  };
}

export function parseUnXml(xml: string): ListParseResult {
  const entries: ListEntry[] = [];
  const problems: RowProblem[] = [];
  const generatedAt = /<CONSOLIDATED_LIST[^>]*\bdateGenerated="([^"]+)"/.exec(xml)?.[1];
  if (!generatedAt && !xml.includes('<CONSOLIDATED_LIST')) {
    return {
      format: 'un-xml',
      entries,
      problems: [{ row: 0, message: 'not a UN consolidated list (no CONSOLIDATED_LIST element)', severity: 'error' }],
    };
  }
  const keys = new Set<string>();
  let ordinal = 0;
  for (const m of xml.matchAll(/<(INDIVIDUAL|ENTITY)>([\s\S]*?)<\/\1>/g)) {
    ordinal++;
    const kind = m[1] as 'INDIVIDUAL' | 'ENTITY';
    const record = m[0];
    const valid = XMLValidator.validate(record);
    if (valid !== true) {
      problems.push({ row: ordinal, message: `${kind} record: malformed XML (${valid.err.msg})`, severity: 'error' });
      continue;
    }
    const node = (parser.parse(record) as Record<string, XmlNode>)[kind] ?? {};
    const row = ordinal;
    const entry = toEntry(node, kind, (message) =>
      problems.push({ row, message: `${kind} record: ${message}`, severity: 'warning' }),
    );
    if (typeof entry === 'string') {
      problems.push({ row: ordinal, message: `${kind} record: ${entry}`, severity: 'error' });
      continue;
    }
    if (keys.has(entry.key)) {
      problems.push({ row: ordinal, message: `${kind} record: duplicate DATAID ${entry.key}`, severity: 'error' });
      continue;
    }
    keys.add(entry.key);
    entries.push(entry);
  }
  return generatedAt ? { format: 'un-xml', entries, problems, generatedAt } : { format: 'un-xml', entries, problems };
}
