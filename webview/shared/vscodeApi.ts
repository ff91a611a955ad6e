// The one door from a webview to its host. Inside VS Code it is acquireVsCodeApi(); in a plain
// browser (a panel opened on its own, for a test or a look) messages go out as `webview-post`
// DOM events and state lives in sessionStorage, so the same page runs in both.

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): unknown;
}

declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

export interface WebviewHost<Request> {
  postMessage(message: Request): void;
  getState(): unknown;
  setState(state: unknown): void;
}

const stateKey = 'mlops.webviewState';
let vsCodeApi: VsCodeApi | undefined;

export function connectToHost<Request>(): WebviewHost<Request> {
  // acquireVsCodeApi may be called only once per page.
  vsCodeApi ??= typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : browserFallback();
  const api = vsCodeApi;
  return {
    postMessage: (message) => api.postMessage(message),
    getState: () => api.getState(),
    setState: (state) => void api.setState(state),
  };
}

function browserFallback(): VsCodeApi {
  return {
    postMessage: (message) => window.dispatchEvent(new CustomEvent('webview-post', { detail: message })),
    getState: () => {
      const saved = sessionStorage.getItem(stateKey);
      return saved === null ? undefined : JSON.parse(saved);
    },
    setState: (state) => sessionStorage.setItem(stateKey, JSON.stringify(state)),
  };
}
