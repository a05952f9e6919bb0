"use client";

import { useEffect, useRef } from "react";
import type { PastedLine } from "@/lib/timeline/parse-entry";
import { Button } from "@/components/ui/button";
import { Kbd } from "@/components/ui/kbd";
import { KIND_LABELS } from "./kinds";
import { PublicBadge } from "./public-badge";
import { formatUtcClock, formatUtcDate } from "./time-format";

/**
 * What a pasted chat log will become, one entry per line, before anything
 * is posted. Lines without a time are flagged; lines that cannot be read
 * go back into the entry box instead of being posted.
 */
export function PastePreview({
  lines,
  publicMode = false,
  onConfirm,
  onCancel,
}: {
  lines: PastedLine[];
  /** The entry box is in public mode: every line becomes a public update. */
  publicMode?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  const postable = lines.filter((l) => !l.error).length;
  const today = formatUtcDate(new Date());

  return (
    <section
      aria-label="Pasted lines preview"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        }
      }}
      className="mb-3 rounded-lg border-2 border-sky-500 bg-sky-50 p-3 dark:bg-sky-950/50"
    >
      <h3 className="mb-2 text-lg font-semibold">
        Post {postable} {postable === 1 ? "entry" : "entries"} from the pasted lines?
      </h3>
      <ol className="max-h-80 space-y-1 overflow-y-auto" aria-label="Parsed lines">
        {lines.map((l, i) => (
          <li
            key={i}
            data-paste-line
            data-flagged={l.error || l.missingTime ? "true" : undefined}
            className={`flex gap-3 rounded px-2 py-1 ${l.error ? "bg-red-100 dark:bg-red-950" : l.missingTime ? "bg-amber-100 dark:bg-amber-950" : ""}`}
          >
            <span className="w-40 shrink-0 font-mono tabular-nums">
              {l.error ? "—" : `${formatUtcDate(l.occurredAt) !== today ? `${formatUtcDate(l.occurredAt)} ` : ""}${formatUtcClock(l.occurredAt)}`}
            </span>
            <span className="min-w-0 flex-1 break-words">
              {!l.error && (publicMode || l.isPublic) ? <PublicBadge className="mr-1" /> : null}
              {l.kind && l.kind !== "note" ? <strong>{KIND_LABELS[l.kind]}: </strong> : null}
              {l.error ? l.raw : l.body}
              {l.missingTime ? <em className="block text-sm">⚠ no time on this line — placed at the previous line’s time</em> : null}
              {l.error ? <em className="block text-sm">⚠ {l.error} — not posted; stays in the entry box</em> : null}
            </span>
          </li>
        ))}
      </ol>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button ref={confirmRef} variant="primary" onClick={onConfirm} disabled={postable === 0}>
          Post {postable} {postable === 1 ? "entry" : "entries"} <Kbd>Enter</Kbd>
        </Button>
        <Button onClick={onCancel}>
          Cancel <Kbd>Esc</Kbd>
        </Button>
      </div>
    </section>
  );
}
