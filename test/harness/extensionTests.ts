// Runs an extensionTestsPath suite inside code-server's extension host, the way VS Code's own
// browser integration tests do: a URL payload, read only when the smoke-test driver is on.
import type { Page } from 'playwright-core';

export interface ExtensionTestRun {
  /** The extension host's exit code; null when it never reported one in time. */
  exitCode: number | null;
  /** The host's console and log lines, in order. */
  output: string[];
}

export interface ExtensionTestOptions {
  serverUrl: string;
  port: number;
  workspace: string;
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  timeoutMs: number;
}

export function extensionTestUrl(options: ExtensionTestOptions): string {
  const remote = (path: string): string => `vscode-remote://127.0.0.1:${options.port}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)],
    ['extensionTestsPath', remote(options.extensionTestsPath)],
    ['skipWelcome', 'true'],
  ];
  return `${options.serverUrl}/?folder=${encodeURIComponent(options.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * Workaround: code-server has no flag for developmentOptions.enableSmokeTestDriver, and without it
 * the workbench ignores the payload and the suite silently never starts. This script runs before
 * the page's own and rewrites the configuration <meta> as soon as the parser inserts it.
 * (Rewriting the HTML through page.route broke the workbench's websockets.)
 */
// A string, not a function: tsx's keepNames would add `__name(...)` calls that do not exist in the page.
const enableSmokeTestDriver = `(() => {
  const patch = (meta) => {
    const raw = meta.getAttribute('data-settings');
    if (!raw) return false;
    const settings = JSON.parse(raw);
    if (settings.developmentOptions && settings.developmentOptions.enableSmokeTestDriver === true) return true;
    settings.developmentOptions = Object.assign({}, settings.developmentOptions, { enableSmokeTestDriver: true });
    meta.setAttribute('data-settings', JSON.stringify(settings));
    return true;
  };
  const observer = new MutationObserver(() => {
    const meta = document.getElementById('vscode-workbench-web-configuration');
    if (meta && patch(meta)) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-settings'] });
})();`;

export async function runExtensionTests(page: Page, options: ExtensionTestOptions): Promise<ExtensionTestRun> {
  const output: string[] = [];
  let finish: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (finish = resolve));
  await page.exposeFunction('codeAutomationLog', (level: string, message: unknown) => {
    output.push(level === 'info' ? String(message) : `[${level}] ${String(message)}`);
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
  await page.addInitScript({ content: enableSmokeTestDriver });
  await page.goto(extensionTestUrl(options));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), options.timeoutMs)));
  const exitCode = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  return { exitCode, output };
}
