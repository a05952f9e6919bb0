import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { api, startTestServer, type TestServer } from "../support/server";
import { launchBrowser } from "../support/browser";
import { newClientAddress } from "../support/sessions";

// Accounts in Chromium: signing in over plain HTTP under a LAN host name,
// first-run setup with the setup code, `next` after sign-in, deactivating
// accounts and service keys in Settings, and a user's own account page.
//
// Chromium resolves debrief.test to 127.0.0.1 (launchBrowser's hostNames):
// a non-loopback name on plain HTTP, as a team's internal host would be.
// `proxied` trusts X-Forwarded-For, so each browser context can be a client
// of its own (sign-in allows 5 attempts a minute per address).

const LAN_HOST = "debrief.test";
let lan: TestServer;
let proxied: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const servers: TestServer[] = [];

beforeAll(async () => {
  browser = await launchBrowser({ hostNames: [LAN_HOST] });
  lan = await startTestServer();
  proxied = await startTestServer({ env: { DEBRIEF_TRUST_PROXY: "1" } });
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  await browser?.close();
  await Promise.all([lan, proxied, ...servers].map((s) => s?.dispose()));
});

const lanUrl = (s: TestServer) => `http://${LAN_HOST}:${s.port}`;

async function newPage(baseURL: string, opts: { clientAddress?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    extraHTTPHeaders: opts.clientAddress ? { "x-forwarded-for": newClientAddress() } : {},
  });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

async function fillSignIn(page: Page, email: string, password: string): Promise<number> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/api/auth/sign-in/email")),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
  return response.status();
}

