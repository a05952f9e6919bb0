"use client";

import { useId, useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { formatUtcDateTime } from "@/lib/time-format";
import type { ImportPreviewJson } from "@/lib/postmortem/wire";
import { postmortemApi, type ImportChoices } from "./api";
import { ImportPreview } from "./import-preview";
import { Input, Textarea } from "@/components/ui/input";

const MAX_BYTES = 2 * 1024 * 1024;

type Problem = { message: string; issues: { path: string; message: string }[] };

/** One way to give the document (a file, or pasted text), under its caption. */
function Source({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-semibold">
        {label}
      </label>
      {children}
    </div>
  );
}

/**
 * Paste or upload a Markdown postmortem, see what would be created (title,
 * severity, timeline in UTC with the zone applied, sections, follow-ups,
 * warnings), change the title, severity or date if the document got them
 * wrong, then import. Nothing is written before "Import".
 */
export function ImportForm() {
  const router = useRouter();
  const textId = useId();
  const fileId = useId();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  const [preview, setPreview] = useState<ImportPreviewJson | null>(null);
  const [choices, setChoices] = useState<ImportChoices>({});

  async function loadFile(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setError({ message: `The file is ${Math.ceil(file.size / 1024)} KB; at most 2 MB can be imported.`, issues: [] });
      return;
    }
    setError(null);
    setPreview(null);
    setText(await file.text());
  }

  async function showPreview(next: ImportChoices = choices) {
    setBusy(true);
    setError(null);
    const answer = await postmortemApi.previewImport(text, next);
    setBusy(false);
    if (answer.ok) setPreview(answer.data);
    else {
      setPreview(null);
      setError({ message: answer.message, issues: answer.issues });
    }
  }

  async function confirm() {
    setBusy(true);
    setError(null);
    const answer = await postmortemApi.importMarkdown(text, choices);
    setBusy(false);
    if (answer.ok) router.push(`/incidents/${answer.data.number}/postmortem`);
    else setError({ message: answer.message, issues: answer.issues });
  }

  const needsDate = error?.issues.some((i) => i.path === "date") ?? false;

  return (
    <div className="space-y-4">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          void showPreview();
        }}
      >
        <Source id={fileId} label="Upload a Markdown file">
          <input
            id={fileId}
            type="file"
            accept=".md,.markdown,text/markdown,text/plain"
            onChange={(e) => void loadFile(e.target.files?.[0])}
            className="block max-w-full"
          />
        </Source>
        <Source id={textId} label="Or paste the postmortem">
          <Textarea
            id={textId}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setPreview(null);
            }}
            rows={18}
            placeholder={"# Checkout outage on March 3, 2026\n\nAll times PST.\n\n## Timeline\n\n- 09:12 - First 503s on checkout"}
            density="compact"
            className="w-full font-mono text-sm"
          />
        </Source>
        {needsDate ? (
          <label className="block space-y-1">
            <span className="block font-semibold">The incident&apos;s date (the document states none)</span>
            <Input
              type="date"
              aria-label="Incident date"
              value={choices.date ?? ""}
              onChange={(e) => setChoices((c) => ({ ...c, date: e.target.value || undefined }))}
              density="inline"
              className="font-mono"
            />
          </label>
        ) : null}
        <Button type="submit" variant={preview ? "secondary" : "primary"} disabled={busy || !text.trim()}>
          {busy && !preview ? "Reading…" : preview ? "Read again" : "Preview the import"}
        </Button>
      </form>

      {error ? (
        <div role="alert" className="rounded-md border border-red-400 bg-red-50 p-3 text-red-800 dark:bg-red-950 dark:text-red-200">
          <p>{error.message}</p>
          {error.issues.length > 1 ? (
            <ul className="ml-5 list-disc">
              {error.issues.map((i) => (
                <li key={`${i.path}:${i.message}`}>
                  {i.path}: {i.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      {preview ? (
        <section aria-label="What will be created" className="space-y-4 rounded-lg border border-zinc-300 p-4 dark:border-zinc-700">
          <ImportPreview
            preview={preview}
            choices={choices}
            onChoose={(next) => {
              const merged = { ...choices, ...next };
              setChoices(merged);
              void showPreview(merged);
            }}
          />
          <div className="flex flex-wrap items-center gap-3">
            <Button variant="primary" disabled={busy} onClick={() => void confirm()}>
              {busy ? "Importing…" : "Import as a new incident"}
            </Button>
            <span className="text-sm text-zinc-600 dark:text-zinc-400">
              Nothing has been written yet.{" "}
              {preview.incident.startedAt ? `Impact starts ${formatUtcDateTime(preview.incident.startedAt)} UTC.` : "Impact start unknown."}
            </span>
          </div>
        </section>
      ) : null}
    </div>
  );
}
