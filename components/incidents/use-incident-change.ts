"use client";

import { useCallback, useState } from "react";
import { incidentsApi } from "@/components/incidents/api";
import { ZUpdateIncident, type IncidentStatus, type Severity } from "@/lib/incidents/schemas";
import { useToast } from "@/components/ui/toast";
import { statusLabel } from "@/lib/incidents/labels";
import { useIncidentLive } from "./incident-live-provider";

export type IncidentChange = { status: IncidentStatus } | { severity: Severity };

/**
 * Change the open incident's status or severity (the header's menus, the
 * offer after a milestone): one PATCH with the version in hand, a toast
 * saying what happened, and on a 409 the current incident, so the user
 * decides again with what is true now. Resolves true when it was changed.
 */
export function useIncidentChange(): { change: (patch: IncidentChange) => Promise<boolean>; busy: boolean } {
  const { incident, applyIncident } = useIncidentLive();
  const toast = useToast();
  const [busy, setBusy] = useState(false);

  const change = useCallback(
    async (patch: IncidentChange): Promise<boolean> => {
      const input = { version: incident.version, ...patch };
      if (!ZUpdateIncident.safeParse(input).success) return false;
      setBusy(true);
      const res = await incidentsApi.update(incident.id, input);
      setBusy(false);
      if (res.ok) {
        applyIncident(res.data);
        toast.show({
          tone: "success",
          message: "status" in patch ? `Status: ${statusLabel(res.data.status)}` : `Severity: ${res.data.severity}`,
        });
        return true;
      }
      if (res.status === 409) {
        // Someone changed the incident meanwhile: show theirs, let the user decide again.
        const fresh = await incidentsApi.get(incident.id);
        if (fresh.ok) applyIncident(fresh.data);
        const now = fresh.ok ? fresh.data : incident;
        toast.show({
          tone: "error",
          durationMs: 10_000,
          message: `Someone else changed this incident just now (it is ${statusLabel(now.status)}, ${now.severity}). Reloaded it — choose again if your change is still needed.`,
        });
        return false;
      }
      toast.show({
        tone: "error",
        message: res.status === 0 ? "Cannot reach the server: nothing was changed. Try again when it is back." : res.message,
      });
      return false;
    },
    [incident, applyIncident, toast],
  );

  return { change, busy };
}
