"use client";

import { useEffect, useState } from "react";
import { timelineApi } from "@/components/timeline/api";
import type { EventJson, RevisionJson } from "@/lib/timeline/wire";
import { Dialog } from "@/components/ui/dialog";
import { KIND_LABELS, MILESTONE_NAMES } from "./kinds";
import { formatUtcDateTime } from "@/lib/time-format";
import { StarIcon } from "@/components/ui/icons";

type Version = {
  version: number;
  who: string;
  when: string;
  occurredAt: string;
  endedAt: string | null;
  kind: string;
  milestone: string | null;
  statusLabel: string | null;
  attribution: string | null;
  key: boolean;
  deleted: boolean;
  body: string;
};

/** What an entry and each of its revisions both record; who saved that version and when is stored differently by each. */
function toVersion(v: EventJson | RevisionJson, who: string, when: string): Version {
  return {
    version: v.version,
    who,
    when,
    occurredAt: v.occurredAt,
    endedAt: v.endedAt,
    kind: v.kind,
    milestone: v.milestone,
    statusLabel: v.statusLabel,
    attribution: v.attribution ?? null,
    key: v.key,
    deleted: v.deletedAt !== null,
    body: v.body,
  };
}

const fromEvent = (e: EventJson): Version => toVersion(e, e.editorName ?? e.authorName, e.updatedAt);
const fromRevision = (r: RevisionJson): Version => toVersion(r, r.editorName, r.editedAt);

type Load = { state: "loading" } | { state: "error"; message: string } | { state: "done"; revisions: RevisionJson[] };

/** Every version of an entry, newest first, with who wrote it and when. */
export function HistoryDialog({ incidentId, event, onClose }: { incidentId: string; event: EventJson | null; onClose: () => void }) {
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const eventId = event?.id;
  const version = event?.version;

  useEffect(() => {
    if (!eventId) return;
    let cancelled = false;
    setLoad({ state: "loading" });
    void timelineApi.listRevisions(incidentId, eventId).then((res) => {
      if (cancelled) return;
      setLoad(res.ok ? { state: "done", revisions: res.data.revisions } : { state: "error", message: res.message });
    });
    return () => {
      cancelled = true;
    };
  }, [incidentId, eventId, version]);

  const versions = event ? [fromEvent(event), ...(load.state === "done" ? load.revisions.map(fromRevision) : [])] : [];

  return (
    <Dialog open={event !== null} onClose={onClose} title="Entry history" wide>
      {load.state === "loading" ? <p>Loading earlier versions…</p> : null}
      {load.state === "error" ? <p role="alert">Could not load the history: {load.message}</p> : null}
      {load.state === "done" && load.revisions.length === 0 ? <p className="mb-3">This entry has never been changed.</p> : null}
      <ol className="space-y-3" aria-label="Versions, newest first">
        {versions.map((v, i) => (
          <li key={v.version} className="rounded border border-zinc-200 p-3 dark:border-zinc-700">
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              <strong className="text-zinc-900 dark:text-zinc-100">
                v{v.version}
                {i === 0 ? " (current)" : ""}
              </strong>{" "}
              · {v.who} · {formatUtcDateTime(v.when)} UTC
            </p>
            <p className="font-mono text-sm">
              {formatUtcDateTime(v.occurredAt)}
              {v.endedAt ? ` – ${formatUtcDateTime(v.endedAt)}` : ""} UTC · {KIND_LABELS[v.kind] ?? v.kind}
              {v.milestone ? ` · ${MILESTONE_NAMES[v.milestone] ?? v.milestone}` : ""}
              {v.statusLabel ? ` · label “${v.statusLabel}”` : ""}
              {v.attribution ? ` · via ${v.attribution}` : ""}
              {v.key ? <> · <StarIcon className="text-amber-500" /> key</> : ""}
              {v.deleted ? " · deleted" : ""}
            </p>
            <p className="mt-1 break-words whitespace-pre-wrap">{v.body}</p>
          </li>
        ))}
      </ol>
    </Dialog>
  );
}
