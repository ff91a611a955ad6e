// One end-to-end session: a fresh code-server with the packaged VSIX, Chromium on a workspace.
import type { Browser, Page } from 'playwright-core';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, newPage, recordConsole, screenshot, screenshotDir } from './browser';
import { installVsix, startCodeServer, type CodeServer, type CodeServerOptions } from './codeServer';
import { repoRoot } from './tools';
import { makeWorkDir, removeUnlessKept, type WorkDir } from './workDir';
import { openFolder, workbenchText } from './workbench';

export const packagedVsix = join(repoRoot, 'dist', 'mlops-workbench.vsix');

export interface Session {
  work: WorkDir;
  server: CodeServer;
  browser: Browser;
  page: Page;
  browserConsole: string[];
  close(): Promise<void>;
}

/** `workspace(work)` makes the folder to open, inside the session's work dir; `options` are code-server's (settings, workspace trust). */
export async function openSession(name: string, workspace: (work: WorkDir) => string, vsix = packagedVsix, options: CodeServerOptions = {}): Promise<Session> {
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing; run npm run package`);
  const work = makeWorkDir(name);
  const folder = workspace(work);
  await installVsix(work, vsix);
  const server = await startCodeServer(work, options);
  const browser = await launchChromium();
  const close = async (): Promise<void> => {
    await browser.close();
    await server.stop();
    removeUnlessKept(work);
  };
  try {
    const page = await newPage(browser);
    const browserConsole = recordConsole(page);
    await openFolder(page, server.url, folder);
    return { work, server, browser, page, browserConsole, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs one step; on failure prints what the page showed, the browser console and code-server's log. */
export async function step(session: Session, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
    await screenshot(session.page, name);
    rmSync(join(screenshotDir, `${name}-failed.png`), { force: true }); // stale from an earlier run
  } catch (error) {
    const shot = await screenshot(session.page, `${name}-failed`).catch((e: Error) => `(no screenshot: ${e.message})`);
    console.error(
      [
        `step ${name} failed: ${(error as Error).message}`,
        `screenshot: ${shot}`,
        '--- page text ---',
        await workbenchText(session.page),
        '--- browser console (last 60) ---',
        ...session.browserConsole.slice(-60),
        '--- code-server log (last 8000 chars) ---',
        session.server.log().slice(-8000),
      ].join('\n'),
    );
    throw error;
  }
}
