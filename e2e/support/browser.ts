/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser). Every page records
 * what must not happen: console errors, uncaught exceptions, CSP violations (they are console
 * errors too) and requests leaving our origin — tests assert these lists are empty.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve('.test-data/screenshots');

export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install -y chromium fonts-noto-cjk`);
  return chromium.launch({
    executablePath: CHROMIUM,
    // This machine's network is closed: without these Chromium stalls on background fetches.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

export interface WatchedPage {
  page: Page;
  /** Console errors and page errors, in order. */
  problems: string[];
  /** Requests to any origin but ours. */
  foreignRequests: string[];
  /** Runs `action`, which must cause exactly the console errors matching `expected` (e.g. a deliberate 401), and forgets them. */
  expectConsoleErrors(expected: RegExp[], action: () => Promise<void>): Promise<void>;
  screenshot(name: string): Promise<string>;
}

/** A phone-sized page (375×667, the cheap-Android size the resident app is designed for), Chinese browser. */
export async function openPhonePage(browser: Browser, origin: string): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const foreignRequests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) foreignRequests.push(url);
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    page,
    problems,
    foreignRequests,
    async expectConsoleErrors(expected, action) {
      const before = problems.length;
      await action();
      const caused = problems.splice(before);
      if (caused.length !== expected.length || !expected.every((pattern, i) => pattern.test(caused[i]!))) {
        throw new Error(`expected console errors ${expected.join(', ')}, got: ${JSON.stringify(caused)}`);
      }
    },
    async screenshot(name) {
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
  };
}

/** Computed font size in px of the first element matching `selector` (evaluated in the page; no DOM types here). */
export async function fontSizeOf(page: Page, selector: string): Promise<number> {
  await page.locator(selector).first().waitFor();
  const size = await page.evaluate(`parseFloat(getComputedStyle(document.querySelector(${JSON.stringify(selector)})).fontSize)`);
  return Number(size);
}

/** The console line Chromium logs for an expected HTTP failure (pass it to expectConsoleErrors). */
export const failedStatus = (status: number): RegExp => new RegExp(`Failed to load resource.*status of ${status}`);

/** The console line Chromium logs for each request a page makes while the network is off (pass it to expectPagesClean as allowed). */
export const OFFLINE_FAILURE = /Failed to load resource: net::ERR_INTERNET_DISCONNECTED/;

/** The last check of every browser test file: no page logged a problem (but the `allowed` ones) or asked another origin. */
export function expectPagesClean(pages: readonly WatchedPage[], expectedCount?: number, allowed: readonly RegExp[] = []): void {
  if (expectedCount === undefined) expect(pages.length).toBeGreaterThan(0);
  else expect(pages.length).toBe(expectedCount);
  for (const watched of pages) {
    expect(watched.problems.filter((problem) => !allowed.some((pattern) => pattern.test(problem)))).toEqual([]);
    expect(watched.foreignRequests).toEqual([]);
  }
}
