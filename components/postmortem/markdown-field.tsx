"use client";

import { useDeferredValue, useId, useMemo } from "react";
import { renderPreviewHtml } from "@/lib/postmortem/render-preview";

/** A Markdown textarea with its live preview beside it (sanitised HTML; raw HTML is dropped). */
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
  const deferred = useDeferredValue(value);
  const html = useMemo(() => renderPreviewHtml(deferred), [deferred]);
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-semibold">
        {label}
      </label>
      {hint ? <p className="text-sm text-zinc-600 dark:text-zinc-400">{hint}</p> : null}
      <div className="grid gap-3 lg:grid-cols-2">
        <textarea
          id={id}
          value={value}
          rows={rows}
          onChange={(e) => onChange(e.target.value)}
          className="w-full rounded-md border border-zinc-300 bg-white p-2 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <div
          aria-label={`${label} preview`}
          className="prose-preview min-h-16 overflow-auto rounded-md border border-dashed border-zinc-300 p-2 text-sm dark:border-zinc-700 [&_a]:underline [&_blockquote]:border-l-4 [&_blockquote]:pl-2 [&_code]:font-mono [&_h1]:text-lg [&_h1]:font-bold [&_h2]:font-bold [&_h3]:font-semibold [&_h4]:font-semibold [&_h5]:font-semibold [&_li]:ml-5 [&_ol]:list-decimal [&_p]:my-1 [&_pre]:overflow-auto [&_pre]:bg-zinc-100 [&_pre]:p-2 dark:[&_pre]:bg-zinc-800 [&_table]:border-collapse [&_td]:border [&_td]:px-1 [&_th]:border [&_th]:px-1 [&_ul]:list-disc"
          // Sanitised by rehype-sanitize in renderPreviewHtml.
          dangerouslySetInnerHTML={{ __html: html || "<p><em>Nothing written yet.</em></p>" }}
        />
      </div>
    </div>
  );
}
