// The page every webview panel starts from: a strict CSP whose only script is the panel's bundle,
// carrying a fresh nonce. No user string is ever part of this HTML; data arrives as messages.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export interface WebviewPage {
  /** Fixed text for the page's <title>. */
  title: string;
  script: vscode.Uri;
  styles: vscode.Uri[];
}

/** The folders a panel may load from: the webview bundles and media/. */
export const webviewRoots = (extensionUri: vscode.Uri): vscode.Uri[] => [
  vscode.Uri.joinPath(extensionUri, 'dist', 'webview'),
  vscode.Uri.joinPath(extensionUri, 'media'),
];

export function webviewHtml(webview: vscode.Webview, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const styles = page.styles.map((uri) => `<link rel="stylesheet" href="${webview.asWebviewUri(uri).toString()}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${csp}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>${page.title}</title>
  </head>
  <body>
    <main id="root"></main>
    <script nonce="${nonce}" src="${webview.asWebviewUri(page.script).toString()}"></script>
  </body>
</html>`;
}
