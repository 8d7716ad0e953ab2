/**
 * RFC 4180 CSV reading, one record at a time, so a malformed record is reported with its line
 * number and the rest of the file still parses.
 * @module
 */

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  readonly line: number;
  readonly fields: string[];
}

export interface CsvProblem {
  readonly line: number;
  readonly message: string;
}

/**
 * Splits CSV text into records. Quoted fields may hold commas, quotes (`""`) and newlines.
 * A stray quote inside an unquoted field, or an unterminated quoted field, yields a problem for
 * that record; reading resumes at the next line.
 */
export function* readCsv(text: string): Generator<CsvRecord | CsvProblem> {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let problem: string | undefined;
    let endOfRecord = false;
    while (!endOfRecord) {
      if (i >= n) {
        fields.push(field);
        break;
      }
      const ch = text[i];
      if (ch === '"' && field === '') {
        // Quoted field: read to the closing quote.
        i++;
        let closed = false;
        while (i < n) {
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        if (!closed) {
          problem = 'unterminated quoted field';
          fields.push(field);
          break;
        }
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          problem = `unexpected character after closing quote in field ${fields.length + 1}`;
          // Skip to end of line to resynchronise.
          while (i < n && text[i] !== '\n') i++;
          fields.push(field);
          break;
        }
        continue;
      }
      if (ch === ',') {
        fields.push(field);
        field = '';
        i++;
        continue;
      }
      if (ch === '\r' || ch === '\n') {
        fields.push(field);
        if (ch === '\r' && text[i + 1] === '\n') i++;
        i++;
        line++;
        endOfRecord = true;
        continue;
      }
      if (ch === '"') {
        problem = `stray quote in unquoted field ${fields.length + 1}`;
        while (i < n && text[i] !== '\n') i++;
        fields.push(field);
        break;
      }
      field += ch;
      i++;
    }
    if (!endOfRecord && i < n && text[i] === '\n') {
      i++;
      line++;
    }
    if (problem) {
      yield { line: startLine, message: problem };
      continue;
    }
    // Blank lines are not records.
    if (fields.length === 1 && fields[0] === '') continue;
    yield { line: startLine, fields };
  }
}

export function isCsvProblem(r: CsvRecord | CsvProblem): r is CsvProblem {
  return (r as CsvProblem).message !== undefined;
}

/** CSV text with a header row → one object per record, keyed by the header. Malformed records are skipped. */
export function readCsvObjects(text: string): Record<string, string>[] {
  let header: string[] | undefined;
  const out: Record<string, string>[] = [];
  for (const rec of readCsv(text)) {
    if (isCsvProblem(rec)) continue;
    if (!header) header = rec.fields;
    else out.push(Object.fromEntries(header.map((h, i) => [h, rec.fields[i] ?? ''])));
  }
  return out;
}
