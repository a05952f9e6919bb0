// Markdown export and import of a postmortem with 10,000 timeline entries,
// as pure functions over an in-memory document (no database, no server: the
// cost measured is building/reading the mdast, not Prisma). Each figure is
// printed beside what remark alone takes for the same tree or text
// (remark-stringify of the finished tree; remark-parse of the exported text)
// and must stay within 2× of it. Export is measured twice: a postmortem
// written in Debrief (template) and the same one once imported (it then
// carries its author's layout, which the export follows).
//
//   npm run bench                                              (with the others)
//   npx tsx --conditions=react-server scripts/bench/postmortem.ts   (alone)
import { buildPostmortemTree, exportPostmortemMarkdown } from "../../lib/postmortem/markdown/export";
import { importPostmortemMarkdown } from "../../lib/postmortem/markdown/import";
import { parseMarkdown, stringifyMarkdown } from "../../lib/postmortem/markdown/processor";
import type { ExportOptions, PostmortemDocument } from "../../lib/postmortem/document";
import { fmt, fmtInt, heading, summarize } from "./stats";
import { runStandalone } from "./standalone";

const ENTRIES = 10_000;
const RUNS = 5;
const TARGET_RATIO = 2;
const OPTIONS: ExportOptions = { template: "cloudflare", frontMatter: true };

const LABELS = ["", "Investigation.", "Impact starts.", "Mitigated.", "Update.", "Customer comms."];
const BODIES = [
  "Error-rate alert pages the on-call engineer; incident channel opened.",
  "Rolled back deploy `api-7f3c` | no change.\n\nHandshake errors found in gateway logs.",
  "Traffic drained from the rotated nodes; error rate falls to about 2%.",
  "<b>Status page</b> updated: # investigating - > 40% of requests",
];

/** A large, deterministic incident: 10,000 entries over three days, so every row carries its date. */
export function largeDocument(entries = ENTRIES): PostmortemDocument {
  const start = Date.UTC(2026, 2, 3, 9, 0);
  return {
    incident: {
      key: "INC-9999",
      title: "Checkout outage on March 3, 2026",
      severity: "SEV1",
      postmortemStatus: "draft",
      startedAt: new Date(start),
      detectedAt: new Date(start + 6 * 60_000),
      mitigatedAt: new Date(start + 3_600_000),
      resolvedAt: new Date(start + 3 * 86_400_000),
      services: ["Checkout API", "Mobile app"],
    },
    authors: ["Dana Li"],
    sections: {
      summary: "On March 3, 2026 checkout failed.\n\n**Not an attack.**",
      impact: "About 38% of checkout requests failed.",
      rootCause: "The certificate chain lacked its intermediate.",
      trigger: "An automated rotation job.",
      detection: "Error-rate alert after 6 minutes.",
      resolution: "Deployed the corrected chain.",
      wentWell: "- Fast rollback",
      wentWrong: "- No canary",
      gotLucky: "Low traffic.",
      closing: "We are sorry.",
    },
    extraSections: [],
    impactedServices: [{ service: "Checkout API", impact: "38% errors" }],
    contributingFactors: [{ title: "No chain validation.", description: "Parsed only.", category: "technical" }],
    actionItems: [{ title: "Validate chains", description: "", type: "prevent", owner: "Dana Li", status: "open", dueDate: null }],
    layout: [],
    timeline: Array.from({ length: entries }, (_, i) => {
      const occurredAt = new Date(start + Math.floor(i / 2) * 26_000);
      return {
        occurredAt,
        endedAt: i % 17 === 0 ? new Date(occurredAt.getTime() + 600_000) : null,
        statusLabel: LABELS[i % LABELS.length] ?? "",
        body: `${BODIES[i % BODIES.length]} (#${i})`,
      };
    }),
  };
}

function median(run: () => void): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    run();
    samples.push(performance.now() - t);
  }
  return summarize(samples).p50;
}

function verdict(ms: number, baseline: number): string {
  const ratio = ms / baseline;
  return `${fmt(ratio, 2)}× remark — ${ratio <= TARGET_RATIO ? "within" : "OVER"} the ${TARGET_RATIO}× target`;
}

export async function benchPostmortem(): Promise<void> {
  heading(`Postmortem Markdown (${fmtInt(ENTRIES)} timeline entries, pure functions, median of ${RUNS})`);
  const doc = largeDocument();
  const markdown = exportPostmortemMarkdown(doc, OPTIONS); // warm-up, and the text to import
  importPostmortemMarkdown(markdown);
  const tree = buildPostmortemTree(doc, OPTIONS);

  const imported = importPostmortemMarkdown(markdown);
  const layoutTree = buildPostmortemTree(imported, OPTIONS);
  const exportMs = median(() => exportPostmortemMarkdown(doc, OPTIONS));
  const stringifyMs = median(() => stringifyMarkdown(tree));
  const layoutExportMs = median(() => exportPostmortemMarkdown(imported, OPTIONS));
  const layoutStringifyMs = median(() => stringifyMarkdown(layoutTree));
  const importMs = median(() => importPostmortemMarkdown(markdown));
  const parseMs = median(() => parseMarkdown(markdown));

  console.log(`Markdown size: ${fmt(markdown.length / 1024 / 1024, 2)} MB`);
  console.log(`postmortem export (${fmtInt(ENTRIES)} entries): ${fmtInt(exportMs)} ms  | remark serialise alone: ${fmtInt(stringifyMs)} ms  — ${verdict(exportMs, stringifyMs)}`);
  console.log(`postmortem export, imported layout (${fmtInt(ENTRIES)} entries): ${fmtInt(layoutExportMs)} ms  | remark serialise alone: ${fmtInt(layoutStringifyMs)} ms  — ${verdict(layoutExportMs, layoutStringifyMs)}`);
  console.log(`postmortem import (${fmtInt(ENTRIES)} entries): ${fmtInt(importMs)} ms  | remark parse alone: ${fmtInt(parseMs)} ms  — ${verdict(importMs, parseMs)}`);
}

if (require.main === module) runStandalone(benchPostmortem);
