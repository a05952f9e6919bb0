import { execFileSync } from "node:child_process";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

/** Debian's Chromium (installed by .ci/run), or CHROMIUM_PATH. */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      return execFileSync("which", [name], { encoding: "utf8" }).trim();
    } catch {
      /* try the next name */
    }
  }
  throw new Error("Chromium not found: install it (apt-get install -y chromium) or set CHROMIUM_PATH");
}

/**
 * Debian's Chromium, headless. `hostNames` are resolved to 127.0.0.1, so a
 * test can open the server under a LAN-style name (http://debrief.test:PORT)
 * as a team's browsers would; every other name still fails to resolve.
 */
export async function launchBrowser(opts: { hostNames?: string[] } = {}): Promise<Browser> {
  const hostRules = (opts.hostNames ?? []).map((name) => `MAP ${name} 127.0.0.1`);
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...(hostRules.length ? [`--host-resolver-rules=${hostRules.join(", ")}`] : []),
    ],
  });
}

/**
 * Sign a browser context in as the test user of `role`, through better-auth's
 * own sign-in endpoint (the context keeps the session cookie).
 */
type Cookies = Awaited<ReturnType<BrowserContext["cookies"]>>;
// One real sign-in per server and role: later contexts reuse its session
// cookie, as a second tab would. (Sign-in is rate limited per address, and
// every test browser shares one.)
const sessions = new WeakMap<object, Map<string, Cookies>>();

export async function signIn(
  context: BrowserContext,
  server: { url: string; users: Record<"viewer" | "responder" | "admin", { email: string; password: string }> },
  role: "viewer" | "responder" | "admin" = "admin",
): Promise<void> {
  const known = sessions.get(server)?.get(role);
  if (known) {
    await context.addCookies(known);
    return;
  }
  const { email, password } = server.users[role];
  const res = await context.request.post(`${server.url}/api/auth/sign-in/email`, {
    data: { email, password },
    headers: { origin: server.url },
  });
  if (!res.ok()) throw new Error(`sign-in as ${role} failed: ${res.status()} ${await res.text()}`);
  const byRole = sessions.get(server) ?? new Map<string, Cookies>();
  byRole.set(role, await context.cookies(server.url));
  sessions.set(server, byRole);
}

/** A new browser context on the test server, signed in as `role`. */
export async function signedInContext(
  browser: Browser,
  server: Parameters<typeof signIn>[1],
  role: "viewer" | "responder" | "admin" = "admin",
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: server.url });
  await signIn(context, server, role);
  return context;
}
