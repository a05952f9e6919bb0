import { afterAll, beforeAll, expect } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { api, startTestServer, type TestServer } from "./server";
import { launchBrowser, signIn } from "./browser";

type Role = "viewer" | "responder" | "admin";

export type SuitePageOptions = {
  /** Who the page is signed in as; null: not signed in. Default admin. */
  role?: Role | null;
  viewport?: { width: number; height: number };
  timezoneId?: string;
  acceptDownloads?: boolean;
  /** Playwright's default wait for this page (ms). Default 10 s. */
  timeout?: number;
};

/** An incident as POST /api/v1/incidents answers it (the fields the browser tests read). */
export type SuiteIncident = { id: string; number: number; title: string; startedAt: string };

export type BrowserSuite = {
  /** The file's server and browser (set once beforeAll has run). */
  readonly server: TestServer;
  readonly browser: Browser;
  /** A new context and page on the server, closed after the file. */
  newPage(opts?: SuitePageOptions): Promise<{ context: BrowserContext; page: Page }>;
  /** Close this context after the file too. */
  track(context: BrowserContext): BrowserContext;
  /** A new SEV2 incident made through the API as the test admin (a 201, or the test fails). */
  createIncident(title: string): Promise<SuiteIncident>;
  /** Open the incident's page and wait until its live stream is connected (`timeout`: that wait, in ms; default the page's). */
  openIncident(page: Page, incident: { number: number }, opts?: { timeout?: number }): Promise<void>;
};

/**
 * The set-up every browser test file shares: a production server on a fresh
 * temporary database and Chromium, started together before the file's tests,
 * and every context, the browser and the server closed after them. Call it at
 * the top level of a test file, before the file's own beforeAll.
 */
export function browserSuite(
  opts: { server?: Parameters<typeof startTestServer>[0]; hostNames?: string[] } = {},
): BrowserSuite {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`browserSuite: the ${what} is not started yet (use it inside a test or beforeAll)`);
    return value;
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(opts.server), launchBrowser({ hostNames: opts.hostNames })]);
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close();
    await server?.dispose();
  });

  const suite: BrowserSuite = {
    get server() {
      return ready(server, "server");
    },
    get browser() {
      return ready(browser, "browser");
    },
    track(context) {
      contexts.push(context);
      return context;
    },
    async newPage(pageOpts = {}) {
      const { role = "admin", viewport, timezoneId, acceptDownloads, timeout = 10_000 } = pageOpts;
      const context = suite.track(
        await suite.browser.newContext({
          baseURL: suite.server.url,
          ...(viewport ? { viewport } : {}),
          ...(timezoneId ? { timezoneId } : {}),
          ...(acceptDownloads ? { acceptDownloads } : {}),
        }),
      );
      if (role) await signIn(context, suite.server, role);
      const page = await context.newPage();
      page.setDefaultTimeout(timeout);
      return { context, page };
    },
    async createIncident(title) {
      const res = await api(suite.server, "POST", "/api/v1/incidents", { title, severity: "SEV2" });
      expect(res.status).toBe(201);
      return res.json;
    },
    async openIncident(page, incident, { timeout } = {}) {
      await page.goto(`/incidents/${incident.number}`);
      await page.locator('[data-connection="live"]').waitFor(timeout === undefined ? undefined : { timeout });
    },
  };
  return suite;
}
