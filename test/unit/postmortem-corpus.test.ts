import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { toString } from "mdast-util-to-string";
import { visit } from "unist-util-visit";
import type { Code, Heading, Root, Table } from "mdast";
import { exportPostmortemMarkdown } from "@/lib/postmortem/markdown/export";
import { importPostmortemMarkdown } from "@/lib/postmortem/markdown/import";
import { parseMarkdown } from "@/lib/postmortem/markdown/processor";
import { CORPUS, expectedInstants } from "../fixtures/postmortems/corpus";

// Real published postmortems, imported as their authors wrote them. The
// expectations (times, counts) were written by reading each document; the
// structural checks compare the export with the source itself.

const dir = path.resolve(__dirname, "../fixtures/postmortems/real");
const read = (file: string) => readFileSync(path.join(dir, file), "utf8");
const options = { template: "cloudflare", frontMatter: true } as const;

type H = { depth: number; text: string };

function headingsOf(tree: Root): H[] {
  const out: H[] = [];
  visit(tree, "heading", (h: Heading) => {
    out.push({ depth: h.depth, text: toString(h).replace(/\s+/g, " ").trim() });
  });
  return out;
}

/** The nearest shallower heading before each one (its parent), or -1. */
function parents(list: H[]): number[] {
  return list.map((h, i) => {
    for (let j = i - 1; j >= 0; j--) if ((list[j]?.depth ?? 9) < h.depth) return j;
    return -1;
  });
}

const cells = (t: Table) => t.children.map((r) => r.children.map((c) => toString(c).replace(/\s+/g, " ").trim()));
const TIMELINE_OR_ACTIONS = /\b(?:time|timestamp|date|day|action)\b/i;

describe("corpus of real postmortems", () => {
  it("has at least 15 documents, each with its source on a comment line at the top", () => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".md"));
    expect(files.length).toBeGreaterThanOrEqual(15);
    expect(new Set(CORPUS.map((c) => c.file))).toEqual(new Set(files));
    for (const f of files) expect(read(f)).toMatch(/<!-- Source: https?:\/\/\S+/);
  });

  for (const c of CORPUS) {
    describe(`${c.file} — ${c.style}`, () => {
      const source = read(c.file);
      const doc = importPostmortemMarkdown(source);
      const exported = exportPostmortemMarkdown(doc, options);

      it("reads every timeline entry at its UTC instant", () => {
        expect(doc.timeline.map((r) => ({ occurredAt: r.occurredAt.toISOString(), endedAt: r.endedAt?.toISOString() ?? null }))).toEqual(expectedInstants(c));
      });

      it("reads its follow-ups, services, factors and severity", () => {
        expect(doc.actionItems).toHaveLength(c.actions);
        expect(doc.actionItems.flatMap((a, i) => (a.status === "done" ? [i] : []))).toEqual(c.done ?? []);
        expect(doc.impactedServices).toHaveLength(c.services ?? 0);
        expect(doc.contributingFactors).toHaveLength(c.factors ?? 0);
        expect(doc.incident.severity).toBe(c.severity ?? "SEV2");
        expect(doc.report.severity.source).toBe(c.severity ? "document" : "default");
      });

      it("keeps every heading, in order and under its parent", () => {
        const srcTree = parseMarkdown(source);
        let src = headingsOf(srcTree);
        // The title is the export's H1; a heading that is a timeline entry becomes a table row.
        const h1s = src.filter((h) => h.depth === 1);
        if (h1s.length === 1 && src[0]?.depth === 1) src = src.slice(1);
        const timeHeadings = src.filter((h) => /^\d{4}\b.*\b\d{1,2}:\d{2}\b/.test(h.text));
        expect(timeHeadings).toHaveLength(c.timeHeadings ?? 0);
        src = src.filter((h) => !timeHeadings.includes(h));
        const out = headingsOf(parseMarkdown(exported)).slice(1);
        const at: number[] = [];
        let k = 0;
        for (const h of src) {
          while (k < out.length && out[k]?.text !== h.text) k++;
          expect(k, `heading "${h.text}" missing or out of order`).toBeLessThan(out.length);
          at.push(k++);
        }
        const srcParents = parents(src);
        const outParents = parents(out);
        src.forEach((h, i) => {
          const p = srcParents[i] ?? -1;
          const expected = p < 0 ? -1 : at[p];
          expect(outParents[at[i] ?? -1], `heading "${h.text}" moved away from its parent`).toBe(expected);
        });
      });

      it("keeps its other tables and its code blocks", () => {
        const srcTree = parseMarkdown(source);
        const outTree = parseMarkdown(exported);
        const tables = (tree: Root) => {
          const list: Table[] = [];
          visit(tree, "table", (t: Table) => void list.push(t));
          return list;
        };
        const outTables = tables(outTree).map(cells);
        for (const t of tables(srcTree)) {
          const rows = cells(t);
          if (TIMELINE_OR_ACTIONS.test((rows[0] ?? []).join(" "))) continue;
          expect(outTables).toContainEqual(rows);
        }
        const codes = (tree: Root) => {
          const list: { lang: string | null | undefined; value: string }[] = [];
          visit(tree, "code", (n: Code) => void list.push({ lang: n.lang, value: n.value }));
          return list;
        };
        const outCodes = codes(outTree);
        for (const code of codes(srcTree)) expect(outCodes).toContainEqual(code);
      });

      it("exports, imports and exports again to the same bytes", () => {
        const again = exportPostmortemMarkdown(importPostmortemMarkdown(exported), options);
        expect(again).toBe(exported);
      });

      // The SRE template has its own headings; the author's words that no
      // field holds (a Timeline section's prose, the opening words) are kept under theirs.
      it("in the SRE template: keeps its code blocks and its prose, and exports the same bytes again", () => {
        const sre = { template: "sre", frontMatter: true } as const;
        const first = exportPostmortemMarkdown(doc, sre);
        expect(exportPostmortemMarkdown(importPostmortemMarkdown(first), sre)).toBe(first);
        const codes = (tree: Root) => {
          const list: string[] = [];
          visit(tree, "code", (n: Code) => void list.push(n.value));
          return list;
        };
        const outCodes = codes(parseMarkdown(first));
        for (const code of codes(parseMarkdown(source))) expect(outCodes).toContain(code);
        // The words no field holds: every paragraph of them is still there (its opening words).
        const words = (text: string) => text.replace(/[^\p{L}\p{N}]+/gu, " ").trim();
        const out = words(toString(parseMarkdown(first)));
        for (const e of doc.layout.filter((x) => x.store === "own")) {
          for (const p of parseMarkdown(e.text).children) {
            if (p.type !== "paragraph" || /\b\d{1,2}:\d{2}\b/.test(toString(p))) continue;
            const opening = words(toString(p)).split(" ").slice(0, 6).join(" ");
            expect(out, `"${opening}…" of ${e.title || "the opening"} missing`).toContain(opening);
          }
        }
      });
    });
  }
});
