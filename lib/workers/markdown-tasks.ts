/**
 * The Markdown work that runs in the worker pool, as plain functions of
 * plain data (no database, no request): what lib/workers/markdown-worker.ts
 * calls inside a worker thread. Anything here may take long or never end on
 * hostile input; the pool (lib/workers/pool.ts) ends the worker at the time
 * limit. Add a task here to run new Markdown work off the request thread.
 */
import { renderDigestMarkdown, type DigestInput } from "../action-items/digest-markdown";
import { MARKDOWN_TEMPLATES, SECTION_KEYS, type ExportOptions, type PostmortemDocument } from "../postmortem/document";
import { exportPostmortemMarkdown } from "../postmortem/markdown/export";
import { importPostmortemMarkdown, type ImportOptions, type ImportedPostmortem } from "../postmortem/markdown/import";
import { sectionNodes } from "../postmortem/markdown/sections";
import { publicPostmortemMarkdown, renderPublicMarkdownOne, type PublicMarkdownJob } from "../status-site/markdown";

/** Tells the pool which part of a job is being worked on, so a job ended at its limit can name what was heavy. */
export type Progress = (part: string, phase: "start" | "end") => void;

/** The Markdown of a postmortem that a save can change, by the path a save names it with. */
export function markdownParts(doc: PostmortemDocument): { path: string; text: string }[] {
  return [
    ...SECTION_KEYS.map((key) => ({ path: `sections.${key}`, text: doc.sections[key] })),
    ...doc.extraSections.map((extra, i) => ({ path: `extraSections.${i}.body`, text: extra.body })),
  ].filter((part) => part.text.trim() !== "");
}

/** The export in every template, as a reader may later download it. */
function exportEveryTemplate(doc: PostmortemDocument, progress: Progress): void {
  for (const template of MARKDOWN_TEMPLATES) {
    progress(`export.${template}`, "start");
    exportPostmortemMarkdown(doc, { template, frontMatter: true });
    progress(`export.${template}`, "end");
  }
}

export const MARKDOWN_TASKS = {
  /** Read a Markdown postmortem; what an import stores must export again, so that is done too. */
  importMarkdown(input: { text: string; options?: ImportOptions }, progress: Progress): ImportedPostmortem {
    progress("(body)", "start");
    const doc = importPostmortemMarkdown(input.text, input.options);
    progress("(body)", "end");
    exportEveryTemplate(doc, progress);
    return doc;
  },

  exportMarkdown(input: { doc: PostmortemDocument; options: ExportOptions }): string {
    return exportPostmortemMarkdown(input.doc, input.options);
  },

  /**
   * Whether a postmortem as it would be after a save exports in every
   * template within the job's limit. Each Markdown part is first rendered
   * alone (what the export does with it), so the time each one takes is
   * known when the whole is too much.
   */
  checkExports(input: { doc: PostmortemDocument }, progress: Progress): true {
    for (const part of markdownParts(input.doc)) {
      progress(part.path, "start");
      sectionNodes(part.text);
      progress(part.path, "end");
    }
    exportEveryTemplate(input.doc, progress);
    return true;
  },

  renderDigest(input: DigestInput): string {
    return renderDigestMarkdown(input);
  },

  /** Status site: texts → sanitised hast; each text is a part, so the one that ran out of time is known. */
  renderPublicMarkdown(input: { jobs: PublicMarkdownJob[] }, progress: Progress) {
    return input.jobs.map((job, i) => {
      progress(String(i), "start");
      const root = renderPublicMarkdownOne(job);
      progress(String(i), "end");
      return root;
    });
  },

  /** Status site: a published postmortem as the public Markdown write-up. */
  publicPostmortemMarkdown(input: { doc: PostmortemDocument }): string {
    return publicPostmortemMarkdown(input.doc);
  },
} satisfies Record<string, (input: never, progress: Progress) => unknown>;

export type MarkdownTasks = typeof MARKDOWN_TASKS;
export type MarkdownTaskName = keyof MarkdownTasks;
export type MarkdownTaskInput<K extends MarkdownTaskName> = Parameters<MarkdownTasks[K]>[0];
export type MarkdownTaskOutput<K extends MarkdownTaskName> = ReturnType<MarkdownTasks[K]>;
