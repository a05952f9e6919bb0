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

export async function launchBrowser(): Promise<Browser> {
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
    ],
  });
}

/**
 * Sign a browser context in as the test user of `role`, through better-auth's
 * own sign-in endpoint (the context keeps the session cookie).
 */
export async function signIn(
  context: BrowserContext,
  server: { url: string; users: Record<"viewer" | "responder" | "admin", { email: string; password: string }> },
  role: "viewer" | "responder" | "admin" = "admin",
): Promise<void> {
  const { email, password } = server.users[role];
  const res = await context.request.post(`${server.url}/api/auth/sign-in/email`, {
    data: { email, password },
    headers: { origin: server.url },
  });
  if (!res.ok()) throw new Error(`sign-in as ${role} failed: ${res.status()} ${await res.text()}`);
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
