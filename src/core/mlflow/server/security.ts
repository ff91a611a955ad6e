import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { RestError } from './errors';

// What every request must show before it is served (the server binds 127.0.0.1 only):
// - a Host header naming this server (127.0.0.1:PORT or localhost:PORT), else 403: a web page whose
//   name was rebound to 127.0.0.1 sends its own host name, so it is refused before anything is read;
// - `Authorization: Bearer <token>`, the token from the store's lock file, else 401. The mlflow
//   client sends MLFLOW_TRACKING_TOKEN this way.
// No CORS headers are ever sent, so browsers keep other origins' scripts from reading answers.

export function checkHost(headers: IncomingHttpHeaders, port: number): void {
  const host = (headers.host ?? '').toLowerCase();
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    throw new RestError(403, 'PERMISSION_DENIED', `Host ${JSON.stringify(headers.host ?? '')} is not this server; use 127.0.0.1:${port}.`);
  }
}

export function checkToken(headers: IncomingHttpHeaders, token: string): void {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (!match) throw new RestError(401, 'UNAUTHENTICATED', 'Missing bearer token: set MLFLOW_TRACKING_TOKEN to the token in the store\'s lock file.');
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new RestError(401, 'UNAUTHENTICATED', 'Invalid bearer token.');
}
