"use client";

import { formatUtcDateTime, localTimeTitle } from "@/lib/time-format";
import { ConnectionIndicator } from "@/components/timeline/connection-indicator";
import { Kbd } from "@/components/ui/kbd";
import { useHydrated } from "@/components/ui/use-now";
import { IncidentHeaderActionItemCounts } from "./action-item-counts-live";
import { Elapsed } from "./elapsed";
import { StatusControls } from "./status-controls";
import { SeverityBadge, StatusBadge } from "./badges";
import { useIncidentLive } from "./incident-live-provider";
import { IncidentRoles, type Me } from "./incident-roles";

/** Who, what, how bad, since when: the top of every incident tab, kept live. */
export function IncidentHeader({ readOnly = false, me = null }: { readOnly?: boolean; me?: Me }) {
  const { incident, connection, renderedAt, queued } = useIncidentLive();
  const hydrated = useHydrated();
  const resolved = incident.status === "resolved";
  return (
    <header className="space-y-2 pb-4">
      <div className="flex flex-wrap items-center gap-3">
        <span className="font-mono text-xl font-bold text-zinc-600 dark:text-zinc-400">{incident.key}</span>
        {readOnly ? (
          <>
            <SeverityBadge severity={incident.severity} />
            <StatusBadge status={incident.status} />
          </>
        ) : (
          <StatusControls />
        )}
        <IncidentHeaderActionItemCounts number={incident.number} />
        <span className="ml-auto">
          <ConnectionIndicator state={connection} queued={queued} />
        </span>
      </div>
      <h1 className="text-2xl font-bold tracking-tight break-words sm:text-3xl">{incident.title}</h1>
      <p className="flex flex-wrap items-baseline gap-x-4 gap-y-1 text-lg">
        {incident.startedAt === null ? (
          <span>Impact start unknown</span>
        ) : (
          <>
            <span>
              Impact started{" "}
              <time
                dateTime={incident.startedAt}
                title={hydrated ? localTimeTitle(incident.startedAt) : undefined}
                className="font-mono"
              >
                {formatUtcDateTime(incident.startedAt)} UTC
              </time>
            </span>
            <span>
              {resolved ? "Lasted" : "Elapsed"}{" "}
              <strong className="font-mono text-2xl">
                <Elapsed from={incident.startedAt} until={resolved ? incident.resolvedAt : null} renderedAt={renderedAt} />
              </strong>
            </span>
          </>
        )}
        {/* Keyboard hints are for keyboards: not on a phone. */}
        <span className="hidden text-base text-zinc-600 sm:inline dark:text-zinc-400">
          <Kbd>Shift+S</Kbd> status · <Kbd>Shift+V</Kbd> severity · <Kbd>Shift+C</Kbd> commander · <Kbd>?</Kbd> all shortcuts
        </span>
      </p>
      <IncidentRoles readOnly={readOnly} me={me} />
    </header>
  );
}
