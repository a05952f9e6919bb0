"use client";

import { useState } from "react";
import { apiClient } from "@/lib/api-client";
import { ZUpdateIncident, type IncidentStatus, type Severity } from "@/lib/incidents/schemas";
import { ChoiceMenu } from "@/components/ui/choice-menu";
import { useToast } from "@/components/ui/toast";
import { ignoreGlobalKey, useDocumentKeydown } from "@/components/ui/hotkeys";
import { SeverityBadge, StatusBadge } from "./badges";
import { SEVERITY_CHOICES, STATUS_CHOICES, isIncidentStatus, isSeverity, statusLabel } from "./labels";
import { useIncidentLive } from "./incident-live-provider";

type Change = { status: IncidentStatus } | { severity: Severity };

/**
 * Status and severity, each changed in one action (a menu pick, or
 * Shift+S / Shift+V then 1–4). The server writes the status-change entry
 * to the timeline itself.
 */
export function StatusControls() {
  const { incident, applyIncident } = useIncidentLive();
  const toast = useToast();
  const [menu, setMenu] = useState<"status" | "severity" | null>(null);
  const [busy, setBusy] = useState(false);

  useDocumentKeydown((e) => {
    if (!e.shiftKey || ignoreGlobalKey(e)) return;
    if (e.key === "S") {
      e.preventDefault();
      setMenu("status");
    } else if (e.key === "V") {
      e.preventDefault();
      setMenu("severity");
    }
  });

  const change = async (patch: Change) => {
    const input = { version: incident.version, ...patch };
    const valid = ZUpdateIncident.safeParse(input);
    if (!valid.success) return;
    setBusy(true);
    const res = await apiClient.updateIncident(incident.id, input);
    setBusy(false);
    if (res.ok) {
      applyIncident(res.data);
      toast.show({
        tone: "success",
        message: "status" in patch ? `Status: ${statusLabel(res.data.status)}` : `Severity: ${res.data.severity}`,
      });
      return;
    }
    if (res.status === 409) {
      // Someone changed the incident meanwhile: show theirs, let the user decide again.
      const fresh = await apiClient.getIncident(incident.id);
      if (fresh.ok) applyIncident(fresh.data);
      const now = fresh.ok ? fresh.data : incident;
      toast.show({
        tone: "error",
        durationMs: 10_000,
        message: `Someone else changed this incident just now (it is ${statusLabel(now.status)}, ${now.severity}). Reloaded it — choose again if your change is still needed.`,
      });
      return;
    }
    toast.show({
      tone: "error",
      message: res.status === 0 ? "Cannot reach the server: nothing was changed. Try again when it is back." : res.error.message,
    });
  };

  const status = isIncidentStatus(incident.status) ? incident.status : "investigating";
  const severity = isSeverity(incident.severity) ? incident.severity : "SEV4";

  return (
    <div className="flex flex-wrap items-center gap-2">
      <ChoiceMenu
        label="Severity"
        value={severity}
        choices={SEVERITY_CHOICES}
        open={menu === "severity"}
        onOpenChange={(open) => setMenu(open ? "severity" : null)}
        onChoose={(v) => void change({ severity: v })}
        renderValue={(v) => <SeverityBadge severity={v} />}
        disabled={busy}
        shortcut="Shift+V"
      />
      <ChoiceMenu
        label="Status"
        value={status}
        choices={STATUS_CHOICES}
        open={menu === "status"}
        onOpenChange={(open) => setMenu(open ? "status" : null)}
        onChoose={(v) => void change({ status: v })}
        renderValue={(v) => <StatusBadge status={v} />}
        disabled={busy}
        shortcut="Shift+S"
      />
    </div>
  );
}
