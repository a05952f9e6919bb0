import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/current-actor";
import { loadIncidentByNumberParam } from "../load-incident";
import { listActionItems } from "@/lib/action-items/service";
import { getActionItemCounts } from "@/lib/action-items/counts";
import { canCompletePostmortem } from "@/lib/postmortem/complete";
import { listLinkableFactors } from "@/lib/action-items/factors";
import { listQueryOf, parseTableUrl } from "@/lib/action-items/url-state";
import { listToWire } from "@/lib/wire";
import { zActionItemJson } from "@/lib/action-items/wire";
import type { ActionItemSort } from "@/lib/action-items/schemas";
import { ActionItemsTable } from "@/components/action-items/action-items-table";
import { ActionItemCounts } from "@/components/action-items/action-item-counts";
import { CompletePostmortem } from "@/components/action-items/complete-postmortem";
import { NewActionItemButton } from "@/components/action-items/new-action-item-button";
import { ReadOnlyNote } from "@/components/auth/read-only-note";
import { can } from "@/lib/auth/capabilities";

type Params = Promise<{ number: string }>;
// The incident is fixed by the path; its columns would repeat on every row.
const DEFAULT_HIDDEN: ActionItemSort[] = ["incident", "severity"];
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const incident = await loadIncidentByNumberParam((await params).number);
  return { title: `${incident.key} action items` };
}

/** One incident's action items: create, edit, bulk-change, and complete the postmortem. */
export default async function IncidentActionItemsPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const actor = await currentActor();
  // Cached per request: the incident layout loads the same incident.
  const incident = await loadIncidentByNumberParam((await params).number);
  const state = parseTableUrl(await searchParams, { fixed: ["incident"], defaultHidden: DEFAULT_HIDDEN });
  const [list, counts, completion, factors] = await Promise.all([
    listActionItems({ query: { ...listQueryOf(state.params), incident: incident.id }, actor }),
    getActionItemCounts({ incidentIds: [incident.id], actor }),
    canCompletePostmortem({ incidentId: incident.id, actor }),
    listLinkableFactors({ incidentId: incident.id, actor }),
  ]);
  const count = counts[incident.id] ?? { open: 0, overdue: 0 };
  const readOnly = !can(actor, "action_items.write");
  return (
    <div className="space-y-4">
      {/* The incident header and tabs come from the incident layout. */}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <h2 className="text-xl font-semibold">Action items</h2>
          <ActionItemCounts open={count.open} overdue={count.overdue} />
          <span className="text-sm text-zinc-600 dark:text-zinc-400">Postmortem: {incident.postmortemStatus.replace("_", " ")}</span>
        </div>
        {readOnly ? <ReadOnlyNote /> : <NewActionItemButton incidentId={incident.id} factors={factors} />}
      </div>
      <ActionItemsTable
        items={listToWire(zActionItemJson, list.items)}
        total={list.total}
        state={state}
        basePath={`/incidents/${incident.number}/action-items`}
        exportParams={{ incident: incident.id }}
        factors={factors}
        defaultHidden={DEFAULT_HIDDEN}
        scope="incident"
        caption={`Action items of ${incident.key}`}
        readOnly={readOnly}
      />
      {readOnly ? null : <CompletePostmortem incidentId={incident.id} postmortemStatus={incident.postmortemStatus} blocking={completion.blocking} />}
    </div>
  );
}
