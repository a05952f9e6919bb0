import { expect } from "vitest";
import type { ExportOptions, PostmortemDocument } from "@/lib/postmortem/document";
import { exportPostmortemMarkdown } from "@/lib/postmortem/markdown/export";
import { importPostmortemMarkdown } from "@/lib/postmortem/markdown/import";

/** Export `doc`, import that and export again: the second export is byte for byte the first. */
export function expectStableRoundTrip(doc: PostmortemDocument, options: ExportOptions): void {
  const first = exportPostmortemMarkdown(doc, options);
  expect(exportPostmortemMarkdown(importPostmortemMarkdown(first), options)).toBe(first);
}
