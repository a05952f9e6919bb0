import { randomUUID } from "node:crypto";
import type { EventJson } from "@/lib/timeline/wire";

// A committed timeline entry as the browser receives it (the wire shape of
// lib/timeline/wire.ts), for tests of the client-side timeline code. Its
// recordedAt and updatedAt default to its occurredAt; `over` sets any field.
export function eventJson(over: Partial<EventJson> = {}): EventJson {
  const at = over.occurredAt ?? "2026-03-04T10:00:00.000Z";
  return {
    id: randomUUID(),
    incidentId: "inc",
    occurredAt: at,
    endedAt: null,
    recordedAt: at,
    authorName: "A",
    editorName: null,
    kind: "note",
    milestone: null,
    statusLabel: null,
    body: "x",
    key: false,
    visibility: "internal",
    deletedAt: null,
    updatedAt: at,
    version: 1,
    backdated: false,
    ...over,
  };
}
