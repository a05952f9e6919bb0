import { describe, expect, it } from "vitest";
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkFrontmatter from "remark-frontmatter";
import remarkRehype from "remark-rehype";
import rehypeStringify from "rehype-stringify";
import YAML from "yaml";
import type { Nodes } from "mdast";
import { exportPostmortemMarkdown } from "@/lib/postmortem/markdown/export";
import { inertYaml } from "@/lib/postmortem/markdown/safe-html";
import { renderPreviewHtml } from "@/lib/postmortem/render-preview";
import { renderDigestMarkdown } from "@/lib/action-items/digest";
import { SECTION_KEYS, type ExportOptions, type PostmortemDocument } from "@/lib/postmortem/document";
import { goldenDocument } from "../fixtures/postmortem/golden-document";
import { URL_PAYLOADS, XSS_PAYLOADS } from "../fixtures/xss-payloads";
import { dangerousInHtml, urlScheme, visibleText } from "../support/html-scan";
import { expectStableRoundTrip } from "../support/markdown-round-trip";

// The Markdown export carries no executable HTML from user text, however it
// is rendered: here by remark-rehype with raw HTML allowed and no sanitiser,
// with and without front-matter support (a renderer that does not know front
// matter reads it as Markdown).

const PAYLOADS = [...XSS_PAYLOADS, ...URL_PAYLOADS];
const oneLine = (s: string, max: number) => s.replace(/\s+/g, " ").slice(0, max);

const unsafeRenderer = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeStringify, { allowDangerousHtml: true });
const frontMatterAware = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ["yaml"]);
const render = (markdown: string) => String(unsafeRenderer.processSync(markdown));

/** A postmortem with every payload in every field a user can write. */
function hostileDocument(): PostmortemDocument {
  const all = PAYLOADS.map((p, i) => `P${i} ${p}`).join("\n\n");
  return {
    ...goldenDocument,
    incident: {
      ...goldenDocument.incident,
      title: oneLine(`Outage ${XSS_PAYLOADS[1]} [x](javascript:alert(1))`, 200),
      services: PAYLOADS.slice(0, 10).map((p) => oneLine(p, 100)),
    },
    authors: PAYLOADS.slice(10, 20).map((p) => oneLine(p, 100)),
    sections: Object.fromEntries(SECTION_KEYS.map((k) => [k, all])) as PostmortemDocument["sections"],
    extraSections: [{ title: oneLine(`Extra ${XSS_PAYLOADS[0]}`, 200), body: all }],
    impactedServices: PAYLOADS.map((p, i) => ({ service: oneLine(`S${i} ${p}`, 100), impact: p })),
    contributingFactors: PAYLOADS.map((p, i) => ({ title: oneLine(`F${i} ${p}`, 200), description: p, category: "technical" as const })),
    actionItems: PAYLOADS.map((p, i) => ({ title: oneLine(`A${i} ${p}`, 200), description: p, type: "prevent" as const, owner: oneLine(p, 100), status: "open" as const, dueDate: null })),
    timeline: PAYLOADS.map((p, i) => ({ occurredAt: new Date(Date.UTC(2026, 2, 3, 23, 50) + i * 60_000), endedAt: null, statusLabel: oneLine(p, 80), body: p })),
  };
}

const OPTIONS: ExportOptions[] = [
  { template: "cloudflare", frontMatter: true },
  { template: "sre", frontMatter: true },
  { template: "cloudflare", frontMatter: false },
];

/** Raw HTML other than a bare <br>, and URLs with a scheme other than http(s)/mailto, anywhere in the tree. */
function unsafeNodes(node: Nodes, found: string[] = []): string[] {
  if (node.type === "html" && !/^<br\s*\/?>$/i.test(node.value.trim())) found.push(`html ${node.value.slice(0, 40)}`);
  if (node.type === "link" || node.type === "image" || node.type === "definition") {
    const scheme = urlScheme(node.url);
    if (scheme !== null && !["http", "https", "mailto"].includes(scheme)) found.push(`${node.type} ${node.url.slice(0, 40)}`);
  }
  if ("children" in node) for (const child of node.children) unsafeNodes(child, found);
  return found;
}

