/**
 * CLI output conventions: data on stdout (JSON with --json, text otherwise), messages and progress
 * on stderr; exit codes 0 ok, 1 runtime failure, 2 bad input or usage.
 * @module
 */
import { AppError, toProblem } from '@stackport/app';

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export function printData(json: boolean, data: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text()}\n`);
}

export function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Prints an error the same way the HTTP API reports it (the problem document) and returns the exit code. */
export function reportError(err: unknown, json: boolean): number {
  const problem = toProblem(err);
  if (!(err instanceof AppError)) {
    // Unexpected failures show their message on a terminal; the API hides it from remote callers.
    problem.detail = err instanceof Error ? err.message : String(err);
  }
  if (json) process.stderr.write(`${JSON.stringify({ error: problem })}\n`);
  else {
    process.stderr.write(`error ${problem.code}: ${problem.detail}\n`);
    for (const d of (problem as { errors?: { path?: string; message: string }[] }).errors ?? []) {
      process.stderr.write(`  ${d.path ? `${d.path}: ` : ''}${d.message}\n`);
    }
  }
  return err instanceof AppError ? err.exitCode : EXIT.failure;
}

/** A one-line progress bar on stderr, drawn only on a terminal. */
export function progress(total: number, label: string) {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return {
    update(done: number) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const pct = total ? Math.floor((done / total) * 100) : 100;
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${pct}%`);
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}

export function table(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))));
  const widths: number[] = [];
  for (const r of cells) {
    for (const [i, c] of r.entries()) widths[i] = Math.max(widths[i] ?? 0, c.length);
  }
  return cells
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
