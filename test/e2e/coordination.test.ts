import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { api, type TestServer } from "../support/server";
import { browserSuite, type SuiteIncident as Incident } from "../support/browser-suite";

// People around an incident, in Chromium against the production build:
// roles given from the incident header and seen live elsewhere, owners
// picked by typeahead, "My items", custom roles from Settings.

let server: TestServer;
const ids: Record<"viewer" | "responder" | "admin", string> = { viewer: "", responder: "", admin: "" };

const suite = browserSuite();

beforeAll(async () => {
  server = suite.server;
  const users = await api(server, "GET", "/api/v1/users");
  for (const role of ["viewer", "responder", "admin"] as const) {
    ids[role] = users.json.users.find((u: { email: string }) => u.email === server.users[role].email).id;
  }
});

async function newPage(role: "viewer" | "responder" | "admin" = "admin"): Promise<Page> {
  return (await suite.newPage({ role })).page;
}

const createIncident = suite.createIncident;
const openIncident = (page: Page, incident: Incident) => suite.openIncident(page, incident, { timeout: 30_000 });

const role = (page: Page, key: string) => page.getByTestId(`role-${key}`);
/** Wait until the header shows `name` as the holder of role `key`. */
const holderShown = (page: Page, key: string, name: string) =>
  expect.poll(() => role(page, key).getByTestId("role-holder").textContent({ timeout: 500 }).catch(() => null), { timeout: 10_000 }).toBe(name);

describe("incident roles in the header", () => {
  it("a responder gives the commander role by typeahead; a viewer's open page shows it live, with the timeline entry", async () => {
    const incident = await createIncident("Checkout 503s");
    const [responder, viewer] = await Promise.all([newPage("responder"), newPage("viewer")]);
    await Promise.all([openIncident(responder, incident), openIncident(viewer, incident)]);
    await role(viewer, "commander").getByText("unassigned").waitFor();
    // Viewers see roles but get no control to change them.
    expect(await role(viewer, "commander").getByRole("button").count()).toBe(0);

    await responder.getByRole("button", { name: "Commander: unassigned. Change" }).click();
    const picker = responder.getByRole("combobox", { name: "Give Commander to" });
    await picker.fill("test ad");
    const option = responder.getByRole("option", { name: /Test Admin/ });
    await option.waitFor();
    await picker.press("ArrowDown");
    expect(await option.getAttribute("aria-selected")).toBe("true");
    expect(await picker.getAttribute("aria-activedescendant")).toBe(await option.getAttribute("id"));
    await picker.press("Enter");

    await holderShown(responder, "commander", "Test Admin");
    await holderShown(viewer, "commander", "Test Admin");
    expect(await role(viewer, "commander").getAttribute("data-user-id")).toBe(ids.admin);
    await viewer.locator("li[data-entry-id]", { hasText: "Test Admin is now Commander." }).waitFor();

    const roles = await api(server, "GET", `/api/v1/incidents/${incident.id}/roles`);
    expect(roles.json.roles.find((r: { key: string }) => r.key === "commander").holder).toMatchObject({ userId: ids.admin, assignedBy: "Test Responder" });
  });

  it("a rename on the account page reaches the header of an incident open elsewhere, without a reload", async () => {
    const incident = await createIncident("Rename while on call");
    expect((await api(server, "PUT", `/api/v1/incidents/${incident.id}/roles/commander`, { userId: ids.responder })).status).toBe(200);
    const [responder, viewer] = await Promise.all([newPage("responder"), newPage("viewer")]);
    await openIncident(viewer, incident);
    await holderShown(viewer, "commander", "Test Responder");
    const rename = async (name: string) => {
      await responder.goto("/account");
      await responder.getByLabel("Your name").fill(name);
      await responder.getByRole("button", { name: "Save name" }).click();
      await holderShown(viewer, "commander", name);
    };
    try {
      await rename("Rae Responder");
      expect(await role(viewer, "commander").getAttribute("data-user-id")).toBe(ids.responder);
    } finally {
      // The other tests of this file know the responder by the suite's name.
      await rename("Test Responder");
    }
  });

  it("works from the keyboard alone: Shift+C, type a name without an account, Enter; Me takes a role", async () => {
    const incident = await createIncident("Search slow");
    const page = await newPage("responder");
    await openIncident(page, incident);
    // Out of the entry box (which has focus when an incident opens): Shift+C is a page shortcut.
    await page.locator("h1").click();
    await page.keyboard.press("Shift+C");
    const picker = page.getByRole("combobox", { name: "Give Commander to" });
    await expect.poll(() => picker.evaluate((el) => el === document.activeElement), { timeout: 10_000 }).toBe(true);
    await page.keyboard.type("Dana from Acme");
    await page.getByRole("option", { name: /Use “Dana from Acme”/ }).waitFor();
    await page.keyboard.press("Enter");
    await holderShown(page, "commander", "Dana from Acme");
    await page.locator("[data-toast]", { hasText: "Dana from Acme is now Commander" }).waitFor();

    await page.getByRole("button", { name: "Scribe: unassigned. Change" }).click();
    await page.getByRole("button", { name: "Me (Test Responder)" }).click();
    await holderShown(page, "scribe", "Test Responder");
    expect(await role(page, "scribe").getAttribute("data-user-id")).toBe(ids.responder);

    // Esc with the picker's list open closes only the list; the next Esc closes the role menu
    // without a change, focus back on its button.
    await page.getByRole("button", { name: "Scribe: Test Responder. Change" }).click();
    const scribePicker = page.getByRole("combobox", { name: "Give Scribe to" });
    await scribePicker.fill("test ad");
    await page.getByRole("option", { name: /Test Admin/ }).waitFor();
    expect(await scribePicker.getAttribute("aria-expanded")).toBe("true");
    await page.keyboard.press("Escape");
    await expect.poll(() => scribePicker.getAttribute("aria-expanded"), { timeout: 10_000 }).toBe("false");
    expect(await page.getByRole("dialog", { name: "Give the Scribe role" }).count()).toBe(1);
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("combobox", { name: "Give Scribe to" }).count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label")), { timeout: 10_000 }).toBe("Scribe: Test Responder. Change");

    // A click elsewhere closes it without a change too.
    await page.getByRole("button", { name: "Scribe: Test Responder. Change" }).click();
    await page.getByRole("combobox", { name: "Give Scribe to" }).waitFor();
    await page.locator("h1").click();
    await expect.poll(() => page.getByRole("dialog", { name: "Give the Scribe role" }).count(), { timeout: 10_000 }).toBe(0);
    await holderShown(page, "scribe", "Test Responder");
  });
});

