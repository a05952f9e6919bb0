"use client";

import { useEffect, useId, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent, type RefObject } from "react";
import { ZCreateTimelineEvent, type Milestone } from "@/lib/timeline/schemas";
import { parseEntryLine } from "@/lib/timeline/parse-entry";
import { isTimedPaste, parseChatLog, type PastedLine } from "@/lib/timeline/chat-log";
import type { OutboxPayload } from "@/lib/timeline/outbox";
import { LIMITS } from "@/lib/validation";
import { Button } from "@/components/ui/button";
import { Kbd } from "@/components/ui/kbd";
import { ENTRY_KINDS, KIND_LABELS, KIND_PREFIX, MILESTONES, MILESTONE_KEYS, MILESTONE_LABELS, MILESTONE_NAMES, type EntryKind } from "./kinds";
import { PastePreview } from "./paste-preview";
import { PublicBadge } from "./public-badge";
import { newClientId } from "@/lib/client-id";
import { useTypeAhead } from "@/components/ui/type-ahead";
import { PUBLIC_TEMPLATE_LABELS, PUBLIC_TEMPLATE_STATUSES, publicTemplateText, type PublicTemplateStatus } from "@/lib/timeline/public-templates";
import { CheckboxIcon, ChevronIcon, CloseIcon } from "@/components/ui/icons";
import { useComposerHeight } from "@/components/ui/composer-height";
import { Select, Textarea } from "@/components/ui/input";

type PasteState = { text: string; at: Date; zone: string };

/** A question the composer asks on one key, e.g. "Set the status to Resolved?" after a Resolved milestone. */
export type ComposerOffer = { id: string; question: string; acceptLabel: string; accept: () => void; dismiss: () => void };