describe("the Markdown export carries no executable HTML from user text", () => {
  const doc = hostileDocument();
  for (const options of OPTIONS) {
    it(`${options.template}${options.frontMatter ? " with front matter" : ""}: nothing runs when rendered with raw HTML allowed and no sanitiser`, () => {
      const markdown = exportPostmortemMarkdown(doc, options);
      // Read as Markdown: no raw HTML but <br>, no script or data URL (front matter known or not).
      expect(unsafeNodes(frontMatterAware.parse(markdown))).toEqual([]);
      expect(unsafeNodes(unsafeRenderer.parse(markdown))).toEqual([]);
      const html = render(markdown);
      expect(dangerousInHtml(html)).toEqual([]);
      // The words are kept, as text: every payload's marker and its text are there.
      for (const [i, payload] of PAYLOADS.entries()) expect(html).toContain(`P${i} `);
      expect(visibleText(html)).toContain("P0 <script>window.__xss=true</script>");
      // The exporter's own <br> in table cells stays a line break.
      expect(html).toMatch(/<td>[^<]*<br>/);
    });
  }

  it("keeps the front matter's meaning for a YAML reader while no string in it can start a tag or a link", () => {
    const markdown = exportPostmortemMarkdown(doc, { template: "cloudflare", frontMatter: true });
    const yaml = /^---\n([\s\S]*?)\n---\n/.exec(markdown)?.[1] ?? "";
    expect(yaml).not.toMatch(/[<[]/);
    expect(YAML.parse(yaml)).toMatchObject({ title: doc.incident.title, services: doc.incident.services, authors: doc.authors });
    expect(inertYaml("title: plain\nservices:\n  - a\n")).toBe("title: plain\nservices:\n  - a\n");
    expect(YAML.parse(inertYaml("empty: []\ntitle: <b>[x]</b>"))).toEqual({ empty: [], title: "<b>[x]</b>" });
  });

  it("round-trips: export → import → export gives the same bytes, and what was text stays text", () => {
    for (const options of OPTIONS) expectStableRoundTrip(doc, options);
  });

  it("the digest's links are made inert the same way", () => {
    const md = renderDigestMarkdown({
      items: [
        {
          id: "1",
          title: "<script>alert(1)</script>",
          owner: "<img src=x onerror=alert(1)>",
          dueDate: new Date("2030-01-01T00:00:00Z"),
          status: "open",
          priority: "high",
          externalUrl: "javascript:alert(1)",
          incident: { number: 7, severity: "SEV1" },
        },
      ],
      now: new Date("2030-01-03T12:00:00Z"),
      days: 7,
      baseUrl: "https://debrief.example",
    });
    expect(dangerousInHtml(render(md))).toEqual([]);
    expect(md).toContain("[INC-7](https://debrief.example/incidents/7/action-items)");
    expect(md).not.toContain("javascript:");
  });
});

describe("the export and the sanitised preview agree", () => {
  it.each(PAYLOADS.map((p, i) => [i, p] as const))("payload %i shows the same text in the preview as in the rendered export", (i, payload) => {
    const doc: PostmortemDocument = { ...goldenDocument, sections: { ...goldenDocument.sections, summary: `P${i} ${payload}` } };
    const html = render(exportPostmortemMarkdown(doc, { template: "cloudflare", frontMatter: false }));
    // The summary sits between the "All times … UTC" note and the first section heading.
    const summary = /All times in this post are UTC\.<\/em><\/p>([\s\S]*?)<h2>/.exec(html)?.[1] ?? "";
    const preview = renderPreviewHtml(`P${i} ${payload}`);
    expect(dangerousInHtml(preview)).toEqual([]);
    expect(visibleText(summary)).toBe(visibleText(preview));
  });
});
