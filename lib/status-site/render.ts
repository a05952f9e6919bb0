import "server-only";
import type { Root } from "hast";
import { markdownPool } from "../workers/pool";
import type { PostmortemDocument } from "../postmortem/document";
import { h } from "./hast";
import type { PublicMarkdownOptions } from "./markdown";

/**
 * The status site's Markdown runs in the Markdown worker pool
 * (lib/workers/pool.ts), never on the server's thread: a public update or
 * a published postmortem is user text, and remark has inputs that take
 * quadratic time. A text that runs out of time is left out with a note and
 * the others go on.
 */

// An update body is at most 10,000 characters and renders in milliseconds;
// a published postmortem can be a few MB.
export const RENDER_LIMITS_MS = { update: 2_000, postmortem: 20_000 } as const;
const POSTMORTEM_MARKDOWN_LIMIT_MS = 30_000;

// Texts go to a worker in batches (one round trip each), small enough that
// a batch of ordinary texts finishes far inside the limit of one.
const BATCH_TEXTS = 64;
const BATCH_CHARS = 64 * 1024;

export type MarkdownJob = { markdown: string; options: PublicMarkdownOptions; limitMs: number };

/** What stands for a text that cannot be rendered in time (pathological Markdown). */
function unrenderable(): Root {
  return { type: "root", children: [h("p", { className: ["note"] }, "This text could not be shown here.")] };
}

/** Jobs from `start` that go together: one time limit, bounded in number and size. */
function nextBatch(jobs: readonly MarkdownJob[], start: number): MarkdownJob[] {
  const batch: MarkdownJob[] = [];
  let chars = 0;
  for (let i = start; i < jobs.length && batch.length < BATCH_TEXTS; i++) {
    const job = jobs[i];
    if (!job || (batch.length > 0 && (job.limitMs !== batch[0]?.limitMs || chars + job.markdown.length > BATCH_CHARS))) break;
    batch.push(job);
    chars += job.markdown.length;
  }
  return batch;
}

/** Markdown → sanitised hast trees that follow the public policy (./markdown.ts), in order. */
export async function renderPublicMarkdown(jobs: readonly MarkdownJob[]): Promise<Root[]> {
  const out: Root[] = [];
  while (out.length < jobs.length) {
    const batch = nextBatch(jobs, out.length);
    const limitMs = batch[0]?.limitMs ?? RENDER_LIMITS_MS.update;
    const outcome = await markdownPool().run(
      "renderPublicMarkdown",
      { jobs: batch.map(({ markdown, options }) => ({ markdown, options })) },
      { limitMs },
    );
    if (outcome.ok) {
      out.push(...outcome.value);
      continue;
    }
    // The text being rendered when the worker was ended is the culprit; the
    // texts before it are rendered again in the next batch.
    const culprit = Number(outcome.parts.find((p) => p.unfinished)?.part ?? 0);
    const before = Number.isInteger(culprit) && culprit >= 0 && culprit < batch.length ? culprit : 0;
    const fresh = await renderPublicMarkdown(jobs.slice(out.length, out.length + before));
    out.push(...fresh);
    console.error(`[debrief] status site: a text of ${batch[before]?.markdown.length ?? 0} characters is too complex to render; it is left out`);
    out.push(unrenderable());
  }
  return out;
}

/** A published postmortem as public Markdown, or null when it cannot be written in time. */
export async function renderPostmortemMarkdown(doc: PostmortemDocument): Promise<string | null> {
  const outcome = await markdownPool().run("publicPostmortemMarkdown", { doc }, { limitMs: POSTMORTEM_MARKDOWN_LIMIT_MS });
  return outcome.ok ? outcome.value : null;
}
