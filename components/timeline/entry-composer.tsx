"use client";

import { useId, useState, type ClipboardEvent, type KeyboardEvent, type RefObject } from "react";
import { ZCreateTimelineEvent, type Milestone } from "@/lib/timeline/schemas";
import { isTimedPaste, parseEntryLine, parsePastedLines, type PastedLine } from "@/lib/timeline/parse-entry";
import type { OutboxPayload } from "@/lib/timeline/outbox";
import { LIMITS } from "@/lib/validation";
import { Button } from "@/components/ui/button";
import { Kbd } from "@/components/ui/kbd";
import { ENTRY_KINDS, KIND_LABELS, KIND_PREFIX, MILESTONES, MILESTONE_KEYS, MILESTONE_LABELS, MILESTONE_NAMES, type EntryKind } from "./kinds";
import { PastePreview } from "./paste-preview";
import { PublicBadge } from "./public-badge";
import { newClientId } from "@/lib/client-id";
import { PUBLIC_TEMPLATE_LABELS, PUBLIC_TEMPLATE_STATUSES, publicTemplateText, type PublicTemplateStatus } from "@/lib/timeline/public-templates";

function describeIssue(issue: { path: PropertyKey[]; message: string } | undefined): string {
  return issue ? `${issue.path.map(String).join(".") || "entry"} ${issue.message}` : "Invalid entry";
}

/** A validated POST body, or the reason it cannot be one. */
function buildPayload(fields: Omit<OutboxPayload, "id">): { ok: true; payload: OutboxPayload } | { ok: false; error: string } {
  const payload: OutboxPayload = { id: newClientId(), ...fields };
  const valid = ZCreateTimelineEvent.safeParse(payload);
  return valid.success ? { ok: true, payload } : { ok: false, error: describeIssue(valid.error.issues[0]) };
}

/**
 * The one-line entry box. Enter posts (stamped now unless the line starts
 * with a time), Alt+1…5 picks the kind, Alt+I/D/M/R posts a milestone, and
 * a pasted chat log is previewed before it becomes one entry per line.
 * Alt+P (or "public:" in the line) makes the entry a public update for the
 * status page, and Alt+Shift+1…4 starts one from a template; after posting
 * the box is internal again, so the next note is never public by accident.
 * Posting only queues: the outbox sends, so nothing typed is lost.
 */
