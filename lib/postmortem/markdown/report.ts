import type { Severity } from "../../incidents/schemas";
import type { PostmortemDocument } from "../document";
import type { RowReport } from "./timeline-rows";

/** What the caller may decide instead of the document (from the import preview). */
export type ImportOptions = {
  title?: string;
  severity?: Severity;
  /** The incident's date (YYYY-MM-DD) when the document states none. */
  date?: string;
};

export type SectionReport = {
  /** The heading as written ("" for the words before the first heading). */
  title: string;
  level: 0 | 1;
  /** The built-in section it fills, or what it holds ("timeline", "own section"). */
  keptAs: string;
};

/** What the import recognised, for the preview before anything is written. Plain data. */
export type ImportReport = {
  title: { value: string; source: "heading" | "frontMatter" | "text" | "given" | "none" };
  severity: { value: Severity; source: "frontMatter" | "document" | "given" | "default"; phrase: string | null };
  /** The incident's date the undated times were read on. */
  date: string | null;
  /** One per timeline row, in the order of the document's timeline. */
  timeline: RowReport[];
  sections: SectionReport[];
  warnings: string[];
};

export type ImportedPostmortem = PostmortemDocument & { report: ImportReport };
