import { SearchSyntaxError } from './errors';

// MLflow's page token (SearchUtils.create_page_token): standard base64 of the JSON `{"offset": n}`,
// written the way Python's json.dumps writes it, so tokens pass between us and MLflow servers.

export function encodePageToken(offset: number): string {
  return Buffer.from(`{"offset": ${offset}}`, 'utf8').toString('base64');
}

/** The offset a page token stands for; no token means the first page. */
export function decodePageToken(token: string | undefined): number {
  if (!token) return 0;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(token) || token.length % 4 !== 0) {
    throw invalid('it is not base64');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw invalid('it does not hold JSON');
  }
  const offset = typeof parsed === 'object' && parsed !== null ? (parsed as { offset?: unknown }).offset : undefined;
  const value = typeof offset === 'string' && /^\d+$/.test(offset) ? Number(offset) : offset;
  // MLflow refuses an offset of 0 too: its tokens only ever point past a first page.
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw invalid('it holds no positive "offset"');
  }
  return value;
}

function invalid(reason: string): SearchSyntaxError {
  return new SearchSyntaxError(`Invalid page token: ${reason}`, 0, 'page_token');
}
