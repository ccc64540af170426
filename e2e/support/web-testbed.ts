/**
 * What every browser test file stands on: a fresh platform (its own database) serving the built
 * web apps on a loopback port, Debian's Chromium, and the pages the file opened, kept for its last
 * check (expectPagesClean). Started in beforeAll, closed in afterAll.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { launchChromium, openPhonePage, type WatchedPage } from './browser.ts';

/** What `npm run build:web` writes and the server hands out (the service worker is the scan page's offline shell). */
const BUILT = ['web/dist/m/index.html', 'web/dist/admin/index.html', 'web/dist/sw.js'];

export interface WebTestbed {
  t: TestPlatform;
  /** `http://127.0.0.1:<port>`: the apps are at `${origin}/m/…` and `${origin}/admin/…`. */
  origin: string;
  /** Every page opened with newPage, in order. */
  pages: WatchedPage[];
  /** A phone-sized page (openPhonePage) in `browser`, by default the testbed's own Chromium (launched on first use). */
  newPage(browser?: Browser): Promise<WatchedPage>;
  /** Another Chromium, e.g. with a fake camera (FAKE_CAMERA_ARGS); closed by closeBrowsers or close. */
  launch(extraArgs?: string[]): Promise<Browser>;
  /** Closes every Chromium launched so far (its pages stay listed). */
  closeBrowsers(): Promise<void>;
  close(): Promise<void>;
}

export async function startWebTestbed(): Promise<WebTestbed> {
  if (BUILT.some((file) => !existsSync(path.resolve(file)))) throw new Error('web/dist is not built: run `npm run build:web` before the e2e tests');
  const t = await createTestPlatform({ serveWeb: true });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const pages: WatchedPage[] = [];
  const browsers: Browser[] = [];
  let own: Promise<Browser> | null = null;

  async function launch(extraArgs: string[] = []): Promise<Browser> {
    const browser = await launchChromium(extraArgs);
    browsers.push(browser);
    return browser;
  }

  async function closeBrowsers(): Promise<void> {
    own = null;
    for (const browser of browsers.splice(0)) await browser.close();
  }

  return {
    t,
    origin,
    pages,
    launch,
    closeBrowsers,
    async newPage(browser) {
      const watched = await openPhonePage(browser ?? (await (own ??= launch())), origin);
      pages.push(watched);
      return watched;
    },
    async close() {
      await closeBrowsers();
      await t.close();
    },
  };
}
