import "server-only";
import { getDb } from "../db/client";
import { authorize } from "../auth/authorize";
import type { Actor } from "../auth/actor";

/** The incident's contributing factors, for the "link to a factor" picker. */
export async function listLinkableFactors({ incidentId, actor }: { incidentId: string; actor: Actor }): Promise<Array<{ id: string; title: string }>> {
  authorize(actor, "incidents.read");
  const db = await getDb();
  return db.contributingFactor.findMany({
    where: { postmortem: { incidentId, incident: { deletedAt: null } } },
    orderBy: [{ position: "asc" }, { id: "asc" }],
    select: { id: true, title: true },
  });
}
