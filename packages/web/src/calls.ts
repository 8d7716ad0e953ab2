/**
 * What every module's API client (fleet-api, kyc-api, program-api, models-api, synthesis-api) is built on: the
 * client's JSON and file requests, the query string, and the files the server sends.
 */

/** A JSON request through the signed-in client (problem+json errors become ApiError). */
export type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;
/** A file request through the signed-in client. */
export type RequestFile = (method: string, path: string, fallbackName: string) => Promise<Download>;

/** `?a=1&b=x` from the defined, non-empty fields; '' when there are none. */
export function query(q: object): string {
  const parts = Object.entries(q)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** A path segment. */
export const seg = encodeURIComponent;

/** A file the server sent (a PDF, or JSON kept byte for byte), with the name it proposes. */
export interface Download {
  readonly blob: Blob;
  readonly fileName: string;
  readonly headers: Headers;
}

/** Hands a downloaded file to the browser as a download. */
export function saveDownload(d: Download): void {
  const url = URL.createObjectURL(d.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = d.fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** `attachment; filename="x.pdf"` → `x.pdf`. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const m = disposition?.match(/filename="?([^";]+)"?/i);
  return m?.[1] ?? fallback;
}
