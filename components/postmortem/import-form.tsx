"use client";

import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { postmortemApi } from "./api";

const MAX_BYTES = 2 * 1024 * 1024;

/** Paste or upload a Markdown postmortem; the new incident opens on its postmortem tab. */
export function ImportForm() {
  const router = useRouter();
  const textId = useId();
  const fileId = useId();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; issues: { path: string; message: string }[] } | null>(null);

  async function loadFile(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setError({ message: `The file is ${Math.ceil(file.size / 1024)} KB; at most 2 MB can be imported.`, issues: [] });
      return;
    }
    setError(null);
    setText(await file.text());
  }

  async function submit() {
    setBusy(true);
    setError(null);
    const answer = await postmortemApi.importMarkdown(text);
    setBusy(false);
    if (answer.ok) router.push(`/incidents/${answer.data.number}/postmortem`);
    else setError({ message: answer.message, issues: answer.issues });
  }

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="space-y-1">
        <label htmlFor={fileId} className="block font-semibold">
          Upload a Markdown file
        </label>
        <input
          id={fileId}
          type="file"
          accept=".md,.markdown,text/markdown,text/plain"
          onChange={(e) => void loadFile(e.target.files?.[0])}
          className="block max-w-full"
        />
      </div>
      <div className="space-y-1">
        <label htmlFor={textId} className="block font-semibold">
          Or paste the postmortem
        </label>
        <textarea
          id={textId}
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={18}
          placeholder={"# Checkout outage on March 3, 2026\n\n…\n\n## Timeline\n\n| Time (UTC) | Status | Description |\n| --- | --- | --- |"}
          className="w-full rounded-md border border-zinc-300 bg-white p-2 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
      </div>
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
      <Button type="submit" variant="primary" disabled={busy || !text.trim()}>
        {busy ? "Importing…" : "Import as a new incident"}
      </Button>
    </form>
  );
}
