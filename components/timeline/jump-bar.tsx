"use client";

import { useId, useState, type FormEvent, type RefObject } from "react";
import type { IncidentJson } from "@/lib/incidents/wire";
import { parseTimeText } from "@/lib/timeline/parse-entry";
import type { Milestone } from "@/lib/timeline/schemas";
import { Button } from "@/components/ui/button";
import { Kbd } from "@/components/ui/kbd";
import { formatUtcDateTime } from "@/lib/time-format";
import { Input } from "@/components/ui/input";

const MILESTONE_TIMES: { milestone: Milestone; field: "startedAt" | "detectedAt" | "mitigatedAt" | "resolvedAt"; label: string }[] = [
  { milestone: "impact_start", field: "startedAt", label: "Impact start" },
  { milestone: "detected", field: "detectedAt", label: "Detected" },
  { milestone: "mitigated", field: "mitigatedAt", label: "Mitigated" },
  { milestone: "resolved", field: "resolvedAt", label: "Resolved" },
];

/**
 * Jump to a time (typed as in the entry box: 14:24, -2h, 2026-03-03 23:50)
 * or to one of the incident's milestones; the list loads the entries around
 * it when they are not loaded. `g` focuses the time field.
 */
export function JumpBar({
  incident,
  inputRef,
  busy,
  onJumpToTime,
  onJumpToMilestone,
}: {
  incident: IncidentJson;
  inputRef: RefObject<HTMLInputElement | null>;
  busy: boolean;
  onJumpToTime: (at: Date) => void;
  onJumpToMilestone: (milestone: Milestone, at: Date) => void;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseTimeText(text, new Date());
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    onJumpToTime(parsed.occurredAt);
  };

  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" role="group" aria-label="Jump in the timeline">
      <form onSubmit={submit} className="flex items-center gap-1">
        <label htmlFor={`${id}-time`} className="font-medium text-zinc-600 dark:text-zinc-400">
          Jump to <Kbd>g</Kbd>
        </label>
        <Input
          ref={inputRef}
          id={`${id}-time`}
          value={text}
          maxLength={40}
          placeholder="14:24, -2h, 2026-03-03 09:12"
          aria-describedby={`${id}-error`}
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            setText(e.target.value);
            if (error) setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              e.currentTarget.blur();
            }
          }}
          density="inline"
          className="w-44 font-mono sm:w-56"
        />
        <Button size="sm" type="submit" disabled={busy}>
          Go
        </Button>
      </form>
      {MILESTONE_TIMES.map(({ milestone, field, label }) => {
        const at = incident[field];
        return at ? (
          <Button key={milestone} size="sm" disabled={busy} title={`${formatUtcDateTime(at)} UTC`} onClick={() => onJumpToMilestone(milestone, new Date(at))}>
            ◆ {label}
          </Button>
        ) : null;
      })}
      <span id={`${id}-error`} role="alert" className="font-medium text-red-700 empty:hidden dark:text-red-400">
        {error ?? ""}
      </span>
    </div>
  );
}
