/**
 * FASTA order parsing with validation. Bad records are reported (with record id, line and, for characters,
 * the character and its position) and skipped; good records still parse. Order-level limits (record count, total
 * length) reject the whole order with a clear reason. Mirrors the commec test cases: non-IUPAC, non-ASCII, empty
 * record, duplicate ids, protein input.
 * @module
 */
import { IUPAC_AMINO_ACIDS, IUPAC_NUCLEOTIDES } from './sequence.js';

export type SequenceKind = 'dna' | 'rna' | 'protein';

export interface FastaRecord {
  /** First word of the header line (after `>`). */
  id: string;
  /** Rest of the header line. */
  description: string;
  /** Residues, uppercased, whitespace removed. RNA keeps its U (normalise with `normaliseNucleotides`). */
  sequence: string;
  kind: SequenceKind;
  /** 1-based line number of the header. */
  line: number;
}

export type FastaIssueCode =
  | 'non_iupac'
  | 'non_ascii'
  | 'empty_record'
  | 'empty_id'
  | 'duplicate_id'
  | 'duplicate_sequence'
  | 'sequence_before_header'
  | 'record_too_long'
  | 'kind_mismatch';

export interface FastaIssue {
  severity: 'error' | 'warning';
  code: FastaIssueCode;
  /** Record id (`(before first header)` for stray sequence lines; `#n` when the header has no id). */
  recordId: string;
  /** 1-based line number in the input. */
  line: number;
  /** 1-based column in that line (character issues only). */
  column?: number;
  /** 1-based position in the record's sequence (character issues only). */
  position?: number;
  /** The offending character (character issues only). */
  char?: string;
  message: string;
}

export interface FastaLimits {
  /** Maximum number of records in one order. */
  maxRecords: number;
  /** Maximum total residues in one order. */
  maxTotalLength: number;
  /** Maximum residues in one record (commec's MAXIMUM_QUERY_LENGTH is 100,000). */
  maxRecordLength: number;
}

export const DEFAULT_FASTA_LIMITS: FastaLimits = {
  maxRecords: 10_000,
  maxTotalLength: 50_000_000,
  maxRecordLength: 10_000_000,
};

export interface ParseFastaOptions {
  limits?: Partial<FastaLimits>;
  /** Forces the kind of every record (e.g. a protein order made only of A/C/G/T letters). */
  kind?: SequenceKind;
  /** Stop reporting character issues of one record after this many (the record is rejected either way). */
  maxIssuesPerRecord?: number;
}

export interface FastaRejection {
  code: 'too_many_records' | 'too_long';
  message: string;
}

export interface FastaParseResult {
  /** Valid records, in input order. Empty when the order is rejected. */
  records: FastaRecord[];
  /** Errors (each rejects one record) and warnings. */
  issues: FastaIssue[];
  /** Ids of records rejected by an error. */
  rejectedIds: string[];
  /** Set when an order-level limit is exceeded; then no record is returned. */
  rejection?: FastaRejection;
}

const NT_SET = new Set(IUPAC_NUCLEOTIDES);
const AA_SET = new Set(IUPAC_AMINO_ACIDS);
const STRICT_NT = new Set('ACGTUN');

/**
 * Kind detection: nucleotide when ≥ 80 % of residues are A/C/G/T/U/N (so a few bad characters in a DNA record
 * are reported as non-IUPAC DNA rather than turning it into a protein); RNA when it has U and no T.
 */
export function detectKind(seq: string): SequenceKind {
  if (seq.length === 0) return 'dna';
  let strict = 0;
  let u = 0;
  let t = 0;
  for (const c of seq) {
    if (STRICT_NT.has(c)) strict++;
    if (c === 'U') u++;
    else if (c === 'T') t++;
  }
  if (strict / seq.length < 0.8) return 'protein';
  return u > 0 && t === 0 ? 'rna' : 'dna';
}

interface Pending {
  id: string;
  description: string;
  line: number;
  /** [lineNumber, text] of each sequence line. */
  lines: [number, string][];
}

