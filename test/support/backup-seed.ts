// The data set the backup tests move between stores: a full imported
// postmortem in review, and a live incident with ties in time, edits
// (revisions), a deletion, a span and action items in several states.
import { readFileSync } from "node:fs";
import path from "node:path";
import { LOCAL_ACTOR } from "@/lib/auth/actor";
import { createIncident } from "@/lib/incidents/service";
import { createTimelineEvent, deleteTimelineEvent, updateTimelineEvent } from "@/lib/timeline/service";
import { importMarkdownPostmortem, setPostmortemStatus } from "@/lib/postmortem/service";
import { createActionItem, updateActionItem } from "@/lib/action-items/service";

const actor = LOCAL_ACTOR;
const example = readFileSync(path.resolve(__dirname, "../fixtures/postmortem/cloudflare-example.md"), "utf8");

/**
 * Seeds the database DATABASE_URL points at. `secretBody`, when given, is the
 * body of the fourth entry (a test looks for it in, or missing from, the
 * backup file's bytes).
 */
export async function seedBackupData(options: { secretBody?: string } = {}): Promise<void> {
  const imported = await importMarkdownPostmortem({ text: example, actor });
  await setPostmortemStatus({ incidentId: imported.id, input: { status: "in_review" }, actor });
  const live = await createIncident({ input: { title: "Checkout | returns 503", severity: "SEV1", services: ["Checkout API"], startedAt: "2026-03-03T09:12:00Z" }, actor });
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) {
    const body = i === 3 && options.secretBody !== undefined ? options.secretBody : `Entry ${i}: ünïcødé ✓, a "quote" and a | pipe`;
    const { event } = await createTimelineEvent({
      incidentId: live.id,
      // Ties in time: the timeline order must survive a backup and restore.
      input: { body, occurredAt: i % 3 === 0 ? "2026-03-03T09:20:00Z" : undefined, key: i % 2 === 0, statusLabel: `Step ${i}` },
      actor,
    });
    ids.push(event.id);
  }
  await createTimelineEvent({ incidentId: live.id, input: { body: "Impact window", occurredAt: "2026-03-03T09:12:00Z", endedAt: "2026-03-03T11:05:00Z", milestone: "impact_start" }, actor });
  const edited = await updateTimelineEvent({ incidentId: live.id, eventId: ids[1] ?? "", input: { version: 1, body: "Entry 1, corrected" }, actor });
  await updateTimelineEvent({ incidentId: live.id, eventId: edited.id, input: { version: edited.version, key: true }, actor });
  await deleteTimelineEvent({ incidentId: live.id, eventId: ids[2] ?? "", actor });
  const { item } = await createActionItem({ incidentId: live.id, input: { title: "Alert on 503 rate", owner: "Ana", dueDate: "2026-04-01", priority: "high", type: "detect" }, actor });
  await updateActionItem({ id: item.id, input: { version: item.version, status: "done" }, actor });
  await createActionItem({ incidentId: live.id, input: { title: "Won't fix the legacy path", status: "wont_do", wontDoReason: "Path is being removed" }, actor });
}
