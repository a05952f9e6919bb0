import type { Metadata } from "next";
import { ImportForm } from "@/components/postmortem/import-form";

export const metadata: Metadata = { title: "Import a postmortem" };

/** Create an incident from a Markdown postmortem in the Cloudflare style, written by Debrief or by hand. */
export default function ImportPage() {
  return (
    <div className="max-w-4xl space-y-4">
      <h1 className="text-2xl font-bold">Import a postmortem</h1>
      <p className="text-zinc-700 dark:text-zinc-300">
        Bring a postmortem written anywhere, as its author wrote it: its headings and order, tables, lists and code are kept. The
        timeline is read from a table, a list, a heading per entry or timestamped lines; times are converted to UTC from the zone
        the document states (&ldquo;All times PST&rdquo;, a <code className="mx-1">Time (CET)</code>column). Follow-ups come from
        task lists, remediation bullets and action-item tables. You see what will be created before anything is written.
      </p>
      <ImportForm />
    </div>
  );
}
