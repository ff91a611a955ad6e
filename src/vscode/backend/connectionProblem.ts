// What went wrong talking to an MLflow server, in the user's words. The transport's errors
// (src/core/mlflow/client/http.ts) name the failure; this sorts them into the few cases a user acts
// on differently and says what to do. Plain functions, no `vscode`.
import { MlflowRequestError } from '../../core/mlflow/client/http';

export type ProblemKind = 'unreachable' | 'timeout' | 'tls' | 'unauthenticated' | 'forbidden' | 'notFound' | 'other';

export interface ConnectionProblem {
  kind: ProblemKind;
  /** One or two sentences; never holds a token or password (the transport's messages do not). */
  message: string;
}

// Node's TLS failures: certificate codes (DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED,
// ERR_TLS_CERT_ALTNAME_INVALID, ...) and handshake errors (ERR_SSL_WRONG_VERSION_NUMBER: https to a
// plain-http port).
const tlsFailure = /CERT|SSL|TLS|self[- ]signed|certificate/i;

export function describeConnectionError(error: unknown, url: string): ConnectionProblem {
  if (!(error instanceof MlflowRequestError)) return { kind: 'other', message: messageOf(error) };
  const { status } = error;
  if (status === 401) {
    return { kind: 'unauthenticated', message: `The MLflow server at ${url} refused the credentials (401 Unauthorized). Connect again with a valid token, or username and password.` };
  }
  if (status === 403) {
    return { kind: 'forbidden', message: `The MLflow server at ${url} denied access (403 Forbidden): these credentials may not read its experiments.` };
  }
  if (status === 404 || error.mlflowCode === 'ENDPOINT_NOT_FOUND') {
    return { kind: 'notFound', message: `${url} has no MLflow REST API (404 Not Found). Give the address the MLflow UI is served at, with its path prefix if it has one.` };
  }
  // No answer at all is TEMPORARILY_UNAVAILABLE without a status; anything else is what the server said.
  if (status !== undefined || error.mlflowCode !== 'TEMPORARILY_UNAVAILABLE') return { kind: 'other', message: error.message };
  const reason = /\(([^()]*)\)\.?$/.exec(error.message)?.[1] ?? error.message;
  if (/did not answer/.test(error.message)) return { kind: 'timeout', message: error.message };
  if (tlsFailure.test(reason)) return { kind: 'tls', message: sentence(`The secure connection to ${url} failed: ${tlsReason(reason)}`) };
  return { kind: 'unreachable', message: `Cannot reach the MLflow server at ${url} (${reason}). Check the URL, and that the server is running and reachable from this machine.` };
}

const privateAuthorityHint = "if it comes from your organisation's own authority, start the editor with NODE_EXTRA_CA_CERTS set to that authority's certificate file";

const tlsReasons: Record<string, string> = {
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server does not speak TLS on that port; is its URL http:// rather than https://?',
  DEPTH_ZERO_SELF_SIGNED_CERT: `its certificate is self-signed; ${privateAuthorityHint}`,
  SELF_SIGNED_CERT_IN_CHAIN: `its certificate chain ends in a self-signed certificate; ${privateAuthorityHint}`,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: `its certificate comes from an authority this machine does not trust; ${privateAuthorityHint}`,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: `its certificate comes from an authority this machine does not trust; ${privateAuthorityHint}`,
  CERT_HAS_EXPIRED: 'its certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for another host name',
};

/** `DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate` in words; unknown codes as they came. */
function tlsReason(reason: string): string {
  const code = /^([A-Z0-9_]+)(?::|$)/.exec(reason)?.[1];
  return (code !== undefined ? tlsReasons[code] : undefined) ?? `${reason}; ${privateAuthorityHint}`;
}

const sentence = (text: string): string => (/[.?!]$/.test(text) ? text : `${text}.`);

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
