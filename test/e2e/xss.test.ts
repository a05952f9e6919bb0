import { beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { api, type TestServer } from "../support/server";
import { signedInContext } from "../support/browser";
import { browserSuite } from "../support/browser-suite";
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkRehype from "remark-rehype";
import rehypeStringify from "rehype-stringify";
import { XSS_PAYLOADS } from "../fixtures/xss-payloads";

// Classic XSS payloads stored through the API in every Markdown field and
// every title, then every page that shows them opened in Chromium. Each
// payload, if it ran, would set window.__xss or open a dialog. The page's
// CSP would block most of them anyway, so the test also reads the DOM: the
// sanitiser (or React's escaping) must have removed every script, event
// handler and javascript: URL before the browser saw them.

const PAYLOADS = XSS_PAYLOADS;
// A marker before each payload shows it was rendered at all.
const marked = PAYLOADS.map((p, i) => `XSS${String(i).padStart(2, "0")} ${p}`);
const oneLine = (s: string, max: number) => s.replace(/\s+/g, " ").slice(0, max);

let server: TestServer;
let context: BrowserContext;
let incident: { id: string; number: number };
const dialogs: string[] = [];
const cspViolations: string[] = [];

async function ok(res: Promise<{ status: number; json: any; text: string }>, status = 201) {
  const r = await res;
  expect(r.status, r.text).toBe(status);
  return r.json;
}

const suite = browserSuite();

beforeAll(async () => {
  server = suite.server;
  context = suite.track(await signedInContext(suite.browser, server, "admin"));

  // One incident per payload, titled with it (the list shows them all).
  for (const [i, text] of marked.entries()) {
    const created = await ok(api(server, "POST", "/api/v1/incidents", { title: oneLine(text, 200), severity: "SEV3", summary: text, services: [oneLine(PAYLOADS[i]!, 100)] }));
    if (i === 0) incident = created;
  }
  // The first incident gets everything else: timeline bodies and status labels (key, so the postmortem shows them too).
  const events = [];
  for (const text of marked) {
    events.push(await ok(api(server, "POST", `/api/v1/incidents/${incident.id}/events`, { body: text, statusLabel: oneLine(text, 80), key: true })));
  }
  // An edit, so the audit log has payloads before and after.
  await ok(api(server, "PATCH", `/api/v1/incidents/${incident.id}/events/${events[0].id}`, { version: events[0].version, body: `${marked[1]} (edited)` }), 200);
  const current = await ok(api(server, "GET", `/api/v1/incidents/${incident.id}`), 200);
  await ok(api(server, "PATCH", `/api/v1/incidents/${incident.id}`, { version: current.version, title: oneLine(marked[7]!, 200) }), 200);

  const pm = await ok(api(server, "GET", `/api/v1/incidents/${incident.id}/postmortem`), 200);
  const all = marked.join("\n\n");
  const sections = Object.fromEntries(
    ["summary", "impact", "rootCause", "trigger", "detection", "resolution", "wentWell", "wentWrong", "gotLucky", "closing"].map((k) => [k, all]),
  );
  await ok(
    api(server, "PUT", `/api/v1/incidents/${incident.id}/postmortem`, {
      version: pm.version,
      sections,
      impactedServices: marked.map((t, i) => ({ service: oneLine(`S${i} ${PAYLOADS[i]}`, 100), impact: t })),
      contributingFactors: marked.map((t, i) => ({ title: oneLine(`F${i} ${PAYLOADS[i]}`, 200), description: t, category: "technical" })),
    }),
    200,
  );
  for (const [i, text] of marked.entries()) {
    await ok(api(server, "POST", `/api/v1/incidents/${incident.id}/action-items`, { title: oneLine(text, 200), description: text, owner: oneLine(`O${i} ${PAYLOADS[i]}`, 100) }));
  }
  // People: role holders named with payloads (the header, the role-change timeline entries), custom roles too.
  for (const [i, payload] of PAYLOADS.slice(0, 5).entries()) await ok(api(server, "POST", "/api/v1/incident-roles", { name: oneLine(`R${i} ${payload}`, 50) }));
  await ok(api(server, "PUT", `/api/v1/incidents/${incident.id}/roles/commander`, { name: oneLine(marked[2]!, 100) }), 200);
  await ok(api(server, "PUT", `/api/v1/incidents/${incident.id}/roles/scribe`, { name: oneLine(marked[8]!, 100) }), 200);
});

/** Everything in the page's content that could run: script-ish elements, on* attributes, script URLs. */
function findDangerous(): string[] {
  const main = document.querySelector("#main");
  if (!main) return ["no #main"];
  const found: string[] = [];
  const badTags = new Set(["script", "iframe", "frame", "object", "embed", "base", "meta", "link", "style", "noscript", "math", "xss"]);
  const urlAttrs = new Set(["href", "src", "action", "formaction", "data", "xlink:href", "poster", "background"]);
  for (const el of main.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    if (badTags.has(tag)) found.push(`<${tag}>`);
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) found.push(`<${tag} ${name}>`);
      if (name === "srcdoc") found.push(`<${tag} srcdoc>`);
      // Browsers ignore control characters and spaces inside a scheme.
      const value = attr.value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
      if (urlAttrs.has(name) && /^(javascript|vbscript|data):/.test(value)) found.push(`<${tag} ${name}="${attr.value.slice(0, 40)}">`);
    }
  }
  return found;
}

