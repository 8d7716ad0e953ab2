/**
 * Reading the files a command is given. A missing file or malformed JSON is bad input (exit 2, `SP_BAD_REQUEST`),
 * naming the argument and the file, like any other refusal.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { AppError } from '@stackport/app';

/** A text file's content; `what` names the argument in the error. */
export function readText(file: string, what: string): string {
  if (!existsSync(file))
    throw new AppError('SP_BAD_REQUEST', `${what}: no file ${file}`, [{ path: what, message: 'file not found' }]);
  return readFileSync(file, 'utf8');
}

function parseJson(text: string, what: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new AppError('SP_BAD_REQUEST', `${what}: ${where} is not valid JSON: ${(e as Error).message}`, [
      { path: what, message: 'invalid JSON' },
    ]);
  }
}

/** A JSON file's value. */
export function readJsonFile(file: string, what: string): unknown {
  return parseJson(readText(file, what), what, file);
}

/** A JSON value given inline (starting with `{` or `[`) or as a file name. */
export function jsonArg(value: string, what: string): unknown {
  const v = value.trim();
  return v.startsWith('{') || v.startsWith('[') ? parseJson(v, what, 'the value') : readJsonFile(value, what);
}