/** Parses FASTA order text. Never throws on bad input. */
export function parseFasta(text: string, options: ParseFastaOptions = {}): FastaParseResult {
  const limits = { ...DEFAULT_FASTA_LIMITS, ...options.limits };
  const maxIssues = options.maxIssuesPerRecord ?? 20;
  const issues: FastaIssue[] = [];
  const records: FastaRecord[] = [];
  const rejectedIds: string[] = [];
  const seenIds = new Map<string, number>();
  const seenSeqs = new Map<string, string>();
  const lines = text.split(/\r\n|\n|\r/);
  let stray: Pending | undefined;
  let current: Pending | undefined;
  let recordCount = 0;
  let totalLength = 0;

  const finish = (p: Pending) => {
    const recIssues: FastaIssue[] = [];
    const err = (i: Omit<FastaIssue, 'severity' | 'recordId'>) =>
      recIssues.push({ severity: 'error', recordId: p.id, ...i });
    let seq = '';
    let nonAscii = false;
    for (const [ln, raw] of p.lines) {
      const stripped = raw.replace(/\s+/g, '');
      for (let k = 0; k < raw.length; k++) {
        if (raw.charCodeAt(k) > 127) {
          if (!nonAscii)
            err({
              code: 'non_ascii',
              line: ln,
              column: k + 1,
              char: raw[k] as string,
              message: `record '${p.id}': non-ASCII character '${raw[k]}' (U+${(raw.codePointAt(k) ?? 0).toString(16).toUpperCase().padStart(4, '0')}) at line ${ln}, column ${k + 1}`,
            });
          nonAscii = true;
        }
      }
      seq += stripped.toUpperCase();
    }
    if (p.id === '(before first header)') {
      issues.push({
        severity: 'error',
        code: 'sequence_before_header',
        recordId: p.id,
        line: p.line,
        message: `sequence data at line ${p.line} appears before any '>' header; it is not part of any record`,
      });
      return;
    }
    if (seq.length === 0) {
      err({ code: 'empty_record', line: p.line, message: `record '${p.id}' (line ${p.line}) has no sequence` });
    }
    const kind = options.kind ?? detectKind(seq);
    if (!nonAscii && seq.length > 0) {
      const allowed = kind === 'protein' ? AA_SET : NT_SET;
      let pos = 0;
      let reported = 0;
      for (const [ln, raw] of p.lines) {
        for (let k = 0; k < raw.length; k++) {
          const ch = raw[k] as string;
          if (/\s/.test(ch)) continue;
          pos++;
          const up = ch.toUpperCase();
          const bad = !allowed.has(up);
          if (bad && reported < maxIssues) {
            reported++;
            err({
              code: 'non_iupac',
              line: ln,
              column: k + 1,
              position: pos,
              char: ch,
              message: `record '${p.id}': '${ch}' at position ${pos} (line ${ln}, column ${k + 1}) is not an IUPAC ${kind === 'protein' ? 'amino-acid' : 'nucleotide'} code`,
            });
          }
        }
      }
    }
    if (seq.length > limits.maxRecordLength) {
      err({
        code: 'record_too_long',
        line: p.line,
        message: `record '${p.id}' has ${seq.length} residues, above the per-record limit of ${limits.maxRecordLength}`,
      });
    }
    if (options.kind && seq.length > 0 && options.kind !== detectKind(seq)) {
      recIssues.push({
        severity: 'warning',
        code: 'kind_mismatch',
        recordId: p.id,
        line: p.line,
        message: `record '${p.id}' looks like ${detectKind(seq)} but was declared ${options.kind}`,
      });
    }
    const firstLine = seenIds.get(p.id);
    if (firstLine !== undefined) {
      err({
        code: 'duplicate_id',
        line: p.line,
        message: `record id '${p.id}' at line ${p.line} duplicates the record at line ${firstLine}`,
      });
    } else seenIds.set(p.id, p.line);
    issues.push(...recIssues);
    if (recIssues.some((i) => i.severity === 'error')) {
      rejectedIds.push(p.id);
      return;
    }
    const dupOf = seenSeqs.get(seq);
    if (dupOf !== undefined) {
      issues.push({
        severity: 'warning',
        code: 'duplicate_sequence',
        recordId: p.id,
        line: p.line,
        message: `record '${p.id}' has the same sequence as record '${dupOf}'`,
      });
    } else seenSeqs.set(seq, p.id);
    records.push({ id: p.id, description: p.description, sequence: seq, kind, line: p.line });
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const ln = i + 1;
    if (raw.startsWith('>')) {
      if (current) finish(current);
      recordCount++;
      if (recordCount > limits.maxRecords) {
        return reject(
          issues,
          'too_many_records',
          `order has more than ${limits.maxRecords} records (limit maxRecords); record ${recordCount} starts at line ${ln}`,
        );
      }
      const header = raw.slice(1).trim();
      const sp = header.search(/\s/);
      const id = sp < 0 ? header : header.slice(0, sp);
      const description = sp < 0 ? '' : header.slice(sp + 1).trim();
      const recordId = id || `#${recordCount}`;
      current = { id: recordId, description, line: ln, lines: [] };
      if (!id)
        issues.push({
          severity: 'error',
          code: 'empty_id',
          recordId,
          line: ln,
          message: `header at line ${ln} has no id (record ${recordCount})`,
        });
      if (/[^\x00-\x7f]/.test(id)) {
        issues.push({
          severity: 'error',
          code: 'non_ascii',
          recordId,
          line: ln,
          message: `record id '${id}' at line ${ln} contains non-ASCII characters`,
        });
      } else if (/[^\x00-\x7f]/.test(description)) {
        issues.push({
          severity: 'warning',
          code: 'non_ascii',
          recordId,
          line: ln,
          message: `description of record '${recordId}' at line ${ln} contains non-ASCII characters`,
        });
      }
      continue;
    }
    if (raw.startsWith(';') || raw.trim() === '') continue;
    totalLength += raw.replace(/\s+/g, '').length;
    if (totalLength > limits.maxTotalLength) {
      return reject(
        issues,
        'too_long',
        `order exceeds ${limits.maxTotalLength} residues in total (limit maxTotalLength) at line ${ln}`,
      );
    }
    if (current) current.lines.push([ln, raw]);
    else {
      stray ??= { id: '(before first header)', description: '', line: ln, lines: [] };
      stray.lines.push([ln, raw]);
    }
  }
  if (stray) finish(stray);
  if (current) finish(current);
  // Header-level errors (empty id, non-ASCII id) reject the record too.
  for (const i of issues) {
    if ((i.code === 'empty_id' || (i.code === 'non_ascii' && i.column === undefined)) && i.severity === 'error') {
      const idx = records.findIndex((r) => r.id === i.recordId && r.line === i.line);
      if (idx >= 0) {
        records.splice(idx, 1);
        rejectedIds.push(i.recordId);
      }
    }
  }
  issues.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
  return { records, issues, rejectedIds };
}

function reject(issues: FastaIssue[], code: FastaRejection['code'], message: string): FastaParseResult {
  return { records: [], issues, rejectedIds: [], rejection: { code, message } };
}
