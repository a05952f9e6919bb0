import Link from "next/link";
import type { IncidentJson } from "@/lib/incidents/wire";
import type { ActionItemCounts as Counts } from "@/lib/action-items/counts";
import { ActionItemCounts } from "@/components/action-items/action-item-counts";
import { formatUtcDate, formatUtcHourMinute } from "@/lib/time-format";
import { SeverityBadge, StatusBadge } from "./badges";
import { Elapsed } from "./elapsed";

const NO_ITEMS: Counts = { open: 0, overdue: 0 };

/** The incident list: newest first, each row opens the incident. */
export function IncidentTable({
  incidents,
  actionItemCounts,
  renderedAt,
  fresh,
}: {
  incidents: IncidentJson[];
  /** Open/overdue action items by incident id. */
  actionItemCounts: Record<string, Counts>;
  renderedAt: string;
  /** Incidents that arrived live while the list was open: marked until the page is reloaded. */
  fresh?: ReadonlySet<string>;
}) {
  if (incidents.length === 0) {
    return <p className="rounded-lg border border-dashed border-zinc-300 p-6 text-center text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">No incidents match.</p>;
  }
  return (
    // A wide table scrolls inside its own box; the page never scrolls sideways.
    <div className="relative overflow-x-auto">
      <table className="w-full min-w-[44rem] border-collapse text-left">
        <caption className="sr-only">Incidents, newest first</caption>
        <thead>
          <tr className="border-b-2 border-zinc-300 text-base text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
            <th scope="col" className="py-2 pr-4 font-semibold">Number</th>
            <th scope="col" className="py-2 pr-4 font-semibold">Title</th>
            <th scope="col" className="py-2 pr-4 font-semibold">Severity</th>
            <th scope="col" className="py-2 pr-4 font-semibold">Status</th>
            <th scope="col" className="py-2 pr-4 font-semibold">Started (UTC)</th>
            <th scope="col" className="py-2 pr-4 font-semibold">Duration</th>
            <th scope="col" className="py-2 font-semibold">Action items</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((i) => (
            <tr
              key={i.id}
              data-incident-row={i.key}
              data-status={i.status}
              data-new={fresh?.has(i.id) ? "true" : undefined}
              className={`border-b border-zinc-200 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-900 ${fresh?.has(i.id) ? "bg-sky-50 dark:bg-sky-950/40" : ""}`}
            >
              <td className="py-3 pr-4 font-mono font-semibold whitespace-nowrap">
                <Link href={`/incidents/${i.number}`} className="underline-offset-4 hover:underline">
                  {i.key}
                </Link>
              </td>
              <td className="py-3 pr-4">
                <Link href={`/incidents/${i.number}`} className="font-medium underline-offset-4 hover:underline">
                  {i.title}
                </Link>
                {fresh?.has(i.id) ? <span className="ml-2 rounded bg-sky-700 px-1.5 py-0.5 text-xs font-semibold text-white">new</span> : null}
              </td>
              <td className="py-3 pr-4">
                <SeverityBadge severity={i.severity} />
              </td>
              <td className="py-3 pr-4">
                <StatusBadge status={i.status} />
              </td>
              <td className="py-3 pr-4 font-mono whitespace-nowrap">
                {i.startedAt === null ? (
                  <span className="text-zinc-500">unknown</span>
                ) : (
                  <time dateTime={i.startedAt}>
                    {formatUtcDate(i.startedAt)} {formatUtcHourMinute(i.startedAt)}
                  </time>
                )}
              </td>
              <td className="py-3 pr-4 font-mono whitespace-nowrap">
                {i.startedAt === null ? (
                  <span className="text-zinc-500">—</span>
                ) : i.status === "resolved" && i.resolvedAt ? (
                  <Elapsed from={i.startedAt} until={i.resolvedAt} renderedAt={renderedAt} />
                ) : (
                  <span>
                    <Elapsed from={i.startedAt} renderedAt={renderedAt} /> <span className="text-sm text-zinc-500">ongoing</span>
                  </span>
                )}
              </td>
              <td className="py-3 whitespace-nowrap">
                <ActionItemCounts {...(actionItemCounts[i.id] ?? NO_ITEMS)} href={`/incidents/${i.number}/action-items`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
