"use client";

import { useEffect, useId, useRef, useState } from "react";
import type { EventJson } from "@/lib/timeline/wire";
import { Button } from "@/components/ui/button";
import { Kbd } from "@/components/ui/kbd";
import { cancelOnEscape } from "@/components/ui/hotkeys";
import { LIMITS } from "@/lib/validation";
import { KIND_LABELS } from "./kinds";
import { formatUtcDateTime } from "@/lib/time-format";
import { Input, LabelAbove, Options, Select, Textarea } from "@/components/ui/input";

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
  // A text field of the draft, taken as typed (visibility is a choice of two, set on its own).
  const bind = (field: "time" | "kind" | "attribution" | "body") => ({
    value: draft[field],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [field]: e.target.value }),
  });

  return (
    <form
      aria-label="Edit entry"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(draft);
      }}
      onKeyDown={cancelOnEscape(onCancel)}
      className="space-y-2"
    >
      <div className="flex flex-wrap gap-3">
        <LabelAbove htmlFor={`${id}-time`} label="Time (UTC)">
          <Input id={`${id}-time`} {...bind("time")} autoComplete="off" density="inline" strong className="w-64 font-mono" />
        </LabelAbove>
        <LabelAbove htmlFor={`${id}-kind`} label="Kind">
          <Select id={`${id}-kind`} {...bind("kind")} density="inline" strong>
            <Options values={kinds} labels={KIND_LABELS} />
          </Select>
        </LabelAbove>
        <LabelAbove htmlFor={`${id}-visibility`} label="Visibility">
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
        </LabelAbove>
        <LabelAbove
          htmlFor={`${id}-via`}
          label={
            <>
              Said by <span className="font-normal text-zinc-500">(via, optional)</span>
            </>
          }
        >
          <Input id={`${id}-via`} {...bind("attribution")} maxLength={LIMITS.attributionMax} autoComplete="off" density="inline" strong className="w-48" />
        </LabelAbove>
      </div>
      <LabelAbove htmlFor={`${id}-body`} label="Text">
        <Textarea
          ref={bodyRef}
          id={`${id}-body`}
          {...bind("body")}
          rows={Math.min(8, Math.max(2, draft.body.split("\n").length))}
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
      </LabelAbove>
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
