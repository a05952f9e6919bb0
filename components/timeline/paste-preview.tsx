"use client";

import { useEffect, useId, useRef } from "react";
import type { PastedLine } from "@/lib/timeline/chat-log";
import { Button } from "@/components/ui/button";
import { Kbd } from "@/components/ui/kbd";
import { cancelOnEscape } from "@/components/ui/hotkeys";
import { KIND_LABELS } from "./kinds";
import { PublicBadge } from "./public-badge";
import { formatUtcClock, formatUtcDate } from "@/lib/time-format";
import { WarningIcon } from "@/components/ui/icons";
import { Select } from "@/components/ui/input";

/**
 * What a pasted chat log will become, one entry per line, before anything
 * is posted. Lines without a time are flagged; lines that cannot be read
 * go back into the entry box instead of being posted.
 */
export function PastePreview({
  lines,
  publicMode = false,
  zone,
  onConfirm,
  onCancel,
}: {
  lines: PastedLine[];
  /** The entry box is in public mode: every line becomes a public update. */
  publicMode?: boolean;
  /** The paste has times without a zone: read them in the browser's zone or in UTC. */
  zone: { current: string; local: string; onChange: (zone: string) => void } | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  const postable = lines.filter((l) => !l.error).length;
  const today = formatUtcDate(new Date());
  const zoneId = useId();

  return (
    <section
      aria-label="Pasted lines preview"
      onKeyDown={cancelOnEscape(onCancel)}
      className="mb-3 rounded-lg border-2 border-sky-500 bg-sky-50 p-3 dark:bg-sky-950/50"
    >
      <h3 className="mb-2 text-lg font-semibold">
        Post {postable} {postable === 1 ? "entry" : "entries"} from the pasted lines?
      </h3>
      {zone ? (
        <p className="mb-2 flex flex-wrap items-center gap-2 text-base">
          <label htmlFor={zoneId}>Times in the paste are</label>
          <Select
            id={zoneId}
            value={zone.current}
            onChange={(e) => zone.onChange(e.target.value)}
            density="inline"
            strong
          >
            <option value={zone.local}>your local time ({zone.local})</option>
            <option value="UTC">UTC</option>
          </Select>
          <span className="text-sm text-zinc-600 dark:text-zinc-400">shown below in UTC</span>
        </p>
      ) : null}
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
              <span className="whitespace-pre-wrap">{l.error ? l.raw : l.body}</span>
              {!l.error && l.speaker ? (
                <span data-paste-speaker className="ml-2 text-sm text-zinc-600 dark:text-zinc-400">
                  via {l.speaker}
                </span>
              ) : null}
              {l.missingTime ? <em className="block text-sm"><WarningIcon className="mr-1" />no time on this line — placed at the previous line’s time</em> : null}
              {l.error ? <em className="block text-sm"><WarningIcon className="mr-1" />{l.error} — not posted; stays in the entry box</em> : null}
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
