"use client";

import { useState } from "react";
import { ChoiceMenu } from "@/components/ui/choice-menu";
import { ignoreGlobalKey, useDocumentKeydown } from "@/components/ui/hotkeys";
import { SeverityBadge, StatusBadge } from "./badges";
import { SEVERITY_CHOICES, STATUS_CHOICES, isIncidentStatus, isSeverity } from "@/lib/incidents/labels";
import { useIncidentLive } from "./incident-live-provider";
import { useIncidentChange } from "./use-incident-change";

/**
 * Status and severity, each changed in one action (a menu pick, or
 * Shift+S / Shift+V then 1–4). The server writes the status-change entry
 * to the timeline itself.
 */
export function StatusControls() {
  const { incident } = useIncidentLive();
  const { change, busy } = useIncidentChange();
  const [menu, setMenu] = useState<"status" | "severity" | null>(null);

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
