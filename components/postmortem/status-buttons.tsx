"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useIncidentLive } from "@/components/incidents/incident-live-provider";
import { postmortemStatusWord, postmortemStepsFrom } from "@/lib/postmortem/steps";
import { postmortemApi } from "./api";

/** draft → in review → published, one step at a time (and back): the moves of lib/postmortem/steps.ts, the same table the service checks. */
export function StatusButtons({ incidentId }: { incidentId: string }) {
  const { incident, applyIncident } = useIncidentLive();
  const [error, setError] = useState<string | null>(null);
  const status = incident.postmortemStatus;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span>
        Status: <strong data-testid="pm-status">{postmortemStatusWord(status)}</strong>
      </span>
      {postmortemStepsFrom(status).map((step) => (
        <Button
          key={step.to}
          size="sm"
          variant={step.to === "published" ? "primary" : "secondary"}
          onClick={async () => {
            const answer = await postmortemApi.setStatus(incidentId, step.to);
            if (answer.ok) {
              setError(null);
              applyIncident(answer.data);
            } else setError(answer.message);
          }}
        >
          {step.label}
        </Button>
      ))}
      {error ? (
        <span role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </div>
  );
}
