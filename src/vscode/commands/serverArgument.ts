// "Connect to MLflow Server…" called with an argument instead of from the palette (a script, a test):
// `{ url, token }`, `{ url, username, password }` or `{ url }` (no credentials). Plain data, no `vscode`.
import type { ServerConnection } from '../backend/remoteBackend';
import { parseServerUrl } from '../backend/serverUrl';

/** The connection the argument asks for, why it cannot be used, or undefined when there is no argument (ask instead). */
export function serverFromArgument(arg: unknown): ServerConnection | { error: string } | undefined {
  if (typeof arg !== 'object' || arg === null || !('url' in arg)) return undefined;
  const { url, token, username, password } = arg as Record<string, unknown>;
  if (typeof url !== 'string') return { error: 'The server argument needs a url string.' };
  const parsed = parseServerUrl(url);
  if ('error' in parsed) return parsed;
  for (const [name, value] of Object.entries({ token, username, password })) {
    if (value !== undefined && typeof value !== 'string') return { error: `The server argument's ${name} must be a string.` };
  }
  if (typeof token === 'string' && token !== '') {
    if (username !== undefined) return { error: 'Give a token, or a username and password, not both.' };
    return { url: parsed.url, auth: 'token', credentials: { token } };
  }
  if (typeof username === 'string' && username !== '') {
    return { url: parsed.url, auth: 'basic', credentials: { username, password: typeof password === 'string' ? password : '' } };
  }
  return { url: parsed.url, auth: 'none', credentials: {} };
}
