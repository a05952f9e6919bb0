"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useIncidentLive } from "@/components/incidents/incident-live-provider";
import { postmortemApi } from "./api";

const WORDS: Record<string, string> = { draft: "Draft", in_review: "In review", published: "Published", complete: "Complete" };
const STEPS: Record<string, { to: string; label: string }[]> = {
  draft: [{ to: "in_review", label: "Send for review" }],
  in_review: [
    { to: "draft", label: "Back to draft" },
    { to: "published", label: "Publish" },
  ],
  published: [{ to: "in_review", label: "Unpublish (back to review)" }],
  complete: [],
};

/** draft → in review → published, one step at a time (and back). */
export function StatusButtons({ incidentId }: { incidentId: string }) {
  const { incident, applyIncident } = useIncidentLive();
  const [error, setError] = useState<string | null>(null);
  const status = incident.postmortemStatus;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span>
        Status: <strong data-testid="pm-status">{WORDS[status] ?? status}</strong>
      </span>
      {(STEPS[status] ?? []).map((step) => (
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
