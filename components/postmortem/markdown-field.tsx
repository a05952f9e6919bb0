"use client";

import { useEffect, useId, useState } from "react";
import { previewRenderer, type PreviewResult } from "./preview-renderer";
import { Textarea } from "@/components/ui/input";

type Shown = Exclude<PreviewResult, { kind: "superseded" }> | { kind: "pending" };

/**
 * The preview of `markdown`, rendered in a Web Worker (never on this thread,
 * nor on the server): the last rendered HTML stays on screen while a newer
 * text is being rendered.
 */
function usePreview(field: string, markdown: string): Shown {
  const [shown, setShown] = useState<Shown>({ kind: "pending" });
  useEffect(() => {
    if (!markdown.trim()) return;
    let current = true;
    void previewRenderer()
      .render(field, markdown)
      .then((result) => {
        if (current && result.kind !== "superseded") setShown(result);
      });
    return () => {
      current = false;
    };
  }, [field, markdown]);
  return markdown.trim() ? shown : { kind: "html", html: "" };
}

function previewHtml(shown: Shown): string {
  switch (shown.kind) {
    case "html":
      return shown.html || "<p><em>Nothing written yet.</em></p>";
    case "pending":
      return "<p><em>Rendering preview…</em></p>";
    case "too-complex":
      return "<p><em>Preview unavailable: too complex</em> (lists or quotes nested very deeply, or long runs of * _ or `)</p>";
    case "unavailable":
      return "<p><em>Preview unavailable</em></p>";
  }
}

/** A Markdown textarea with its live preview beside it (sanitised HTML; raw HTML shows as text, as in the export). */
export function MarkdownField({
  label,
  value,
  onChange,
  hint,
  rows = 6,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  rows?: number;
}) {
  const id = useId();
  const shown = usePreview(id, value);
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-semibold">
        {label}
      </label>
      {hint ? <p className="text-sm text-zinc-600 dark:text-zinc-400">{hint}</p> : null}
      <div className="grid gap-3 lg:grid-cols-2">
        <Textarea
          id={id}
          value={value}
          rows={rows}
          onChange={(e) => onChange(e.target.value)}
          density="compact"
          className="w-full font-mono text-sm"
        />
        <div
          aria-label={`${label} preview`}
          aria-busy={shown.kind === "pending"}
          data-preview={shown.kind}
          className="prose-preview min-h-16 overflow-auto rounded-md border border-dashed border-zinc-300 p-2 text-sm dark:border-zinc-700 [&_a]:underline [&_blockquote]:border-l-4 [&_blockquote]:pl-2 [&_code]:font-mono [&_h1]:text-lg [&_h1]:font-bold [&_h2]:font-bold [&_h3]:font-semibold [&_h4]:font-semibold [&_h5]:font-semibold [&_li]:ml-5 [&_ol]:list-decimal [&_p]:my-1 [&_pre]:overflow-auto [&_pre]:bg-zinc-100 [&_pre]:p-2 dark:[&_pre]:bg-zinc-800 [&_table]:border-collapse [&_td]:border [&_td]:px-1 [&_th]:border [&_th]:px-1 [&_ul]:list-disc"
          // Sanitised by rehype-sanitize in renderPreviewHtml (in the worker); the placeholders are ours.
          dangerouslySetInnerHTML={{ __html: previewHtml(shown) }}
        />
      </div>
    </div>
  );
}
