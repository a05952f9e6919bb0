import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { exportPostmortemMarkdown } from "@/lib/postmortem/markdown/export";
import { importPostmortemMarkdown } from "@/lib/postmortem/markdown/import";
import { renderPreviewHtml } from "@/lib/postmortem/render-preview";
import { parseMarkdown } from "@/lib/postmortem/markdown/processor";
import type { ExportOptions, PostmortemDocument } from "@/lib/postmortem/document";
import { goldenDocument } from "../fixtures/postmortem/golden-document";

const fixtures = path.resolve(__dirname, "../fixtures/postmortem");
const example = readFileSync(path.join(fixtures, "cloudflare-example.md"), "utf8");

/** Compare with a golden file; UPDATE_GOLDEN=1 rewrites it (review the diff before committing). */
function expectGolden(name: string, actual: string) {
  const file = path.join(fixtures, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

function roundTrip(markdown: string, options: ExportOptions): string {
  return exportPostmortemMarkdown(importPostmortemMarkdown(markdown), options);
}

describe("golden files", () => {
  for (const template of ["cloudflare", "sre"] as const) {
    it(`${template}: matches the golden file and survives a round trip`, () => {
      const options = { template, frontMatter: true };
      const markdown = exportPostmortemMarkdown(goldenDocument, options);
      expectGolden(`golden-${template}.md`, markdown);
      expect(roundTrip(markdown, options)).toBe(markdown);
    });
  }

  it("re-exports the hand-written Cloudflare-style example in our shape", () => {
    const markdown = exportPostmortemMarkdown(importPostmortemMarkdown(example), { template: "cloudflare", frontMatter: true });
    expectGolden("example-reexport.md", markdown);
  });
});

describe("export", () => {
  const md = exportPostmortemMarkdown(goldenDocument, { template: "cloudflare", frontMatter: true });

  it("keeps hostile text inside its cell: one row per entry, three cells each", () => {
    const table = parseMarkdown(md).children.at(-1);
    expect(table?.type).toBe("table");
    if (table?.type !== "table") return;
    expect(table.children).toHaveLength(goldenDocument.timeline.length + 1);
    expect(table.children.every((row) => row.children.length === 3)).toBe(true);
  });

  it("puts dates on every row when the incident crosses midnight, and keeps equal times in order", () => {
    expect(md).toContain("| 2026-03-03 23:50 | Impact starts. |");
    expect(md).toContain("| 2026-03-03 23:50 |  | Same minute, written second. |");
    expect(md).toContain("| 2026-03-03 23:58-2026-03-04 00:15 | Investigation. | Suspected the deploy.<br><br>Found handshake errors at 00:12. |");
  });

  it("prints times only when every row is on the incident's date", () => {
    const sameDay: PostmortemDocument = {
      ...goldenDocument,
      timeline: goldenDocument.timeline.filter((r) => r.occurredAt.toISOString().startsWith("2026-03-03") && !r.endedAt),
    };
    const out = exportPostmortemMarkdown(sameDay, { template: "cloudflare", frontMatter: true });
    expect(out).toContain("| 23:45 | Normal. | Rotation job starts. |");
  });

  it("demotes a user's headings so they cannot start a section, and contains unterminated HTML", () => {
    expect(md).toContain("#### A user's own heading");
    expect(md).toContain("\\<!-- a comment that never ends");
    const headings = parseMarkdown(md).children.filter((n) => n.type === "heading" && n.depth <= 3);
    expect(headings.map((h) => (h.type === "heading" ? h.depth : 0))).toEqual([1, 2, 2, 3, 3, 2, 2, 2, 3, 3, 3, 2, 2, 2]);
  });

  it("can leave the front matter out", () => {
    expect(exportPostmortemMarkdown(goldenDocument, { template: "sre", frontMatter: false })).toMatch(/^# Checkout/);
  });
});

describe("import of postmortems written by others", () => {
  it("finds a timeline table without a heading, two-column rows, dates from the first paragraph, and midnight", () => {
    const doc = importPostmortemMarkdown(
      [
        "# Database failover",
        "",
        "On 18 Nov 2025 the primary database failed over.",
        "",
        "| Time | Event |",
        "| --- | --- |",
        "| 23:50 UTC | Primary stops answering |",
        "| 23:50 | Replica promoted<br><br>Writes resume |",
        "| 00:10 | All clear |",
        "",
        "## What went well",
        "",
        "Fast promotion.",
        "",
        "## Appendix: configs",
        "",
        "Kept as it is.",
      ].join("\n"),
    );
    expect(doc.timeline.map((r) => r.occurredAt.toISOString())).toEqual([
      "2025-11-18T23:50:00.000Z",
      "2025-11-18T23:50:00.000Z",
      "2025-11-19T00:10:00.000Z",
    ]);
    expect(doc.timeline[1]?.body).toBe("Replica promoted\n\nWrites resume");
    expect(doc.sections.summary).toBe("On 18 Nov 2025 the primary database failed over.");
    expect(doc.sections.wentWell).toBe("Fast promotion.");
    expect(doc.extraSections).toEqual([{ title: "Appendix: configs", body: "Kept as it is." }]);
  });

  it("reads dates in the title: November 18, 2025 / 2025-11-18", () => {
    const rows = (title: string) =>
      importPostmortemMarkdown(`# ${title}\n\n| Time (UTC) | Status | Description |\n| --- | --- | --- |\n| 11:20 | Impact starts. | x |\n`).timeline;
    expect(rows("Outage on November 18, 2025")[0]?.occurredAt.toISOString()).toBe("2025-11-18T11:20:00.000Z");
    expect(rows("Outage 2025-11-18")[0]?.occurredAt.toISOString()).toBe("2025-11-18T11:20:00.000Z");
  });

  it("takes remediation bullets as action items and the sre table with its columns, descriptions included", () => {
    const doc = importPostmortemMarkdown(exportPostmortemMarkdown(goldenDocument, { template: "sre", frontMatter: true }));
    expect(goldenDocument.actionItems.some((a) => a.description)).toBe(true);
    expect(doc.actionItems).toEqual(goldenDocument.actionItems);
  });

  it("refuses what it cannot read, naming it", () => {
    expect(() => importPostmortemMarkdown("no heading here")).toThrow(/no title/);
    expect(() => importPostmortemMarkdown("# T\n\n| Time | Event |\n| --- | --- |\n| 11:20 | x |\n")).toThrow(/without a date/);
    expect(() => importPostmortemMarkdown("---\nseverity: huge\n---\n# T\n")).toThrow(/frontMatter.severity/);
    expect(() => importPostmortemMarkdown(`# ${"T".repeat(300)}\n`)).toThrow(/incident.title/);
  });
});

describe("preview", () => {
  it("renders GFM and shows raw HTML as text, as the export carries it: no script, no element with a handler", () => {
    const html = renderPreviewHtml("**bold** <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n| a |\n| - |\n| b |");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<table>");
    expect(html).toContain("&#x3C;script>alert(1)&#x3C;/script> &#x3C;img src=x onerror=alert(1)>");
    expect(html).not.toMatch(/<script|<img/);
  });
});
