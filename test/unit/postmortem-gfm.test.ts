import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { visit } from "unist-util-visit";
import type { Root } from "mdast";
import { exportPostmortemMarkdown } from "@/lib/postmortem/markdown/export";
import { importPostmortemMarkdown } from "@/lib/postmortem/markdown/import";
import { parseMarkdown } from "@/lib/postmortem/markdown/processor";
import type { ExportOptions, PostmortemDocument } from "@/lib/postmortem/document";
import { goldenDocument } from "../fixtures/postmortem/golden-document";
import { CORPUS } from "../fixtures/postmortems/corpus";

// GitHub renders Markdown with cmark-gfm, not remark. Each export is
// rendered by Debian's cmark-gfm (apt-get install cmark-gfm) with GitHub's
// extensions, and its structure must be the one remark sees: the same
// headings, tables (and rows), list items and code blocks, and no
// strikethrough that we did not write.

function render(markdown: string): string {
  return execFileSync("cmark-gfm", ["-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tasklist"], {
    input: markdown,
    encoding: "utf8",
  });
}

type Shape = { headings: number[]; tables: number[]; items: number; code: number; del: number };

function remarkShape(tree: Root): Shape {
  const shape: Shape = { headings: [], tables: [], items: 0, code: 0, del: 0 };
  visit(tree, (node) => {
    if (node.type === "heading") shape.headings.push(node.depth);
    else if (node.type === "table") shape.tables.push(node.children.length);
    else if (node.type === "listItem") shape.items++;
    else if (node.type === "code") shape.code++;
    else if (node.type === "delete") shape.del++;
  });
  return shape;
}

function htmlShape(html: string): Shape {
  const headings = [...html.matchAll(/<h([1-6])>/g)].map((m) => Number(m[1]));
  const tables = html.split("<table>").slice(1).map((t) => (t.split("</table>")[0]?.match(/<tr>/g) ?? []).length);
  return {
    headings,
    tables,
    items: (html.match(/<li[ >]/g) ?? []).length,
    code: (html.match(/<pre>/g) ?? []).length,
    del: (html.match(/<del>/g) ?? []).length,
  };
}

function expectSameStructure(markdown: string) {
  expect(htmlShape(render(markdown))).toEqual(remarkShape(parseMarkdown(markdown)));
}

const cloudflare: ExportOptions = { template: "cloudflare", frontMatter: false };

describe("exports render with GitHub's cmark-gfm as they parse with remark", () => {
  it("cmark-gfm is installed", () => {
    expect(render("| a |\n| - |\n| b |")).toContain("<table>");
  });

  for (const template of ["cloudflare", "sre"] as const) {
    it(`the golden document, ${template} template`, () => {
      expectSameStructure(exportPostmortemMarkdown(goldenDocument, { template, frontMatter: false }));
    });
  }

  it("a lone tilde is written as it is and renders as text; two tildes are escaped and never strike through", () => {
    const doc: PostmortemDocument = {
      ...goldenDocument,
      sections: { ...goldenDocument.sections, impact: "About ~38% of checkout requests failed.", rootCause: "Between ~09:12 and ~09:48 the rate was ~2%." },
    };
    const markdown = exportPostmortemMarkdown(doc, cloudflare);
    expect(markdown).toContain("About ~38% of checkout requests failed.");
    expect(markdown).toContain("Between \\~09:12 and \\~09:48 the rate was \\~2%.");
    const html = render(markdown);
    expect(html).toContain("About ~38% of checkout requests failed.");
    expect(html).not.toContain("<del>");
    expectSameStructure(markdown);
  });

  for (const c of CORPUS) {
    it(`the export of ${c.file}`, () => {
      const source = readFileSync(path.resolve(__dirname, "../fixtures/postmortems/real", c.file), "utf8");
      expectSameStructure(exportPostmortemMarkdown(importPostmortemMarkdown(source), cloudflare));
    });
  }
});
