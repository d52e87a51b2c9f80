import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium; never a downloaded browser. CHROMIUM_PATH overrides it on other systems. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, and nothing that phones home or slows start-up: the tests run offline. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export const DESKTOP = { width: 1200, height: 760 };
export const PHONE = { width: 390, height: 844 };

/** Where the README's screenshots live; a run with UPDATE_SCREENSHOTS=1 overwrites them. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../docs/images/', import.meta.url));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
}

/** A page in its own context (own cookies and sessionStorage: a separate person), with its errors recorded. */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** console.error lines and uncaught exceptions, in order. */
  errors: string[];
  byTestId(id: string): Locator;
}

export async function openPage(browser: Browser, url: string, viewport = DESKTOP): Promise<WatchedPage> {
  // Fixed locale and time zone so "$42.50" and times read the same on every machine.
  const context = await browser.newContext({ viewport, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  await page.goto(url);
  return { page, context, errors, byTestId: (id) => page.getByTestId(id) };
}

/**
 * The handshakes (Socket.IO CONNECT packets to /notifications: `auth`, token included) this page
 * sends from now on, as they go over the wire. Call before signing in.
 */
export function recordHandshakes(page: WatchedPage): Record<string, unknown>[] {
  const sent: Record<string, unknown>[] = [];
  const prefix = '40/notifications,';
  page.page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      const text = String(payload);
      if (text.startsWith(prefix)) sent.push(JSON.parse(text.slice(prefix.length)));
    }),
  );
  return sent;
}

/** Errors seen on the pages, minus the ones a test expects (e.g. refused connections while the server is down). */
export function unexpectedErrors(pages: WatchedPage[], allowed: RegExp[] = []): string[] {
  return pages.flatMap((p) => p.errors).filter((line) => !allowed.some((pattern) => pattern.test(line)));
}

/** Waits until the element with this test id shows text matching `text` (auto-waiting, bounded). */
export async function waitForText(page: WatchedPage, testId: string, text: RegExp, timeout = 5000): Promise<void> {
  await page.byTestId(testId).filter({ hasText: text }).first().waitFor({ state: 'visible', timeout });
}

/** The `attr` of every element with this test id, in document order (e.g. the ids of a list's rows). */
export function attributesOf(page: WatchedPage, testId: string, attr: string): Promise<(string | null)[]> {
  return page.byTestId(testId).evaluateAll((nodes, name) => nodes.map((node) => node.getAttribute(name)), attr);
}

/** The little of the page's DOM the functions below run against (no DOM types in this tsconfig). */
type PageDocument = { title: string; querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }> };

/**
 * Waits until those attributes are exactly `expected`, in order: none missing, none extra,
 * none twice (auto-waiting in the page, bounded). The error says what the page showed instead.
 */
export async function waitForAttributes(page: WatchedPage, testId: string, attr: string, expected: string[], timeout = 5000): Promise<void> {
  try {
    await page.page.waitForFunction(
      ({ id, name, want }) => {
        const { document } = globalThis as unknown as { document: PageDocument };
        const now = Array.from(document.querySelectorAll(`[data-testid="${id}"]`), (node) => node.getAttribute(name));
        return JSON.stringify(now) === JSON.stringify(want);
      },
      { id: testId, name: attr, want: expected },
      { timeout },
    );
  } catch {
    const now = await attributesOf(page, testId, attr);
    throw new Error(`${testId} [${attr}]: expected ${JSON.stringify(expected)}, the page shows ${JSON.stringify(now)} after ${timeout} ms`);
  }
}

/** Waits until the tab title is exactly `title` (the pages count unread/unseen there). */
export async function waitForTitle(page: WatchedPage, title: string, timeout = 5000): Promise<void> {
  await page.page.waitForFunction((want) => (globalThis as unknown as { document: PageDocument }).document.title === want, title, { timeout });
}

export const waitForState = (page: WatchedPage, state: RegExp, timeout = 5000): Promise<void> =>
  waitForText(page, 'connection-state', state, timeout);

/** Signs in through the page's dev sign-in button, as a person would, and waits for the live connection. */
export async function devSignIn(page: WatchedPage, userId?: string): Promise<void> {
  if (userId !== undefined) await page.byTestId('dev-user-id').fill(userId);
  await page.byTestId('dev-sign-in-button').click();
  await waitForState(page, /^connected$/);
}

/** Pastes a token into the sign-in form. */
export async function tokenSignIn(page: WatchedPage, token: string): Promise<void> {
  await page.byTestId('token-input').fill(token);
  await page.byTestId('token-sign-in-button').click();
}

/** Writes the README's screenshots when UPDATE_SCREENSHOTS=1, so a plain test run leaves the tree clean. */
export async function screenshot(page: WatchedPage, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.page.mouse.move(0, 0); // no hover styles left over from the last click
  await page.page.screenshot({ path: `${SCREENSHOT_DIR}${name}`, animations: 'disabled' });
}

/** The pages a spec opens (each in a context of its own), closed together after each test. */
export class OpenPages {
  readonly all: WatchedPage[] = [];

  constructor(
    private readonly browser: () => Browser,
    private readonly baseUrl: () => string,
  ) {}

  async open(path: string, viewport?: typeof DESKTOP): Promise<WatchedPage> {
    const page = await openPage(this.browser(), `${this.baseUrl()}${path}`, viewport);
    this.all.push(page);
    return page;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.all.splice(0).map((page) => page.context.close()));
  }
}
