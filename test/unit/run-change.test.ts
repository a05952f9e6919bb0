import { afterEach, describe, expect, it } from "vitest";
import { useTempDatabase } from "../support/db";
import { LOCAL_ACTOR } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { liveBus, type LiveMessage } from "@/lib/live/bus";
import { runChange } from "@/lib/changes/run-change";
import { requireIncident, staleVersion } from "@/lib/changes/guards";
import { createIncident, deleteIncident, updateIncident } from "@/lib/incidents/service";
import { createActionItem, updateActionItem } from "@/lib/action-items/service";
import { bulkUpdateActionItems } from "@/lib/action-items/bulk";
import { setPostmortemComplete } from "@/lib/postmortem/complete";

useTempDatabase();
const actor = LOCAL_ACTOR;

// What the bus delivered to one incident's viewers, in order.
let stops: (() => void)[] = [];
function listen(incidentId: string): LiveMessage[] {
  const heard: LiveMessage[] = [];
  stops.push(liveBus().subscribe(incidentId, (m) => heard.push(m)));
  return heard;
}
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
});

const newIncident = (title = "Checkout down") => createIncident({ input: { title, severity: "SEV2" }, actor });

describe("runChange", () => {
  it("sends what a change queued only after it committed, in order, with its audit row written", async () => {
    const inc = await newIncident();
    const heard = listen(inc.id);
    let heardDuringTransaction = -1;
    await runChange(actor, async ({ tx, audit, publish, publishIncident }) => {
      const row = await tx.incident.update({ where: { id: inc.id }, data: { title: "Renamed", version: { increment: 1 } } });
      await audit({ incidentId: inc.id, entity: "incident", entityId: inc.id, action: "update", after: { title: "Renamed" } });
      publishIncident(row);
      publish(inc.id, { type: "postmortem", incidentId: inc.id });
      heardDuringTransaction = heard.length;
    });
    expect(heardDuringTransaction).toBe(0);
    expect(heard.map((m) => m.type)).toEqual(["incident", "postmortem"]);
    expect(heard[0]).toMatchObject({ type: "incident", incident: { id: inc.id, title: "Renamed" } });
    const db = await getDb();
    expect(await db.auditLog.count({ where: { incidentId: inc.id, action: "update" } })).toBe(1);
  });

  it("drops the queued messages and the audit row when the change rolls back", async () => {
    const inc = await newIncident();
    const heard = listen(inc.id);
    const err = await runChange(actor, async ({ tx, audit, publishIncident }) => {
      const row = await tx.incident.update({ where: { id: inc.id }, data: { title: "Never", version: { increment: 1 } } });
      await audit({ incidentId: inc.id, entity: "incident", entityId: inc.id, action: "update", after: { title: "Never" } });
      publishIncident(row);
      throw staleVersion("incident", { version: 99 });
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "conflict", message: "This incident was changed by someone else (now version 99)", issues: [{ path: "version", message: "is stale" }] });
    expect(heard).toEqual([]);
    const db = await getDb();
    expect((await requireIncident(db, inc.id)).title).toBe("Checkout down");
    expect(await db.auditLog.count({ where: { incidentId: inc.id, action: "update" } })).toBe(0);
  });

  it("requireIncident is a 404 for a missing or deleted incident", async () => {
    const inc = await newIncident();
    await deleteIncident({ id: inc.id, actor });
    const db = await getDb();
    await expect(requireIncident(db, inc.id)).rejects.toMatchObject({ code: "not_found", message: "Incident not found" });
  });
});

describe("every change an open page shows is published", () => {
  it("deleting an incident tells its viewers how it is now, then that it is gone", async () => {
    const inc = await newIncident();
    const heard = listen(inc.id);
    await deleteIncident({ id: inc.id, actor });
    expect(heard.map((m) => m.type)).toEqual(["incident", "incident_deleted"]);
  });

  it("reopening an item of a completed postmortem publishes the incident stepped back to published", async () => {
    const inc = await newIncident();
    const { item } = await createActionItem({ incidentId: inc.id, input: { title: "Add a retry budget", status: "done" }, actor });
    await setPostmortemComplete({ incidentId: inc.id, actor });
    const heard = listen(inc.id);
    await updateActionItem({ id: item.id, input: { version: item.version, status: "open" }, actor });
    const incidents = heard.filter((m) => m.type === "incident");
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ incident: { postmortemStatus: "published" } });
    expect(heard.some((m) => m.type === "postmortem")).toBe(true);
  });

  it("adding an open item, or reopening items in bulk, publishes the reopened postmortems", async () => {
    const a = await newIncident("A");
    const b = await newIncident("B");
    const done = await createActionItem({ incidentId: b.id, input: { title: "Closed one", status: "done" }, actor });
    await setPostmortemComplete({ incidentId: a.id, actor });
    await setPostmortemComplete({ incidentId: b.id, actor });
    const heardA = listen(a.id);
    await createActionItem({ incidentId: a.id, input: { title: "New work" }, actor });
    expect(heardA.filter((m) => m.type === "incident")).toMatchObject([{ incident: { postmortemStatus: "published" } }]);

    const heardB = listen(b.id);
    await bulkUpdateActionItems({ input: { ids: [done.item.id], status: "open" }, actor });
    expect(heardB.filter((m) => m.type === "incident")).toMatchObject([{ incident: { postmortemStatus: "published" } }]);
    expect(heardB.some((m) => m.type === "postmortem")).toBe(true);
  });

  it("a stale incident update publishes nothing", async () => {
    const inc = await newIncident();
    await updateIncident({ id: inc.id, input: { version: inc.version, title: "First" }, actor });
    const heard = listen(inc.id);
    await expect(updateIncident({ id: inc.id, input: { version: inc.version, title: "Second" }, actor })).rejects.toMatchObject({
      code: "conflict",
      details: { current: { title: "First" } },
    });
    expect(heard).toEqual([]);
  });
});
