/// <reference lib="dom" />
// Test support for the HTML report: headless Chromium (Debian's `chromium`, driven by
// playwright-core) with every request and console message recorded.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The browser binary: `$DIA_CHROMIUM_PATH`, else Debian's. */
export const CHROMIUM_PATH = process.env.DIA_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the tests leave screenshots and pages to look at (gitignored). */
export const ARTIFACTS_DIR = fileURLToPath(new URL('./artifacts/', import.meta.url));

/**
 * Why the browser tests cannot run here, or undefined when they can. Under CI a missing browser is
 * an error: `.ci/run` installs it.
 */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  const message = `Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set DIA_CHROMIUM_PATH`;
  if (process.env.CI) throw new Error(`${message} — CI must run the browser tests (.ci/run installs chromium)`);
  return message;
}

/** Flags known to keep Chromium quiet and offline on the project's machines. */
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface OpenedReport {
  page: Page;
  /** Console errors and warnings, and uncaught exceptions. */
  problems: string[];
  /** Every URL the page requested. */
  requests: string[];
  /** Requests to anything but file: and data: URLs (aborted). */
  blocked: string[];
  close(): Promise<void>;
}

/**
 * Opens a report file in a fresh browser context, recording every request (and aborting any that
 * would leave the machine) and every console error or warning; waits until the page has drawn.
 */
export async function openReport(browser: Browser, file: string, options: { hash?: string; width?: number } = {}): Promise<OpenedReport> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  const blocked: string[] = [];
  await context.route(/.*/, (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  await page.goto(`${pathToFileURL(file).href}${options.hash ?? ''}`);
  await page.waitForSelector('#timeline[data-ready="true"]');
  return { page, problems, requests, blocked, close: () => context.close() };
}

/** Saves a full-page PNG under test/artifacts/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = `${ARTIFACTS_DIR}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The visible time range the page reports on the timeline element. */
export async function viewRange(page: Page): Promise<{ start: number; end: number }> {
  return page.$eval('#timeline', (e) => ({ start: Number((e as HTMLElement).dataset.viewStart), end: Number((e as HTMLElement).dataset.viewEnd) }));
}

/**
 * Records where each seek of the audio element lands (its `currentTime` when `seeking` fires), so
 * that a test can check a click's seek even though playback moves on right after.
 */
export async function recordSeeks(page: Page): Promise<() => Promise<number[]>> {
  await page.$eval('#audio', (a) => {
    const audio = a as HTMLAudioElement & { seeks?: number[] };
    audio.seeks = [];
    audio.addEventListener('seeking', () => audio.seeks?.push(audio.currentTime));
  });
  return () => page.$eval('#audio', (a) => [...((a as HTMLAudioElement & { seeks?: number[] }).seeks ?? [])]);
}

/** The audio element's current time. */
export function currentTime(page: Page): Promise<number> {
  return page.$eval('#audio', (a) => (a as HTMLAudioElement).currentTime);
}

/** Resolves after the page has had `frames` animation frames (redraws are scheduled on frames). */
export function frames(page: Page, count = 2): Promise<void> {
  return page.evaluate((n) => new Promise<void>((done) => {
    const step = (left: number) => (left === 0 ? done() : requestAnimationFrame(() => step(left - 1)));
    step(n);
  }), count);
}