export function EntryComposer({
  inputRef,
  services,
  onPost,
  onLeave,
}: {
  inputRef: RefObject<HTMLTextAreaElement | null>;
  /** The incident's affected services, named by the public templates. */
  services: readonly string[];
  onPost: (payloads: OutboxPayload[]) => void;
  /** Escape: give the keyboard back to the timeline. */
  onLeave: () => void;
}) {
  const [text, setText] = useState("");
  const [kind, setKind] = useState<EntryKind>("note");
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<PastedLine[] | null>(null);
  const [publicMode, setPublicMode] = useState(false);
  /** The status label of the template in use (Investigating …), posted with a public update. */
  const [label, setLabel] = useState<string | null>(null);
  /** The template text as inserted: replaced by the next template while untouched. */
  const [templateText, setTemplateText] = useState<string | null>(null);
  const id = useId();
  const typedPublic = (() => {
    const parsed = parseEntryLine(text, new Date());
    return parsed.ok && parsed.entry.isPublic;
  })();
  const isPublic = publicMode || typedPublic;

  const reset = () => {
    setText("");
    setKind("note");
    setError(null);
    setPublicMode(false);
    setLabel(null);
    setTemplateText(null);
  };

  const applyTemplate = (status: PublicTemplateStatus) => {
    const message = publicTemplateText(status, services);
    const keep = text.trim() && text !== templateText ? text.trim() : "";
    const next = keep ? `${message}\n\n${keep}` : message;
    setText(next);
    setTemplateText(next);
    setPublicMode(true);
    setLabel(PUBLIC_TEMPLATE_LABELS[status]);
    setError(null);
    const box = inputRef.current;
    if (box) {
      box.focus();
      // Once React has put the text in, leave the caret at its end, ready to edit.
      requestAnimationFrame(() => box.setSelectionRange(box.value.length, box.value.length));
    }
  };

  const visibility = (linePublic: boolean) => (publicMode || linePublic ? { visibility: "public" as const, ...(label ? { statusLabel: label } : {}) } : {});

  const submit = (milestone?: Milestone) => {
    const now = new Date();
    const parsed = parseEntryLine(text, now);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    const { entry } = parsed;
    const body = entry.body || (milestone ? MILESTONE_LABELS[milestone] : "");
    if (!body) {
      if (text.trim()) setError("Add some text after the time");
      return;
    }
    const built = buildPayload({
      body,
      occurredAt: (entry.occurredAt ?? now).toISOString(),
      ...(entry.endedAt ? { endedAt: entry.endedAt.toISOString() } : {}),
      kind: entry.kind ?? kind,
      ...(milestone ? { milestone } : {}),
      ...visibility(entry.isPublic),
    });
    if (!built.ok) {
      setError(built.error);
      return;
    }
    onPost([built.payload]);
    reset();
  };

  const confirmPaste = (lines: PastedLine[]) => {
    const payloads: OutboxPayload[] = [];
    const leftover: string[] = [];
    for (const line of lines) {
      if (line.error) {
        leftover.push(line.raw);
        continue;
      }
      const built = buildPayload({
        body: line.body,
        occurredAt: line.occurredAt.toISOString(),
        ...(line.endedAt ? { endedAt: line.endedAt.toISOString() } : {}),
        kind: line.kind ?? kind,
        ...visibility(line.isPublic),
      });
      if (built.ok) payloads.push(built.payload);
      else leftover.push(line.raw);
    }
    if (payloads.length) onPost(payloads);
    setPreview(null);
    // Lines that could not be posted stay in the box, so nothing pasted is lost.
    setText((current) => [current.trim(), ...leftover].filter(Boolean).join("\n"));
    setError(leftover.length ? `${leftover.length} line(s) could not be read and were left in the box` : null);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === "Enter" && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      submit();
      return;
    }
    if (e.key === "Escape") {
      e.preventDefault();
      onLeave();
      return;
    }
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.code === "KeyP" && !e.shiftKey) {
      e.preventDefault();
      setPublicMode((on) => !on);
      return;
    }
    const template = e.shiftKey ? /^(?:Digit|Numpad)([1-4])$/.exec(e.code) : null;
    if (template) {
      e.preventDefault();
      const status = PUBLIC_TEMPLATE_STATUSES[Number(template[1]) - 1];
      if (status) applyTemplate(status);
      return;
    }
    const digit = /^(?:Digit|Numpad)([1-5])$/.exec(e.code);
    if (digit) {
      e.preventDefault();
      setKind(ENTRY_KINDS[Number(digit[1]) - 1] ?? "note");
      return;
    }
    const milestone = MILESTONES.find((m) => MILESTONE_KEYS[m].code === e.code);
    if (milestone) {
      e.preventDefault();
      submit(milestone);
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const pasted = e.clipboardData.getData("text/plain");
    const now = new Date();
    if (!isTimedPaste(pasted, now)) return;
    e.preventDefault();
    const lines = parsePastedLines(pasted, now);
    if (lines.length > LIMITS.pasteLinesMax) {
      setError(`That is ${lines.length} lines; paste at most ${LIMITS.pasteLinesMax} at once`);
      return;
    }
    setPreview(lines);
  };

  return (
    <div
      data-composer-visibility={isPublic ? "public" : "internal"}
      className={`sticky bottom-0 z-10 -mx-3 px-3 pt-3 pb-4 backdrop-blur ${
        isPublic
          ? "border-t-4 border-violet-600 bg-violet-50/95 dark:border-violet-400 dark:bg-violet-950/95"
          : "border-t-2 border-zinc-300 bg-white/95 dark:border-zinc-700 dark:bg-zinc-950/95"
      }`}
    >
      {isPublic ? (
        <p role="status" className="mb-2 flex flex-wrap items-center gap-2 font-semibold text-violet-900 dark:text-violet-100">
          <PublicBadge />
          This entry is a public update: it appears on the status page within seconds.
          {label ? (
            <span className="inline-flex items-center gap-1 rounded border border-violet-400 px-1.5 py-0.5 text-sm font-medium">
              Status label: {label}
              <button type="button" onClick={() => setLabel(null)} aria-label={`Remove the status label ${label}`} className="rounded px-1 hover:bg-violet-200 dark:hover:bg-violet-800">
                ×
              </button>
            </span>
          ) : null}
        </p>
      ) : null}
      {preview ? (
        <PastePreview
          publicMode={publicMode}
          lines={preview}
          onConfirm={() => confirmPaste(preview)}
          onCancel={() => {
            setPreview(null);
          }}
        />
      ) : null}
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-72 flex-1">
          <label htmlFor={`${id}-entry`} className="mb-1 block font-semibold">
            New timeline entry
          </label>
          <textarea
            ref={inputRef}
            id={`${id}-entry`}
            value={text}
            // Long lines (a template's message) wrap: count them as the lines they take.
            rows={Math.min(6, Math.max(1, text.split("\n").reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 70)), 0)))}
            autoComplete="off"
            spellCheck
            placeholder="What happened? e.g. “-5m a: rolled back deploy 4521” — Enter to post"
            aria-describedby={`${id}-help ${id}-error`}
            aria-invalid={error ? true : undefined}
            onChange={(e) => {
              setText(e.target.value);
              if (error) setError(null);
            }}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            className={`block w-full resize-none rounded-md border-2 bg-white px-3 py-2 text-lg dark:bg-zinc-900 ${
              isPublic ? "border-violet-600 dark:border-violet-400" : "border-zinc-400 dark:border-zinc-500"
            }`}
          />
        </div>
        <Button
          aria-pressed={publicMode}
          aria-keyshortcuts="Alt+P"
          onClick={() => {
            setPublicMode((on) => !on);
            inputRef.current?.focus();
          }}
          className={`py-2.5 ${publicMode ? "border-violet-600 bg-violet-100 text-violet-950 dark:border-violet-400 dark:bg-violet-900 dark:text-violet-50" : ""}`}
        >
          {publicMode ? "☑" : "☐"} Public update <Kbd>Alt+P</Kbd>
        </Button>
        <div>
          <label htmlFor={`${id}-kind`} className="mb-1 block text-sm font-medium">
            Kind <span className="font-normal text-zinc-500">(Alt+1…5)</span>
          </label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(e) => setKind(ENTRY_KINDS.find((k) => k === e.target.value) ?? "note")}
            className="rounded-md border-2 border-zinc-400 bg-white px-2 py-2.5 text-base dark:border-zinc-500 dark:bg-zinc-900"
          >
            {ENTRY_KINDS.map((k, i) => (
              <option key={k} value={k}>
                {i + 1}. {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <Button variant="primary" onClick={() => submit()} className="py-2.5">
          {isPublic ? "Post publicly" : "Post"}
        </Button>
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-2" role="group" aria-label="Public update templates">
        <span className="text-sm font-medium text-zinc-600 dark:text-zinc-400">Public update from a template:</span>
        {PUBLIC_TEMPLATE_STATUSES.map((status, i) => (
          <Button key={status} size="sm" onClick={() => applyTemplate(status)} aria-keyshortcuts={`Alt+Shift+${i + 1}`}>
            {PUBLIC_TEMPLATE_LABELS[status]} <Kbd>Alt+Shift+{i + 1}</Kbd>
          </Button>
        ))}
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <span className="text-sm font-medium text-zinc-600 dark:text-zinc-400">Milestone:</span>
        {MILESTONES.map((m) => (
          <Button key={m} size="sm" onClick={() => submit(m)} aria-keyshortcuts={`Alt+${MILESTONE_KEYS[m].key}`}>
            {MILESTONE_NAMES[m]} <Kbd>Alt+{MILESTONE_KEYS[m].key}</Kbd>
          </Button>
        ))}
      </div>
      <p id={`${id}-help`} className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        Start with a time (<code>14:24</code>, <code>-5m</code>, <code>2026-03-03 23:50</code>) or it is stamped now (UTC). Kind
        prefixes: {ENTRY_KINDS.filter((k) => k !== "note").map((k) => `${KIND_PREFIX[k]} ${KIND_LABELS[k]?.toLowerCase()}`).join(", ")}.{" "}
        Start with <code>public:</code> or press <Kbd>Alt+P</Kbd> for a public update (status page).{" "}
        <Kbd>Shift+Enter</Kbd> new line · <Kbd>Esc</Kbd> back to the list
      </p>
      <p id={`${id}-error`} role="alert" className="mt-1 font-medium text-red-700 empty:hidden dark:text-red-400">
        {error ?? ""}
      </p>
    </div>
  );
}
