import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { api, startTestServer, type TestServer } from "../support/server";
import { launchBrowser, signedInContext } from "../support/browser";

// Accounts in Chromium against the production build: first run, users and
// API keys made in settings, viewers, the sign-in rate limit, signing
// someone out everywhere, and the audit tab.
//
// better-auth allows 5 sign-ins a minute per client address, and every
// browser here is the same address: the admin signs in once and its
// cookies are reused; the first-run and rate-limit tests have servers of
// their own.

let server: TestServer;
let browser: Browser;
let adminState: Awaited<ReturnType<BrowserContext["storageState"]>>;
const contexts: BrowserContext[] = [];
const servers: TestServer[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const admin = await signedInContext(browser, server, "admin");
  adminState = await admin.storageState();
  await admin.close();
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  await browser?.close();
  await Promise.all([server, ...servers].map((s) => s?.dispose()));
});

async function track(context: BrowserContext): Promise<Page> {
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

const anonymousPage = (on: TestServer = server) => browser.newContext({ baseURL: on.url }).then(track);
const adminPage = () => browser.newContext({ baseURL: server.url, storageState: adminState }).then(track);
// Each role signs in once; later pages reuse its cookies.
const roleStates = new Map<string, Awaited<ReturnType<BrowserContext["storageState"]>>>();
async function rolePage(role: "viewer" | "responder"): Promise<Page> {
  const saved = roleStates.get(role);
  if (saved) return track(await browser.newContext({ baseURL: server.url, storageState: saved }));
  const context = await signedInContext(browser, server, role);
  roleStates.set(role, await context.storageState());
  return track(context);
}

async function createIncident(title: string): Promise<{ id: string; number: number }> {
  const res = await api(server, "POST", "/api/v1/incidents", { title, severity: "SEV2" });
  expect(res.status).toBe(201);
  return res.json;
}

async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/api/auth/sign-in/email")),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}

describe("accounts", () => {
  it("first run: / goes to /setup, and the first account is an admin signed in on /incidents", async () => {
    const fresh = await startTestServer({ seed: false });
    servers.push(fresh);
    const page = await anonymousPage(fresh);
    await page.goto("/");
    await page.waitForURL(/\/setup$/);
    await page.getByRole("heading", { name: "Welcome to Debrief" }).waitFor();
    await page.getByLabel("Name").fill("Ada Admin");
    await page.getByLabel("Email").fill("ada@example.test");
    await page.getByLabel("Password").fill("first admin passphrase");
    await page.getByRole("button", { name: "Create admin account" }).click();
    await page.waitForURL(/\/incidents$/);
    await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toContain("Ada Admin (admin)");
    // Set up once only: /setup now sends to sign-in (here: on to the incidents).
    await page.goto("/setup");
    await page.waitForURL(/\/incidents$/);
  });

  it("an admin creates a responder in settings, who signs in with the form and posts an entry under their own name", async () => {
    const admin = await adminPage();
    await admin.goto("/settings/users");
    await admin.getByRole("heading", { name: "Create a user" }).waitFor();
    await admin.getByLabel("Email").fill("casey@debrief.test");
    await admin.getByLabel("Name").fill("Casey Responder");
    await admin.locator('form select[name="role"]').selectOption("responder");
    await admin.getByLabel("Set one now").check();
    await admin.getByLabel(/^Password/).fill("casey's own passphrase");
    await admin.getByRole("button", { name: "Create user" }).click();
    await admin.locator('[data-testid="user-row"][data-email="casey@debrief.test"]').waitFor();
    await expect.poll(() => admin.getByRole("combobox", { name: "Role of Casey Responder" }).inputValue()).toBe("responder");

    const incident = await createIncident("Casey's incident");
    const page = await anonymousPage();
    await page.goto(`/incidents/${incident.number}`);
    await page.waitForURL(/\/sign-in\?next=/);
    await fillSignIn(page, "casey@debrief.test", "casey's own passphrase");
    await page.waitForURL(new RegExp(`/incidents/${incident.number}$`));
    await page.locator('[data-connection="live"]').waitFor();
    const box = page.getByRole("textbox", { name: "New timeline entry" });
    await box.fill("Paged the database on-call");
    await box.press("Enter");
    const row = page.locator('li[data-entry-id][data-state="saved"]', { hasText: "Paged the database on-call" });
    await row.waitFor();
    expect(await row.textContent()).toContain("Casey Responder");
    const events = await api(server, "GET", `/api/v1/incidents/${incident.id}/events`);
    expect(events.json.events.map((e: { authorName: string }) => e.authorName)).toEqual(["Casey Responder"]);
  });

  it("an admin creates an API key in settings, sees it once, and revoking it ends its access at once", async () => {
    const page = await adminPage();
    await page.goto("/settings/api-keys");
    await page.getByLabel("Name").fill("ci bot");
    await page.getByLabel("Role").selectOption("responder");
    await page.getByRole("button", { name: "Create key" }).click();
    const shown = page.getByTestId("new-api-key");
    await shown.waitFor();
    const key = (await shown.textContent()) ?? "";
    expect(key).toMatch(/^dbf_[\w-]{40,}$/);
    await page.getByText("It is shown only once").waitFor();

    const post = () =>
      fetch(`${server.url}/api/v1/incidents`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ title: "Made by the ci bot", severity: "SEV4" }),
      });
    expect((await post()).status).toBe(201);

    // Shown once: after a reload only the prefix is left.
    await page.reload();
    const row = page.locator('[data-testid="api-key-row"][data-key-name="ci bot"]');
    await row.waitFor();
    expect(await page.content()).not.toContain(key);
    expect(await row.textContent()).toContain(key.slice(0, 10));
    expect(await row.textContent()).not.toContain("never"); // last used just now

    await page.getByRole("button", { name: "Revoke: ci bot" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
    await row.getByText(/^Revoked/).waitFor();
    expect((await post()).status).toBe(401);

    // The instance audit log names who made and revoked it.
    await page.goto("/settings/audit?entity=api_key");
    const entries = page.getByTestId("audit-entry");
    await entries.first().waitFor();
    expect(await entries.first().getAttribute("data-action")).toBe("revoke");
    expect(await entries.first().textContent()).toContain("Test Admin");
    expect(await entries.first().textContent()).toContain("ci bot");
  });

  it("a viewer sees read-only notes instead of write controls, and no settings", async () => {
    const incident = await createIncident("Viewer can look");
    const page = await rolePage("viewer");
    await page.goto("/incidents");
    await page.getByTestId("read-only-note").waitFor();
    expect(await page.getByText("Read-only: your role is viewer").count()).toBe(1);
    expect(await page.locator("#declare-title").count()).toBe(0);

    await page.goto(`/incidents/${incident.number}`);
    await page.locator('[data-connection="live"]').waitFor();
    await page.getByTestId("read-only-note").waitFor();
    expect(await page.getByRole("textbox", { name: "New timeline entry" }).count()).toBe(0);

    await page.goto(`/incidents/${incident.number}/postmortem`);
    await page.getByTestId("read-only-note").waitFor();
    expect(await page.getByRole("textbox", { name: "Summary", exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Add service" }).isDisabled()).toBe(true);

    await page.goto(`/incidents/${incident.number}/action-items`);
    await page.getByTestId("read-only-note").waitFor();
    expect(await page.getByRole("button", { name: "New action item" }).count()).toBe(0);
    expect(await page.getByRole("checkbox", { name: "Select all items on this page" }).count()).toBe(0);

    await page.goto("/settings/users");
    await page.getByRole("heading", { name: "Not allowed" }).waitFor();
    expect(await page.content()).not.toContain("responder@debrief.test");
    expect(await page.getByRole("link", { name: "Settings" }).count()).toBe(0);
  });

  it("sign-in is rate limited: the 6th wrong password within a minute gets 'Too many attempts', whatever X-Forwarded-For says", async () => {
    const own = await startTestServer();
    servers.push(own);
    const page = await anonymousPage(own);
    await page.goto("/sign-in");
    for (let attempt = 1; attempt <= 5; attempt++) {
      await fillSignIn(page, own.users.responder.email, `wrong password ${attempt}`);
      await expect.poll(() => page.locator("#auth-error").textContent()).toBe("Wrong email or password.");
    }
    await fillSignIn(page, own.users.responder.email, "wrong password 6");
    await expect.poll(() => page.locator("#auth-error").textContent()).toMatch(/^Too many attempts/);
    // Even the right password waits now.
    await fillSignIn(page, own.users.responder.email, own.users.responder.password);
    await expect.poll(() => page.locator("#auth-error").textContent()).toMatch(/^Too many attempts/);
    expect(page.url()).toMatch(/\/sign-in$/);
    // A client cannot step out of its bucket by naming another address.
    for (const forwarded of ["203.0.113.7", "198.51.100.1, 203.0.113.8"]) {
      const res = await fetch(`${own.url}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: own.url, "x-forwarded-for": forwarded },
        body: JSON.stringify({ email: own.users.responder.email, password: own.users.responder.password }),
      });
      expect(res.status, forwarded).toBe(429);
    }
  });

  it("revoking a user's sessions sends their next page load to sign-in", async () => {
    const user = { email: "riley@debrief.test", name: "Riley Responder", role: "responder", password: "riley passphrase 1" };
    expect((await api(server, "POST", "/api/v1/users", user)).status).toBe(201);
    const riley = await anonymousPage();
    const signIn = await riley.request.post(`${server.url}/api/auth/sign-in/email`, {
      data: { email: user.email, password: user.password },
      headers: { origin: server.url },
    });
    expect(signIn.status()).toBe(200);
    await riley.goto("/incidents");
    await riley.getByRole("heading", { name: "Incidents", level: 1 }).waitFor();
    expect(await riley.getByTestId("signed-in-as").textContent()).toContain("Riley Responder");

    const admin = await adminPage();
    await admin.goto("/settings/users");
    await admin.getByRole("button", { name: "Sign out everywhere: Riley Responder" }).click();
    await admin.getByRole("dialog").getByRole("button", { name: "Sign out everywhere" }).click();
    await admin.getByText("Signed Riley Responder out of 1 session.").waitFor();

    await riley.reload();
    await riley.waitForURL(/\/sign-in/);
    await riley.getByRole("heading", { name: "Sign in to Debrief" }).waitFor();
    const api401 = await riley.request.get(`${server.url}/api/v1/incidents`);
    expect(api401.status()).toBe(401);
  });

  it("the audit tab shows who changed what: an edited entry's before and after", async () => {
    const incident = await createIncident("Audited incident");
    const created = await api(server, "POST", `/api/v1/incidents/${incident.id}/events`, { body: "Restarted the primary" }, { authorization: `Bearer ${server.keys.responder}` });
    expect(created.status).toBe(201);
    const page = await adminPage();
    // The admin edits it as a signed-in user (same-origin, session cookie).
    const edit = await page.request.patch(`${server.url}/api/v1/incidents/${incident.id}/events/${created.json.id}`, {
      data: { version: created.json.version, body: "Restarted the replica, not the primary" },
      headers: { origin: server.url },
    });
    expect(edit.status()).toBe(200);

    await page.goto(`/incidents/${incident.number}`);
    await page.getByRole("link", { name: "Audit", exact: true }).click();
    await page.waitForURL(new RegExp(`/incidents/${incident.number}/audit$`));
    expect(await page.getByRole("link", { name: "Audit", exact: true }).getAttribute("aria-current")).toBe("page");
    const entry = page.locator('[data-testid="audit-entry"][data-entity="event"][data-action="update"]');
    await entry.waitFor();
    expect(await entry.getByTestId("audit-actor").textContent()).toBe("Test Admin");
    const body = entry.locator('tr[data-field="body"]');
    expect(await body.locator('[data-side="before"]').textContent()).toBe("Restarted the primary");
    expect(await body.locator('[data-side="after"]').textContent()).toBe("Restarted the replica, not the primary");

    // A viewer reads the same tab (filters work from the URL).
    const viewer = await rolePage("viewer");
    await viewer.goto(`/incidents/${incident.number}/audit?entity=event`);
    await viewer.locator('[data-testid="audit-entry"][data-action="update"]').waitFor();
    expect(await viewer.locator('[data-testid="audit-entry"]:not([data-entity="event"])').count()).toBe(0);

    // "Older" pages continue exactly where the last one ended, even within one millisecond.
    const whole = await api(server, "GET", "/api/v1/audit?limit=6");
    const first = await api(server, "GET", "/api/v1/audit?limit=3");
    const last = first.json.entries.at(-1);
    const older = await api(server, "GET", `/api/v1/audit?limit=3&before=${encodeURIComponent(last.at)}&beforeId=${last.id}`);
    const ids = (r: typeof whole) => r.json.entries.map((e: { id: string }) => e.id);
    expect([...ids(first), ...ids(older)]).toEqual(ids(whole));
  });
});