async function visit(page: Page, path: string, expectMarkers: number[]): Promise<void> {
  await page.goto(path);
  await page.waitForLoadState("load");
  // Time for an onerror / onload / ontoggle / animation to fire, if one were there.
  await page.waitForTimeout(1200);
  expect(await page.evaluate(() => (window as unknown as { __xss?: boolean }).__xss), `window.__xss on ${path}`).toBeUndefined();
  expect(await page.evaluate(findDangerous), `dangerous markup on ${path}`).toEqual([]);
  const text = (await page.locator("#main").textContent()) ?? "";
  for (const i of expectMarkers) expect(text, `${path} shows payload ${i}`).toContain(`XSS${String(i).padStart(2, "0")}`);
}

describe("stored XSS", () => {
  it("stores the payloads everywhere and no page runs them", async () => {
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on("dialog", (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to (execute|load|apply|frame)/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on("pageerror", (e) => {
      if (/xss/i.test(e.message)) dialogs.push(`error: ${e.message}`);
    });
    const every = marked.map((_, i) => i);
    const n = incident.number;

    // The first incident's title was edited to payload 7.
    await visit(page, "/incidents", every.slice(1));
    await visit(page, `/incidents/${n}`, every.slice(1));
    await visit(page, `/incidents/${n}/postmortem`, every);
    // The previews are rendered in the browser from the textareas: type into one, so a fresh preview is made too.
    const summary = page.getByRole("textbox", { name: "Summary", exact: true });
    await summary.fill(`${marked.join("\n\n")}\n\nXSS-typed`);
    await page.getByLabel("Summary preview").getByText("XSS-typed").waitFor();
    await page.waitForTimeout(1200);
    expect(await page.evaluate(findDangerous)).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __xss?: boolean }).__xss)).toBeUndefined();
    // Inputs hold the payloads as text (values, not markup).
    expect(await page.getByRole("textbox", { name: "Service 1", exact: true }).inputValue()).toBe(oneLine(`S0 ${PAYLOADS[0]}`, 100));

    await visit(page, `/incidents/${n}/action-items`, every);
    // The edit dialog shows a description in a textarea.
    await page.getByRole("button", { name: `Edit "${oneLine(marked[1]!, 200)}"` }).click();
    await page.getByRole("dialog").waitFor();
    await page.waitForTimeout(800);
    expect(await page.evaluate(findDangerous)).toEqual([]);
    await page.keyboard.press("Escape");

    await visit(page, "/action-items", every);
    await visit(page, `/incidents/${n}/audit`, [0, 1, 7]);
    // Long values are clipped in the audit view: the first payloads show.
    await visit(page, "/settings/audit?entity=postmortem", [0, 1, 2]);
    await visit(page, "/settings/audit", []);
    await visit(page, "/settings/roles", []);
    expect(await page.locator('[data-testid="role-row"]').count()).toBe(8);

    expect(dialogs, "dialogs opened by a payload").toEqual([]);
    expect(cspViolations, "CSP had to refuse something (the sanitiser let it through)").toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __xss?: boolean }).__xss)).toBeUndefined();
  });

  it("the Markdown export, rendered with raw HTML allowed and no sanitiser, holds nothing that runs, and shows what the preview shows", async () => {
    // A renderer as careless as they come (and one that does not know front matter).
    const careless = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeStringify, { allowDangerousHtml: true });
    const page = await context.newPage();
    await page.goto(`/incidents/${incident.number}/postmortem`);
    const preview = page.getByLabel("Summary preview");
    await preview.getByText("XSS23").waitFor();
    const previewText = (await preview.textContent()) ?? "";
    for (const template of ["cloudflare", "sre"]) {
      // A viewer's download, as anyone with read access gets it.
      const res = await fetch(`${server.url}/api/v1/incidents/${incident.id}/postmortem.md?template=${template}`, { headers: { authorization: `Bearer ${server.keys.viewer}` } });
      expect(res.status).toBe(200);
      const html = String(careless.processSync(await res.text()));
      // Chromium's own HTML parser reads it (DOMParser runs nothing).
      const read = await page.evaluate((source) => {
        const doc = new DOMParser().parseFromString(source, "text/html");
        const found: string[] = [];
        const badTags = new Set(["script", "iframe", "frame", "object", "embed", "base", "meta", "link", "style", "noscript", "math", "svg", "form", "button", "xss", "details", "video", "body"]);
        for (const el of doc.body.querySelectorAll("*")) {
          const tag = el.tagName.toLowerCase();
          if (badTags.has(tag)) found.push(`<${tag}>`);
          for (const attr of Array.from(el.attributes)) {
            const name = attr.name.toLowerCase();
            if (name.startsWith("on") || name === "srcdoc" || name === "style") found.push(`<${tag} ${name}>`);
            const value = attr.value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
            if (["href", "src", "action", "formaction", "data", "xlink:href", "poster"].includes(name) && /^(javascript|vbscript|data):/.test(value)) {
              found.push(`<${tag} ${name}="${attr.value.slice(0, 40)}">`);
            }
          }
        }
        // The summary: after the "All times … UTC" note, up to the first section heading.
        let summary = "";
        const note = Array.from(doc.querySelectorAll("p")).find((p) => p.textContent?.trim() === "All times in this post are UTC.");
        for (let el = note?.nextElementSibling; el && el.tagName !== "H2"; el = el.nextElementSibling) summary += ` ${el.textContent ?? ""}`;
        return { found, summary, text: doc.body.textContent ?? "" };
      }, html);
      expect(read.found, `${template}: what would run`).toEqual([]);
      // Nothing was dropped: every payload's words are in the export, as text.
      for (const i of marked.keys()) expect(read.text).toContain(`XSS${String(i).padStart(2, "0")}`);
      expect(read.text).toContain(`<script>window.__xss=true</script>`);
      if (template === "cloudflare") expect(oneLine(read.summary, 100_000).trim()).toBe(oneLine(previewText, 100_000).trim());
    }
    await page.close();
  });

  it("Markdown downloads are never served as HTML", async () => {
    for (const path of [`/api/v1/incidents/${incident.id}/postmortem.md`, "/api/v1/action-items/digest.md", "/api/v1/action-items/export.csv"]) {
      const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.keys.admin}` } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).not.toMatch(/html/i);
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
    }
  });
});
