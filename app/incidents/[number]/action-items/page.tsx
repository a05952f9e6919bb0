import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";
import { currentActor } from "@/lib/auth/request-actor";
import { getIncidentByNumber } from "@/lib/incidents/service";
import { listActionItemOwners, listActionItems } from "@/lib/action-items/service";
import { getActionItemCounts } from "@/lib/action-items/counts";
import { canCompletePostmortem } from "@/lib/action-items/complete";
import { listLinkableFactors } from "@/lib/action-items/factors";
import { listQueryOf, parseTableUrl } from "@/lib/action-items/url-state";
import { toActionItemView } from "@/lib/action-items/view";
import type { ActionItemSort } from "@/lib/action-items/schemas";
import { ActionItemsTable } from "@/components/action-items/action-items-table";
import { ActionItemCounts } from "@/components/action-items/action-item-counts";
import { CompletePostmortem } from "@/components/action-items/complete-postmortem";
import { NewActionItemButton } from "@/components/action-items/new-action-item-button";

type Params = Promise<{ number: string }>;
// The incident is fixed by the path; its columns would repeat on every row.
const DEFAULT_HIDDEN: ActionItemSort[] = ["incident", "severity"];
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** "7" or "INC-7" → 7; anything else is not an incident URL. */
function incidentNumber(segment: string): number {
  const n = /^(?:inc-)?(\d{1,9})$/i.exec(decodeURIComponent(segment))?.[1];
  if (!n) notFound();
  return Number(n);
}

async function loadIncident(segment: string) {
  try {
    return await getIncidentByNumber({ number: incidentNumber(segment), actor: await currentActor() });
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const n = /^(?:inc-)?(\d{1,9})$/i.exec((await params).number)?.[1];
  return { title: n ? `INC-${n} action items` : "Action items" };
}

/** One incident's action items: create, edit, bulk-change, and complete the postmortem. */
export default async function IncidentActionItemsPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const actor = await currentActor();
  const incident = await loadIncident((await params).number);
  const state = parseTableUrl(await searchParams, { fixed: ["incident"], defaultHidden: DEFAULT_HIDDEN });
  const [list, owners, counts, completion, factors] = await Promise.all([
    listActionItems({ query: { ...listQueryOf(state.params), incident: incident.id }, actor }),
    listActionItemOwners({ actor }),
    getActionItemCounts({ incidentIds: [incident.id], actor }),
    canCompletePostmortem({ incidentId: incident.id, actor }),
    listLinkableFactors({ incidentId: incident.id, actor }),
  ]);
  const count = counts[incident.id] ?? { open: 0, overdue: 0 };
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            <Link href={`/incidents/${incident.number}`} className="underline">
              {incident.key}
            </Link>{" "}
            · {incident.severity} · postmortem {incident.postmortemStatus.replace("_", " ")}
          </p>
          <h1 className="text-2xl font-bold">Action items: {incident.title}</h1>
          <div className="mt-1">
            <ActionItemCounts open={count.open} overdue={count.overdue} />
          </div>
        </div>
        <NewActionItemButton incidentId={incident.id} owners={owners} factors={factors} />
      </div>
      <ActionItemsTable
        items={list.items.map(toActionItemView)}
        total={list.total}
        state={state}
        basePath={`/incidents/${incident.number}/action-items`}
        owners={owners}
        exportParams={{ incident: incident.id }}
        factors={factors}
        defaultHidden={DEFAULT_HIDDEN}
        caption={`Action items of ${incident.key}`}
      />
      <CompletePostmortem incidentId={incident.id} postmortemStatus={incident.postmortemStatus} blocking={completion.blocking} />
    </div>
  );
}
