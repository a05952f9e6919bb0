import "server-only";
import { cache } from "react";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";
import { currentActor } from "@/lib/auth/current-actor";
import { getIncidentByNumber } from "@/lib/incidents/service";
import { getActionItemCounts } from "@/lib/action-items/counts";

/**
 * The incident of an /incidents/[number] route, once per request (the
 * layout and the page both need it). Anything that is not a known INC
 * number is the not-found page.
 */
export const loadIncidentByNumberParam = cache(async (param: string) => {
  const match = /^(?:inc-)?(\d{1,9})$/i.exec(param);
  if (!match?.[1]) notFound();
  try {
    return await getIncidentByNumber({ number: Number(match[1]), actor: await currentActor() });
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  }
});

/** Open and overdue action items of one incident, for the incident header (once per request). */
export const loadIncidentActionItemCounts = cache(async (incidentId: string) => {
  const counts = await getActionItemCounts({ incidentIds: [incidentId], actor: await currentActor() });
  return counts[incidentId] ?? { open: 0, overdue: 0 };
});