describe("people as action-item owners", () => {
  it("picks an owner by typeahead in the new-item form; the item is linked to the account", async () => {
    const incident = await createIncident("Owner picking");
    const page = await newPage("admin");
    await page.goto(`/incidents/${incident.number}/action-items`);
    await page.getByRole("button", { name: "New action item" }).click();
    const dialog = page.getByRole("dialog", { name: "New action item" });
    await dialog.getByLabel("Title").fill("Alert on the 5xx ratio");
    const owner = dialog.getByRole("combobox", { name: "Owner" });
    await owner.fill("viewer@");
    await dialog.getByRole("option", { name: /Test Viewer/ }).click();
    expect(await owner.inputValue()).toBe("Test Viewer");
    await dialog.getByTestId("person-linked").waitFor();
    await dialog.getByRole("button", { name: "Create action item" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.locator('[data-testid="action-item-row"]', { hasText: "Alert on the 5xx ratio" }).getByText("Test Viewer").waitFor();
    const items = await api(server, "GET", `/api/v1/action-items?incident=${incident.id}`);
    expect(items.json.items.map((i: { title: string; owner: string; ownerId: string }) => [i.title, i.owner, i.ownerId])).toEqual([
      ["Alert on the 5xx ratio", "Test Viewer", ids.viewer],
    ]);
  });

  it("My items shows the signed-in person's items without asking for a name", async () => {
    const incident = await createIncident("Mine or not");
    const add = (body: Record<string, unknown>) => api(server, "POST", `/api/v1/incidents/${incident.id}/action-items`, body);
    await add({ title: "Responder's by account", ownerId: ids.responder });
    await add({ title: "Responder's by name", owner: "TEST RESPONDER" });
    await add({ title: "Someone else's", ownerId: ids.admin });
    await add({ title: "Nobody's" });
    const page = await newPage("responder");
    await page.goto(`/action-items?incident=${incident.id}&sort=title`);
    await page.locator('[data-testid="action-item-row"]').first().waitFor();
    await page.getByRole("button", { name: "My items" }).click();
    await page.waitForURL(/mine=true/);
    const titles = () => page.locator('[data-testid="action-item-row"] td:nth-child(2) span.font-medium').allTextContents();
    await expect.poll(titles, { timeout: 10_000 }).toEqual(["Responder's by account", "Responder's by name"]);
    expect(await page.getByRole("button", { name: "My items" }).getAttribute("aria-pressed")).toBe("true");
    expect(await page.getByRole("textbox", { name: "Your name as owner" }).count()).toBe(0);
  });
});

describe("custom roles", () => {
  it("an admin adds a role in Settings and it is offered in every incident header", async () => {
    const page = await newPage("admin");
    await page.goto("/settings/roles");
    await page.getByLabel("Name", { exact: true }).fill("Customer liaison");
    await page.getByLabel("What they do (optional)").fill("Talks to the affected customers.");
    await page.getByRole("button", { name: "Add role" }).click();
    await page.locator('[data-testid="role-row"][data-role-key="customer-liaison"]').waitFor();
    const incident = await createIncident("Custom role");
    await openIncident(page, incident);
    await page.getByRole("button", { name: "Customer liaison: unassigned. Change" }).click();
    const picker = page.getByRole("combobox", { name: "Give Customer liaison to" });
    await picker.fill("test resp");
    await page.getByRole("option", { name: /Test Responder/ }).click();
    await holderShown(page, "customer-liaison", "Test Responder");
  });

  it("removing a role someone else removed meanwhile keeps the dialog open with the server's answer; the next try starts clean", async () => {
    const made = await api(server, "POST", "/api/v1/incident-roles", { name: "Vendor contact", description: "" });
    expect(made.status).toBe(201);
    const page = await newPage("admin");
    await page.goto("/settings/roles");
    await page.locator('[data-testid="role-row"][data-role-key="vendor-contact"]').waitFor();
    expect((await api(server, "DELETE", "/api/v1/incident-roles/vendor-contact")).status).toBe(200);

    await page.getByRole("button", { name: "Remove: Vendor contact" }).click();
    const dialog = page.getByRole("dialog", { name: "Remove role" });
    await dialog.getByText("Remove Vendor contact?").waitFor();
    await dialog.getByRole("button", { name: "Remove role" }).click();
    await dialog.getByRole("alert").waitFor();
    expect(await dialog.getByRole("alert").textContent()).toBe("Role not found");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });

    await page.getByRole("button", { name: "Remove: Vendor contact" }).click();
    await dialog.getByRole("button", { name: "Remove role" }).waitFor();
    expect(await dialog.getByRole("alert").count()).toBe(0);
  });
});
