// The address a user types for an MLflow Tracking Server, checked before anything is sent there.
// Credentials never ride in the URL: the URL is remembered in workspace state, the credentials only
// in the editor's secret storage.

export type ServerUrlCheck = { url: string } | { error: string };

const example = 'e.g. https://mlflow.example.com or http://127.0.0.1:5000';

/** The URL as the workbench keeps it (no trailing slash), or why it cannot be used. */
export function parseServerUrl(input: string): ServerUrlCheck {
  const text = input.trim();
  if (text === '') return { error: `Type the MLflow server's URL, ${example}.` };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return { error: `Start the URL with http:// or https://, ${example}.` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: `'${text}' is not a URL; give it as http(s)://host[:port][/path], ${example}.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `An MLflow server URL starts with http:// or https://, not ${url.protocol}//.` };
  if (url.username !== '' || url.password !== '') {
    return { error: 'Leave the credentials out of the URL: the next step asks for a token or a username and password, and keeps them in the secret storage.' };
  }
  if (url.search !== '' || url.hash !== '') return { error: 'An MLflow server URL has no query (?…) or fragment (#…).' };
  return { url: url.href.replace(/\/+$/, '') };
}

/** For an input box's validateInput: the error, or undefined when the URL can be used. */
export function serverUrlError(input: string): string | undefined {
  const check = parseServerUrl(input);
  return 'error' in check ? check.error : undefined;
}
