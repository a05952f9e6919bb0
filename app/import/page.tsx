import type { Metadata } from "next";
import { ImportForm } from "@/components/postmortem/import-form";

export const metadata: Metadata = { title: "Import a postmortem" };

/** Create an incident from a Markdown postmortem in the Cloudflare style, written by Debrief or by hand. */
export default function ImportPage() {
  return (
    <div className="max-w-4xl space-y-4">
      <h1 className="text-2xl font-bold">Import a postmortem</h1>
      <p className="text-zinc-700 dark:text-zinc-300">
        The title comes from the first heading, the summary from the paragraphs under it, the timeline from a table with a
        <code className="mx-1">Time (UTC) | Status | Description</code>or <code className="mx-1">Time | Event</code>header. Times
        without a date take the incident&apos;s date from the front matter, the title or the first paragraph.
      </p>
      <ImportForm />
    </div>
  );
}
