"use client";

import { useEffect, useId, useRef, useState } from "react";
import type { EventJson } from "@/lib/timeline/wire";
import { Button } from "@/components/ui/button";
import { Kbd } from "@/components/ui/kbd";
import { LIMITS } from "@/lib/validation";
import { KIND_LABELS } from "./kinds";
import { formatUtcDateTime } from "@/lib/time-format";
import { Input, Select, Textarea } from "@/components/ui/input";

export type EditDraft = { time: string; kind: string; body: string; visibility: "internal" | "public"; /** "via": who said it; "" for none. */ attribution: string };

const KIND_OPTIONS = ["note", "action", "decision", "communication", "alert"];

/**
 * Edit an entry in place. Enter saves, Shift+Enter is a new line, Escape
 * cancels. After a 409 the server's current version is shown next to the
 * user's draft, which is kept until they choose.
 */
export function EntryEditor({
  initial,
  conflict,
  error,
  busy,
  onSave,
  onCancel,
  onKeepTheirs,
}: {
  initial: EditDraft;
  /** The server's current version, when someone else saved first. */
  conflict: EventJson | null;
  error: string | null;
  busy: boolean;
  onSave: (draft: EditDraft) => void;
  onCancel: () => void;
  onKeepTheirs: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  useEffect(() => {
    const el = bodyRef.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  const kinds = KIND_OPTIONS.includes(draft.kind) ? KIND_OPTIONS : [...KIND_OPTIONS, draft.kind];

  return (
    <form
      aria-label="Edit entry"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(draft);
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        }
      }}
      className="space-y-2"
    >
      <div className="flex flex-wrap gap-3">
        <div>
          <label htmlFor={`${id}-time`} className="block text-sm font-medium">
            Time (UTC)
          </label>
          <Input
            id={`${id}-time`}
            value={draft.time}
            onChange={(e) => setDraft({ ...draft, time: e.target.value })}
            autoComplete="off"
            density="inline"
            strong
            className="w-64 font-mono"
          />
        </div>
        <div>
          <label htmlFor={`${id}-kind`} className="block text-sm font-medium">
            Kind
          </label>
          <Select
            id={`${id}-kind`}
            value={draft.kind}
            onChange={(e) => setDraft({ ...draft, kind: e.target.value })}
            density="inline"
            strong
          >
            {kinds.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k] ?? k}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor={`${id}-visibility`} className="block text-sm font-medium">
            Visibility
          </label>
          <Select
            id={`${id}-visibility`}
            value={draft.visibility}
            onChange={(e) => setDraft({ ...draft, visibility: e.target.value === "public" ? "public" : "internal" })}
            density="inline"
            strong
            tone={draft.visibility === "public" ? "public" : "normal"}
          >
            <option value="internal">Internal</option>
            <option value="public">Public (status page)</option>
          </Select>
        </div>
        <div>
          <label htmlFor={`${id}-via`} className="block text-sm font-medium">
            Said by <span className="font-normal text-zinc-500">(via, optional)</span>
          </label>
          <Input
            id={`${id}-via`}
            value={draft.attribution}
            maxLength={LIMITS.attributionMax}
            onChange={(e) => setDraft({ ...draft, attribution: e.target.value })}
            autoComplete="off"
            density="inline"
            strong
            className="w-48"
          />
        </div>
      </div>
      <div>
        <label htmlFor={`${id}-body`} className="block text-sm font-medium">
          Text
        </label>
        <Textarea
          ref={bodyRef}
          id={`${id}-body`}
          value={draft.body}
          rows={Math.min(8, Math.max(2, draft.body.split("\n").length))}
          onChange={(e) => setDraft({ ...draft, body: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              onSave(draft);
            }
          }}
          density="inline"
          strong
          className="w-full text-lg"
        />
      </div>
      {conflict ? (
        <div role="alert" className="rounded border-2 border-amber-500 bg-amber-50 p-3 dark:bg-amber-950">
          <p className="font-semibold">
            {conflict.editorName ?? conflict.authorName} saved a newer version (v{conflict.version}) while you were editing:
          </p>
          <p className="my-1 font-mono text-sm">{formatUtcDateTime(conflict.occurredAt)} UTC · {KIND_LABELS[conflict.kind] ?? conflict.kind}</p>
          <p className="break-words whitespace-pre-wrap">{conflict.body}</p>
          <div className="mt-2 flex flex-wrap gap-2">
            <Button variant="primary" size="sm" type="submit" disabled={busy}>
              Apply my edit on top of theirs
            </Button>
            <Button size="sm" onClick={onKeepTheirs}>
              Keep theirs, drop my edit
            </Button>
          </div>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {!conflict ? (
        <div className="flex flex-wrap items-center gap-2">
          <Button variant="primary" size="sm" type="submit" disabled={busy}>
            Save <Kbd>Enter</Kbd>
          </Button>
          <Button size="sm" onClick={onCancel}>
            Cancel <Kbd>Esc</Kbd>
          </Button>
        </div>
      ) : null}
    </form>
  );
}
