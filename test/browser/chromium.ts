/**
 * Opens a report page in a real headless Chromium (Debian's /usr/bin/chromium, or
 * $CHROMIUM_PATH) driven by playwright-core, and reports what a person would see go wrong:
 * console errors, uncaught page errors, and any request that leaves the file (a
 * self-contained report makes none). Used by the `npm run test:browser` suites only, so that
 * `npm test` runs on a machine without Chromium.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the browser suites leave their screenshots (git-ignored). */
export const SCREENSHOT_DIR = resolve('results/test-output/screenshots');

/** The flags this workplace's closed network wants: no background connections at all. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenedPage {
  readonly page: Page;
  /** Console messages of type error, and uncaught exceptions, in order. */
  readonly errors: string[];
  /** URLs the page asked for beyond its own file. */
  readonly externalRequests: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}

export async function openFile(browser: Browser, file: string): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors: string[] = [];
  const externalRequests: string[] = [];
  const url = pathToFileURL(resolve(file)).href;
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('request', (req) => {
    if (req.url() !== url && !req.url().startsWith('data:')) externalRequests.push(req.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  return {
    page,
    errors,
    externalRequests,
    async screenshot(name: string): Promise<string> {
      const path = resolve(SCREENSHOT_DIR, `${name}.png`);
      mkdirSync(dirname(path), { recursive: true });
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    close: () => page.close(),
  };
}

/** What the browser drew for one `<figure class="plot">`. */
export interface DrawnPlot {
  readonly name: string;
  /** Rendered size of the SVG in CSS pixels. */
  readonly width: number;
  readonly height: number;
  /** Axis groups drawn (Vega's `role-axis`), and the titles and tick labels on them. */
  readonly axes: number;
  readonly axisTitles: string[];
  readonly tickLabels: number;
  /** Marks with geometry: line/area paths with an outline, rects and symbols. */
  readonly marks: number;
  /** Legend entries (series). */
  readonly legendEntries: number;
}

/** Every plot on the page, measured in the browser (layout included, so a zero-size plot shows). */
export async function drawnPlots(page: Page): Promise<DrawnPlot[]> {
  return page.$$eval('figure.plot', (figures) =>
    figures.map((f) => {
      const svg = f.querySelector('svg');
      const box = svg?.getBoundingClientRect();
      const marks = [...f.querySelectorAll('g.role-mark > *')].filter((m) => {
        const d = m.getAttribute('d');
        if (m.tagName === 'path') return d !== null && d.startsWith('M') && d.length > 3;
        return true;
      }).length;
      return {
        name: f.getAttribute('data-plot') ?? '',
        width: box?.width ?? 0,
        height: box?.height ?? 0,
        axes: f.querySelectorAll('g.role-axis').length,
        axisTitles: [...f.querySelectorAll('g.role-axis-title text')].map((t) => t.textContent ?? ''),
        tickLabels: f.querySelectorAll('g.role-axis-label text').length,
        marks,
        legendEntries: f.querySelectorAll('g.role-legend-entry g.role-legend-symbol path, g.role-legend-label text').length / 2,
      };
    }),
  );
}
