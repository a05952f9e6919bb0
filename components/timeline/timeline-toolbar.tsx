"use client";

import type { RefObject } from "react";
import type { IncidentJson } from "@/lib/incidents/wire";
import type { Milestone } from "@/lib/timeline/schemas";
import { Button } from "@/components/ui/button";
import { CheckboxIcon } from "@/components/ui/icons";
import { Kbd } from "@/components/ui/kbd";
import { JumpBar } from "./jump-bar";

/** Above the list: public updates only, jump to a time or milestone, back to the newest entries. */
export function TimelineToolbar({
  incident,
  publicOnly,
  loadedCount,
  busy,
  awayFromNewest,
  jumpRef,
  onTogglePublicOnly,
  onJump,
  onNewest,
}: {
  incident: IncidentJson;
  publicOnly: boolean;
  loadedCount: number;
  /** A new window is loading: the controls that replace it wait. */
  busy: boolean;
  /** The window does not reach the newest entry (after a jump). */
  awayFromNewest: boolean;
  jumpRef: RefObject<HTMLInputElement | null>;
  onTogglePublicOnly: () => void;
  onJump: (at: Date, milestone: Milestone | null) => void;
  onNewest: () => void;
}) {
  return (
    <div className="mb-1 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
      <Button size="sm" aria-pressed={publicOnly} aria-keyshortcuts="Shift+P" disabled={busy} onClick={onTogglePublicOnly}>
        <CheckboxIcon checked={publicOnly} /> Public updates only <Kbd>Shift+P</Kbd>
      </Button>
      <JumpBar
        incident={incident}
        inputRef={jumpRef}
        busy={busy}
        onJumpToTime={(at) => onJump(at, null)}
        onJumpToMilestone={(milestone, at) => onJump(at, milestone)}
      />
      {awayFromNewest ? (
        <Button size="sm" onClick={onNewest}>
          Newest entries ↓
        </Button>
      ) : null}
      {publicOnly ? <span role="status">Showing public updates only{loadedCount ? ` (${loadedCount} loaded)` : ""}.</span> : null}
    </div>
  );
}
