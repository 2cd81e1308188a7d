/**
 * Debian's Chromium driven by playwright-core (which ships no browser). Missing Chromium is a failure with the fix
 * in the message, never a skip: a console nobody tested in a browser is not tested.
 *
 *   apt-get update && apt-get install -y chromium      # Debian/Ubuntu; or set CHROMIUM_PATH
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = resolve('test-results', 'console');

export const CHROMIUM_MISSING = [
  `Chromium was not found at ${CHROMIUM_PATH}. The console's browser tests drive a real Chromium through playwright-core,`,
  'which bundles no browser. Install Debian\'s: `apt-get update && apt-get install -y chromium`',
  '(or point CHROMIUM_PATH at a Chromium/Chrome binary).',
].join(' ');

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(CHROMIUM_MISSING);
  const profile = mkdtempSync(join(tmpdir(), 'journeys-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Screenshot into test-results/console/<name>.png (full page). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true }).catch(() => undefined);
  return path;
}

/** Screenshot of one element (iframes are left blank in full-page shots: their content is captured this way). */
export async function screenshotOf(page: Page, selector: string, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.locator(selector).scrollIntoViewIfNeeded().catch(() => undefined);
  // A frame's content is painted a moment after it is scrolled into view.
  await page.waitForTimeout(400);
  await page.locator(selector).screenshot({ path }).catch(() => undefined);
  return path;
}

/** Runs a step; on failure saves `<name>-FAILED.png` and says where, then fails. */
export async function step<T>(page: Page, name: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const path = await screenshot(page, `${name}-FAILED`);
    if (error instanceof Error) error.message = `${error.message}\n(screenshot: ${path})`;
    throw error;
  }
}

export interface ContrastViolation {
  text: string;
  ratio: number;
  required: number;
  colour: string;
  background: string;
}

/**
 * Every visible text of the page (outside SVG and iframes) against its effective background: WCAG AA, 4.5:1, or 3:1
 * for large text. Runs in the page; self-contained on purpose (playwright serializes it).
 */
export function auditContrastInPage(): ContrastViolation[] {
  const parse = (c: string): [number, number, number, number] => {
    const m = /rgba?\(([^)]+)\)/.exec(c);
    if (!m || !m[1]) return [0, 0, 0, 0];
    const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
  };
  const lum = ([r, g, b]: number[]) => {
    const f = (v: number) => {
      const c = v / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r ?? 0) + 0.7152 * f(g ?? 0) + 0.0722 * f(b ?? 0);
  };
  const blend = (top: number[], bottom: number[]) => {
    const a = top[3] ?? 1;
    return [0, 1, 2].map((i) => (top[i] ?? 0) * a + (bottom[i] ?? 0) * (1 - a));
  };
  const backgroundOf = (element: Element | null): number[] => {
    const layers: number[][] = [];
    for (let e = element; e; e = e.parentElement) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      if ((bg[3] ?? 0) > 0) {
        layers.push(bg);
        if ((bg[3] ?? 0) >= 1) break;
      }
    }
    let colour = [255, 255, 255];
    for (const layer of layers.reverse()) colour = blend(layer, colour);
    return colour;
  };
  const violations: ContrastViolation[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set<Element>();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || seen.has(element) || !(node.textContent ?? '').trim()) continue;
    seen.add(element);
    if (element.closest('svg, iframe, option, script, style, [hidden], dialog:not([open])')) continue;
    const rect = element.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) continue;
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) continue;
    const background = backgroundOf(element);
    const colour = blend(parse(style.color), background);
    const [light, dark] = [lum(colour), lum(background)].sort((a, b) => b - a) as [number, number];
    const ratio = (light + 0.05) / (dark + 0.05);
    const size = Number.parseFloat(style.fontSize);
    const bold = Number(style.fontWeight) >= 700;
    const required = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio + 0.005 < required) {
      violations.push({ text: (node.textContent ?? '').trim().slice(0, 60), ratio: Math.round(ratio * 100) / 100, required, colour: `rgb(${colour.map(Math.round).join(',')})`, background: `rgb(${background.map(Math.round).join(',')})` });
    }
  }
  return violations;
}
