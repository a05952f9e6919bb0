import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { toString } from "mdast-util-to-string";
import { visit } from "unist-util-visit";
import type { Code, Root } from "mdast";
import { exportPostmortemMarkdown } from "@/lib/postmortem/markdown/export";
import { importPostmortemMarkdown } from "@/lib/postmortem/markdown/import";
import { parseMarkdown } from "@/lib/postmortem/markdown/processor";
import { MARKDOWN_TEMPLATES } from "@/lib/postmortem/document";

// More real postmortems, in every shape their authors chose (status-page
// notes, homelab write-ups, front matter in YAML and TOML, HTML timelines,
// times in SAST and EDT). Unlike ../fixtures/postmortems/real they carry no
// expectations read by hand: they check what must hold for any document.
// Each names its source in a comment (after its front matter, which must come first).

const dir = path.resolve(__dirname, "../fixtures/postmortems/more");
const files = readdirSync(dir).filter((f) => f.endsWith(".md"));

function codeBlocks(tree: Root): string[] {
  const list: string[] = [];
  visit(tree, "code", (n: Code) => void list.push(n.value));
  return list;
}

const words = (text: string) => text.replace(/[^\p{L}\p{N}]+/gu, " ").trim();

describe("more real postmortems", () => {
  it("has at least 10 documents, each naming its source", () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const f of files) expect(readFileSync(path.join(dir, f), "utf8")).toMatch(/<!-- Source: https?:\/\/\S+/);
  });

  for (const file of files) {
    describe(file, () => {
      const source = readFileSync(path.join(dir, file), "utf8");
      const doc = importPostmortemMarkdown(source);

      for (const template of MARKDOWN_TEMPLATES) {
        for (const frontMatter of [true, false]) {
          it(`${template}${frontMatter ? " with front matter" : ""}: exports, imports and exports again to the same bytes`, () => {
            const first = exportPostmortemMarkdown(doc, { template, frontMatter });
            expect(exportPostmortemMarkdown(importPostmortemMarkdown(first), { template, frontMatter })).toBe(first);
          });
        }

        it(`${template}: keeps its code blocks and the words no field holds`, () => {
          const out = parseMarkdown(exportPostmortemMarkdown(doc, { template, frontMatter: true }));
          const outCodes = codeBlocks(out);
          for (const code of codeBlocks(parseMarkdown(source))) expect(outCodes).toContain(code);
          const outWords = words(toString(out));
          for (const e of doc.layout.filter((x) => x.store === "own")) {
            for (const p of parseMarkdown(e.text).children) {
              if (p.type !== "paragraph") continue;
              const opening = words(toString(p)).split(" ").slice(0, 6).join(" ");
              expect(outWords, `"${opening}…" of ${e.title || "the opening"} missing`).toContain(opening);
            }
          }
        });
      }
    });
  }
});
