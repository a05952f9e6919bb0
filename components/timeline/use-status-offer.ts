"use client";

import { useState } from "react";
import type { Milestone } from "@/lib/timeline/schemas";
import type { IncidentStatus } from "@/lib/incidents/schemas";
import { statusLabel } from "@/lib/incidents/labels";
import { useIncidentLive } from "@/components/incidents/incident-live-provider";
import { useIncidentChange } from "@/components/incidents/use-incident-change";
import type { ComposerOffer } from "./entry-composer";
import { statusToOffer } from "./milestone-offer";

/**
 * After a Resolved or Mitigated milestone is posted here, the entry box
 * offers, on one key, to move the incident's status along with it.
 */
export function useStatusOffer(onAnswered: () => void): { afterPost: (milestone: Milestone | null | undefined) => void; offer: ComposerOffer | null } {
  const { incident } = useIncidentLive();
  const incidentChange = useIncidentChange();
  const [pending, setPending] = useState<{ milestone: Milestone; status: IncidentStatus } | null>(null);

  const afterPost = (milestone: Milestone | null | undefined) => {
    const status = milestone ? statusToOffer(milestone, incident.status) : null;
    setPending(milestone && status ? { milestone, status } : null);
  };

  const accept = async (status: IncidentStatus) => {
    setPending(null);
    await incidentChange.change({ status });
    onAnswered();
  };

  // Gone once the incident got there some other way (someone else, the header menu).
  const offer: ComposerOffer | null =
    pending && statusToOffer(pending.milestone, incident.status)
      ? {
          id: `status-${pending.status}`,
          question:
            pending.status === "resolved"
              ? "Resolved is on the timeline. Set the incident's status to Resolved and stop the clock?"
              : "Mitigated is on the timeline. Set the incident's status to Monitoring?",
          acceptLabel: `Set status: ${statusLabel(pending.status)}`,
          accept: () => void accept(pending.status),
          dismiss: () => setPending(null),
        }
      : null;
  return { afterPost, offer };
}