/** The browser's time zone (what a chat app on this machine prints its times in). */
function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** Whether this browser's locale writes 3/4 as March 4 ("mdy") or 3 April ("dmy"), as chat apps here would. */
function browserDateOrder(): "mdy" | "dmy" {
  try {
    const parts = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "numeric" }).formatToParts(new Date(2026, 2, 4));
    return parts.findIndex((p) => p.type === "day") < parts.findIndex((p) => p.type === "month") ? "dmy" : "mdy";
  } catch {
    return "mdy";
  }
}

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
  offer = null,
}: {
  inputRef: RefObject<HTMLTextAreaElement | null>;
  /** The incident's affected services, named by the public templates. */
  services: readonly string[];
  onPost: (payloads: OutboxPayload[]) => void;
  /** Escape: give the keyboard back to the timeline. */
  onLeave: () => void;
  /** A one-key question shown above the box (Enter in the empty box accepts, Esc dismisses). */
  offer?: ComposerOffer | null;
}) {
  const typeAhead = useTypeAhead();
  const [text, setText] = useState("");
  const [kind, setKind] = useState<EntryKind>("note");
  const [error, setError] = useState<string | null>(null);
  /** A pasted log being previewed: its text, when it was pasted, and the zone its bare times are read in. */
  const [paste, setPaste] = useState<PasteState | null>(null);
  const preview = useMemo(() => (paste ? parseChatLog(paste.text, paste.at, { timeZone: paste.zone, dateOrder: browserDateOrder() }) : null), [paste]);
  const [publicMode, setPublicMode] = useState(false);
  /** On a phone the tools row is folded away so the box stays small. */
  const [toolsOpen, setToolsOpen] = useState(false);
  const boxRef = useRef<HTMLDivElement>(null);
  useComposerHeight(boxRef);
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

  /** One line of the entry language as a POST body, stamped `now` unless it starts with a time. */
  const payloadFor = (line: string, now: Date, milestone?: Milestone): { ok: true; payload: OutboxPayload } | { ok: false; error: string | null } => {
    const parsed = parseEntryLine(line, now);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const { entry } = parsed;
    const body = entry.body || (milestone ? MILESTONE_LABELS[milestone] : "");
    if (!body) return { ok: false, error: line.trim() ? "Add some text after the time" : null };
    return buildPayload({
      body,
      occurredAt: (entry.occurredAt ?? now).toISOString(),
      ...(entry.endedAt ? { endedAt: entry.endedAt.toISOString() } : {}),
      kind: entry.kind ?? kind,
      ...(entry.speaker ? { attribution: entry.speaker } : {}),
      ...(milestone ? { milestone } : {}),
      ...visibility(entry.isPublic),
    });
  };

  const submit = (milestone?: Milestone) => {
    // Enter in an empty box answers the offer above it (set the status after a milestone).
    if (!milestone && !text.trim() && offer) {
      offer.accept();
      return;
    }
    const built = payloadFor(text, new Date(), milestone);
    if (!built.ok) {
      setError(built.error);
      return;
    }
    onPost([built.payload]);
    reset();
  };

  // Text typed while this page was opening (after declaring the incident): lines
  // finished with Enter are posted at the time Enter was pressed, the rest waits here.
  useEffect(() => {
    const caught = typeAhead.take();
    if (!caught) return;
    const payloads: OutboxPayload[] = [];
    const leftover: string[] = [];
    for (const line of caught.lines) {
      const built = payloadFor(line.text, line.at);
      if (built.ok) payloads.push(built.payload);
      else leftover.push(line.text);
    }
    if (payloads.length) onPost(payloads);
    const rest = [...leftover, caught.rest].filter((t) => t.trim()).join("\n");
    if (rest) setText(rest);
    const box = inputRef.current;
    if (box) {
      box.focus();
      requestAnimationFrame(() => box.setSelectionRange(box.value.length, box.value.length));
    }
    // Once, on arrival.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

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
        ...(line.speaker ? { attribution: line.speaker } : {}),
        ...visibility(line.isPublic),
      });
      if (built.ok) payloads.push(built.payload);
      else leftover.push(line.raw);
    }
    if (payloads.length) onPost(payloads);
    setPaste(null);
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
      // A question above the box is answered first; the next Esc leaves the box.
      if (offer) offer.dismiss();
      else onLeave();
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
    if (pasted.length > LIMITS.pasteCharsMax) {
      e.preventDefault();
      setError(`That paste is ${pasted.length.toLocaleString("en")} characters; paste at most ${LIMITS.pasteCharsMax.toLocaleString("en")} at once`);
      return;
    }
    const now = new Date();
    if (!isTimedPaste(pasted, now)) return;
    e.preventDefault();
    const log = parseChatLog(pasted, now);
    if (log.lines.length > LIMITS.pasteLinesMax) {
      setError(`That is ${log.lines.length} entries; paste at most ${LIMITS.pasteLinesMax} at once`);
      return;
    }
    // A chat app prints its reader's local time; a log or our own format is UTC.
    const local = browserZone();
    setPaste({ text: pasted, at: now, zone: log.chat || log.twelveHour ? local : "UTC" });
  };

  const textRows = Math.min(6, Math.max(1, text.split("\n").reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 70)), 0)));

  return (
    <div
      ref={boxRef}
      data-composer
      data-composer-visibility={isPublic ? "public" : "internal"}
      className={`sticky bottom-0 z-10 -mx-3 px-3 pt-2 pb-3 backdrop-blur ${
        isPublic
          ? "border-t-4 border-violet-600 bg-violet-50/95 dark:border-violet-400 dark:bg-violet-950/95"
          : "border-t-2 border-zinc-300 bg-white/95 dark:border-zinc-700 dark:bg-zinc-950/95"
      }`}
    >
      {offer ? (
        <div
          role="group"
          aria-label="Suggested status change"
          data-offer={offer.id}
          className="mb-2 flex flex-wrap items-center gap-2 rounded-md border-2 border-emerald-600 bg-emerald-50 px-3 py-1.5 dark:border-emerald-500 dark:bg-emerald-950"
        >
          <span className="font-medium">{offer.question}</span>
          <Button size="sm" variant="primary" onClick={offer.accept}>
            {offer.acceptLabel} <Kbd>Enter</Kbd>
          </Button>
          <Button size="sm" variant="ghost" onClick={offer.dismiss}>
            Not now <Kbd>Esc</Kbd>
          </Button>
        </div>
      ) : null}
      {isPublic ? (
        <p role="status" className="mb-2 flex flex-wrap items-center gap-2 font-semibold text-violet-900 dark:text-violet-100">
          <PublicBadge />
          This entry is a public update: it appears on the status page within seconds.
          {label ? (
            <span className="inline-flex items-center gap-1 rounded border border-violet-400 px-1.5 py-0.5 text-sm font-medium">
              Status label: {label}
              <button type="button" onClick={() => setLabel(null)} aria-label={`Remove the status label ${label}`} className="rounded px-1 hover:bg-violet-200 dark:hover:bg-violet-800">
                <CloseIcon size={14} />
              </button>
            </span>
          ) : null}
        </p>
      ) : null}
      {paste && preview ? (
        <PastePreview
          publicMode={publicMode}
          lines={preview.lines}
          zone={preview.zoneless && browserZone() !== "UTC" ? { current: paste.zone, local: browserZone(), onChange: (zone) => setPaste({ ...paste, zone }) } : null}
          onConfirm={() => confirmPaste(preview.lines)}
          onCancel={() => {
            setPaste(null);
            inputRef.current?.focus();
          }}
        />
      ) : null}
      <div className="flex items-end gap-2">
        <div className="min-w-0 flex-1">
          <label htmlFor={`${id}-entry`} className="sr-only">
            New timeline entry
          </label>
          <Textarea
            ref={inputRef}
            id={`${id}-entry`}
            value={text}
            // Long lines (a template's message) wrap: count them as the lines they take.
            rows={textRows}
            autoComplete="off"
            spellCheck
            placeholder="What happened? Enter posts. “-5m a: rolled back 4521”"
            aria-describedby={`${id}-help ${id}-error`}
            aria-invalid={error ? true : undefined}
            onChange={(e) => {
              setText(e.target.value);
              if (error) setError(null);
            }}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            // On a phone the box never takes more than a fifth of the screen; it scrolls inside.
            strong
            tone={isPublic ? "public" : "normal"}
            className="block max-h-[20vh] resize-none text-lg sm:max-h-none"
          />
        </div>
        <Button
          aria-expanded={toolsOpen}
          aria-controls={`${id}-tools`}
          onClick={() => setToolsOpen((open) => !open)}
          className="py-2.5 sm:hidden"
        >
          More <ChevronIcon dir={toolsOpen ? "up" : "down"} />
        </Button>
        <Button variant="primary" onClick={() => submit()} className="py-2.5">
          {isPublic ? "Post publicly" : "Post"}
        </Button>
      </div>
      {/* Kind, public, milestones and templates: always there on a wide screen, one tap away on a phone. */}
      <div id={`${id}-tools`} className={`${toolsOpen ? "flex" : "hidden"} mt-2 flex-wrap items-center gap-x-3 gap-y-1.5 sm:flex`}>
        <div className="flex items-center gap-1.5">
          <label htmlFor={`${id}-kind`} className="text-sm font-medium" title="Alt+1…5 in the entry box">
            Kind
          </label>
          <Select
            id={`${id}-kind`}
            aria-keyshortcuts="Alt+1 Alt+2 Alt+3 Alt+4 Alt+5"
            value={kind}
            onChange={(e) => setKind(ENTRY_KINDS.find((k) => k === e.target.value) ?? "note")}
            density="inline"
            strong
            className="text-sm"
          >
            {ENTRY_KINDS.map((k, i) => (
              <option key={k} value={k}>
                {i + 1}. {KIND_LABELS[k]}
              </option>
            ))}
          </Select>
        </div>
        <Button
          size="sm"
          aria-pressed={publicMode}
          aria-keyshortcuts="Alt+P"
          onClick={() => {
            setPublicMode((on) => !on);
            inputRef.current?.focus();
          }}
          className={publicMode ? "border-violet-600 bg-violet-100 text-violet-950 dark:border-violet-400 dark:bg-violet-900 dark:text-violet-50" : ""}
        >
          <CheckboxIcon checked={publicMode} /> Public update <Kbd>Alt+P</Kbd>
        </Button>
        <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label="Post as a milestone">
          <span className="text-sm font-medium text-zinc-600 dark:text-zinc-400">Milestone:</span>
          {MILESTONES.map((m) => (
            <Button key={m} size="sm" onClick={() => submit(m)} aria-keyshortcuts={`Alt+${MILESTONE_KEYS[m].key}`}>
              {MILESTONE_NAMES[m]} <Kbd>Alt+{MILESTONE_KEYS[m].key}</Kbd>
            </Button>
          ))}
        </div>
        <div className="flex flex-wrap items-center gap-1.5" role="group" aria-label="Public update templates">
          <span className="text-sm font-medium text-zinc-600 dark:text-zinc-400">Public template:</span>
          {PUBLIC_TEMPLATE_STATUSES.map((status, i) => (
            <Button key={status} size="sm" onClick={() => applyTemplate(status)} aria-keyshortcuts={`Alt+Shift+${i + 1}`}>
              {PUBLIC_TEMPLATE_LABELS[status]} <Kbd>Alt+Shift+{i + 1}</Kbd>
            </Button>
          ))}
        </div>
        <p id={`${id}-help`} className="w-full text-sm text-zinc-600 dark:text-zinc-400">
          Start with a time (<code>14:24</code>, <code>-5m</code>; UTC) or it is now ·{" "}
          {ENTRY_KINDS.filter((k) => k !== "note").map((k) => KIND_PREFIX[k]).join(" ")} kinds · <code>public:</code> status page · paste a chat
          log · <Kbd>Shift+Enter</Kbd> new line · <Kbd>Esc</Kbd> list
        </p>
      </div>
      <p id={`${id}-error`} role="alert" className="mt-1 font-medium text-red-700 empty:hidden dark:text-red-400">
        {error ?? ""}
      </p>
    </div>
  );
}
