/**
 * The only code that fetches: one feed file, validated against its schema before anyone sees it.
 * Every failure becomes a FeedError that names the file and says what was wrong.
 */
import type { GenericSchema, InferOutput } from 'valibot';
import { FeedShapeError, parseFeedJson } from '../feed/schema.ts';
import { FEED_ROOT } from '../lib/base-path.ts';

export type FeedErrorKind = 'not-found' | 'http' | 'network' | 'timeout' | 'invalid-json' | 'shape';

export class FeedError extends Error {
  override name = 'FeedError';
  readonly kind: FeedErrorKind;
  readonly file: string;
  readonly status: number | null;
  constructor(kind: FeedErrorKind, file: string, message: string, status: number | null = null) {
    super(message);
    this.kind = kind;
    this.file = file;
    this.status = status;
  }
  /** Worth trying again automatically (the network or the server may recover). */
  get transient(): boolean {
    return this.kind === 'network' || this.kind === 'timeout' || (this.kind === 'http' && (this.status ?? 0) >= 500);
  }
}

/** Long enough for a big list page on a slow phone connection; a timeout is retried once. */
export const FETCH_TIMEOUT_MS = 15_000;

declare global {
  interface Window {
    /** Tests only: a shorter fetch timeout, set before the app starts (Playwright's addInitScript). */
    __FINEWS_FETCH_TIMEOUT_MS?: unknown;
  }
}

/** The timeout in force: FETCH_TIMEOUT_MS unless a test set a positive number of milliseconds. */
export function fetchTimeoutMs(): number {
  const override = typeof window === 'undefined' ? undefined : window.__FINEWS_FETCH_TIMEOUT_MS;
  return typeof override === 'number' && Number.isFinite(override) && override > 0 ? override : FETCH_TIMEOUT_MS;
}

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;

export async function fetchFeed<S extends GenericSchema>(file: string, schema: S, signal?: AbortSignal): Promise<InferOutput<S>> {
  const url = `${FEED_ROOT}${file}`;
  const timeoutMs = fetchTimeoutMs();
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { signal: combined, headers: { Accept: 'application/json' } });
    if (response.status === 404) throw new FeedError('not-found', file, `${file} was not found (404)`, 404);
    if (!response.ok) throw new FeedError('http', file, `${file}: the server answered ${response.status} ${response.statusText}`.trim(), response.status);
    text = await response.text();
  } catch (error) {
    if (error instanceof FeedError) throw error;
    if (timeout.aborted) throw new FeedError('timeout', file, `${file}: no answer within ${seconds(timeoutMs)}`);
    if (signal?.aborted) throw error;
    throw new FeedError('network', file, `${file}: the network request failed (${navigator.onLine ? (error as Error).message : 'offline'})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new FeedError('invalid-json', file, `${file} is not valid JSON (${text.length === 0 ? 'empty response' : (error as Error).message})`);
  }
  try {
    return parseFeedJson(schema, data, file);
  } catch (error) {
    if (error instanceof FeedShapeError) throw new FeedError('shape', file, error.message);
    throw error;
  }
}