describe("plain HTTP on a LAN host name", () => {
  it("signs in at http://debrief.test:PORT, lands on the incident list and posts an entry; one warning in the log", async () => {
    const incident = await api(lan, "POST", "/api/v1/incidents", { title: "Checkout 503s on the LAN", severity: "SEV2" });
    const page = await newPage(lanUrl(lan));
    await page.goto("/");
    await page.waitForURL(/\/sign-in$/);
    expect(await fillSignIn(page, lan.users.responder.email, lan.users.responder.password)).toBe(200);
    await page.waitForURL(`${lanUrl(lan)}/incidents`);
    await page.getByRole("heading", { name: "Incidents", level: 1 }).waitFor();
    expect(await page.getByTestId("signed-in-as").textContent()).toContain("Test Responder (responder)");
    const cookies = await page.context().cookies(lanUrl(lan));
    const session = cookies.find((c) => c.name.endsWith("session_token"));
    expect(session).toMatchObject({ name: "better-auth.session_token", secure: false, httpOnly: true });

    await page.getByRole("link", { name: "Checkout 503s on the LAN" }).click();
    await page.waitForURL(new RegExp(`/incidents/${incident.json.number}$`));
    await page.locator('[data-connection="live"]').waitFor();
    const box = page.getByRole("textbox", { name: "New timeline entry" });
    await box.fill("Failed over the primary, from the LAN");
    await box.press("Enter");
    await page.locator('li[data-entry-id][data-state="saved"]', { hasText: "Failed over the primary, from the LAN" }).waitFor();
    const events = await api(lan, "GET", `/api/v1/incidents/${incident.json.id}/events`);
    expect(events.json.events.map((e: { body: string; authorName: string }) => [e.body, e.authorName])).toEqual([
      ["Failed over the primary, from the LAN", "Test Responder"],
    ]);

    // A second sign-in: still one warning line in the whole log.
    const second = await newPage(lanUrl(lan));
    await second.goto("/sign-in");
    expect(await fillSignIn(second, lan.users.viewer.email, lan.users.viewer.password)).toBe(200);
    await second.waitForURL(`${lanUrl(lan)}/incidents`);
    const warnings = lan.output().split("\n").filter((line) => line.includes("sign-in over plain HTTP"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${LAN_HOST}:${lan.port}`);
  });
});

describe("first-run setup from another machine", () => {
  it("asks for the setup code from the server log; a wrong one is refused with a clear message; on the server itself none is asked", async () => {
    const fresh = await startTestServer({ seed: false });
    servers.push(fresh);
    const codeLine = fresh.output().split("\n").find((line) => line.includes("First-run setup code:")) ?? "";
    const code = /First-run setup code: ([A-Z0-9-]+)/.exec(codeLine)?.[1] ?? "";
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const local = await newPage(fresh.url);
    await local.goto("/setup");
    await local.getByRole("heading", { name: "Welcome to Debrief" }).waitFor();
    expect(await local.getByLabel("Setup code").count()).toBe(0);

    const page = await newPage(lanUrl(fresh));
    await page.goto("/");
    await page.waitForURL(/\/setup$/);
    await page.getByText("setup code", { exact: false }).first().waitFor();
    await page.getByLabel("Setup code").fill("AAAA-BBBB-CCCC");
    await page.getByLabel("Name").fill("Ada Admin");
    await page.getByLabel("Email").fill("ada@example.test");
    await page.getByLabel("Password").fill("first admin passphrase");
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/api/v1/setup")),
      page.getByRole("button", { name: "Create admin account" }).click(),
    ]);
    expect(refused.status()).toBe(403);
    await expect.poll(() => page.locator("#auth-error").textContent()).toMatch(/The setup code is wrong/);

    await page.getByLabel("Setup code").fill(code.toLowerCase());
    await page.getByRole("button", { name: "Create admin account" }).click();
    await page.waitForURL(`${lanUrl(fresh)}/incidents`);
    await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toContain("Ada Admin (admin)");
    // Spent: a restart prints no code, as the instance is set up.
    await fresh.stop();
    const before = fresh.output().length;
    await fresh.start();
    expect(fresh.output().slice(before)).not.toContain("First-run setup code");
  });
});

describe("next after sign-in", () => {
  // As they appear in a crafted link: the query value, percent-encoded.
  const HOSTILE = [
    "/%5Cevil.example/phish",
    "/%09/evil.example/phish",
    "//evil.example/phish",
    "%2F%2Fevil.example/phish",
    "/%5C%5Cevil.example",
    "/%0A/evil.example",
    "/%2509/evil.example",
    "%5C%5Cevil.example",
    "https://evil.example/phish",
    "javascript:alert(document.domain)",
    "/.%2F%2Fevil.example",
  ];

  it.each(HOSTILE.map((next) => ({ next })))("next=$next signs in and stays on this instance", async ({ next }) => {
    const page = await newPage(proxied.url, { clientAddress: true });
    const foreign: string[] = [];
    page.on("request", (r) => {
      const host = new URL(r.url()).host;
      if (host !== new URL(proxied.url).host) foreign.push(r.url());
    });
    await page.goto(`/sign-in?next=${next}`);
    expect(await fillSignIn(page, proxied.users.viewer.email, proxied.users.viewer.password)).toBe(200);
    await page.waitForURL(`${proxied.url}/incidents`);
    await page.getByRole("heading", { name: "Incidents", level: 1 }).waitFor();
    expect(foreign).toEqual([]);
    // Already signed in, the sign-in page sends the same way.
    await page.goto(`/sign-in?next=${next}`);
    await page.waitForURL(`${proxied.url}/incidents`);
    expect(foreign).toEqual([]);
  });

  it("a path on this instance is kept", async () => {
    const incident = await api(proxied, "POST", "/api/v1/incidents", { title: "Where next leads", severity: "SEV3" });
    const page = await newPage(proxied.url, { clientAddress: true });
    await page.goto(`/incidents/${incident.json.number}/postmortem`);
    await page.waitForURL(/\/sign-in\?next=/);
    expect(await fillSignIn(page, proxied.users.viewer.email, proxied.users.viewer.password)).toBe(200);
    await page.waitForURL(`${proxied.url}/incidents/${incident.json.number}/postmortem`);
  });
});

describe("Settings and the account page", () => {
  async function signedIn(email: string, password: string): Promise<Page> {
    const page = await newPage(proxied.url, { clientAddress: true });
    await page.goto("/sign-in");
    expect(await fillSignIn(page, email, password)).toBe(200);
    await page.waitForURL(`${proxied.url}/incidents`);
    return page;
  }

  it("an admin deactivates an account: its owner cannot sign in and is told why; reactivated, they can", async () => {
    const user = { email: "drew@debrief.test", name: "Drew Responder", role: "responder", password: "drew's passphrase" };
    expect((await api(proxied, "POST", "/api/v1/users", user)).status).toBe(201);
    const drew = await signedIn(user.email, user.password);

    const admin = await signedIn(proxied.users.admin.email, proxied.users.admin.password);
    await admin.goto("/settings/users");
    const row = admin.locator('[data-testid="user-row"][data-email="drew@debrief.test"]');
    await admin.getByRole("button", { name: "Deactivate: Drew Responder" }).click();
    await admin.getByRole("dialog").getByRole("button", { name: "Deactivate" }).click();
    await row.getByTestId("user-deactivated").waitFor();
    await admin.getByText("Drew Responder is deactivated.").waitFor();

    await drew.reload();
    await drew.waitForURL(/\/sign-in/);
    expect(await fillSignIn(drew, user.email, user.password)).toBe(403);
    await expect.poll(() => drew.locator("#auth-error").textContent()).toMatch(/This account is deactivated/);

    await admin.getByRole("button", { name: "Reactivate: Drew Responder" }).click();
    await admin.getByText("Drew Responder is active again and may sign in.").waitFor();
    expect(await row.getByTestId("user-deactivated").count()).toBe(0);
    expect(await fillSignIn(drew, user.email, user.password)).toBe(200);
    await drew.waitForURL(`${proxied.url}/incidents`);
  });

  it("API keys: a service key is labelled as such, a personal key names its owner", async () => {
    const admin = await signedIn(proxied.users.admin.email, proxied.users.admin.password);
    await admin.goto("/settings/api-keys");
    await admin.getByLabel("Name").fill("status page bot");
    await admin.getByLabel("Service key (not tied to a person)").check();
    await admin.getByLabel("Role").selectOption("viewer");
    await admin.getByRole("button", { name: "Create key" }).click();
    await admin.getByTestId("new-api-key").waitFor();
    await admin.getByLabel("Name").fill("my laptop script");
    await admin.getByLabel("Personal (bound to you)").check();
    await admin.getByRole("button", { name: "Create key" }).click();
    await admin.locator('[data-testid="api-key-row"][data-key-name="my laptop script"]').waitFor();
    await admin.reload();
    const service = admin.locator('[data-testid="api-key-row"][data-key-name="status page bot"]');
    expect(await service.getAttribute("data-kind")).toBe("service");
    expect(await service.getByTestId("api-key-owner").textContent()).toBe("Service key");
    const personal = admin.locator('[data-testid="api-key-row"][data-key-name="my laptop script"]');
    expect(await personal.getAttribute("data-kind")).toBe("personal");
    expect(await personal.getByTestId("api-key-owner").textContent()).toBe("Test Admin");
  });

  it("a user renames themselves and changes their password from the account page in the header; other sessions end", async () => {
    const user = { email: "quinn@debrief.test", name: "Quinn Viewer", role: "viewer", password: "quinn's old passphrase" };
    expect((await api(proxied, "POST", "/api/v1/users", user)).status).toBe(201);
    const elsewhere = await signedIn(user.email, user.password);
    const page = await signedIn(user.email, user.password);

    await page.getByTestId("signed-in-as").click();
    await page.waitForURL(`${proxied.url}/account`);
    expect(await page.getByTestId("account-email").textContent()).toBe(user.email);
    const name = page.getByLabel("Your name");
    await name.fill("   ");
    await page.getByRole("button", { name: "Save name" }).click();
    await page.getByText("Name must not be empty").waitFor();
    await name.fill("Quinn On-Call");
    await page.getByRole("button", { name: "Save name" }).click();
    await page.getByText("Name saved.").waitFor();
    await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toContain("Quinn On-Call (viewer)");

    await page.getByLabel("Current password").fill("not my password");
    await page.getByLabel("New password (at least 10 characters)").fill("quinn's new passphrase");
    await page.getByLabel("New password again").fill("quinn's new passphrase");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("The current password is wrong").waitFor();
    await page.getByLabel("Current password").fill(user.password);
    await page.getByLabel("New password (at least 10 characters)").fill("quinn's new passphrase");
    await page.getByLabel("New password again").fill("quinn's new passphrase");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("Password changed. Signed out of 1 other session.").waitFor();

    await elsewhere.reload();
    await elsewhere.waitForURL(/\/sign-in/);
    expect(await fillSignIn(elsewhere, user.email, user.password)).toBe(401);
    expect(await fillSignIn(elsewhere, user.email, "quinn's new passphrase")).toBe(200);
    await page.reload();
    await page.getByRole("heading", { name: "Your account" }).waitFor();

    const audit = await api(proxied, "GET", "/api/v1/audit?entity=user");
    const mine = audit.json.entries.filter((e: { actorName: string }) => e.actorName.startsWith("Quinn"));
    expect(mine.map((e: { action: string }) => e.action).sort()).toEqual(["change_password", "update"]);
  });
});
