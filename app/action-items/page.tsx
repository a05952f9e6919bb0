import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/current-actor";
import { listActionItems } from "@/lib/action-items/service";
import { listQueryOf, parseTableUrl } from "@/lib/action-items/url-state";
import { listToWire } from "@/lib/wire";
import { zActionItemJson } from "@/lib/action-items/wire";
import { ActionItemsTable } from "@/components/action-items/action-items-table";
import { can } from "@/lib/auth/capabilities";

export const metadata: Metadata = { title: "Action items" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Every action item across incidents; the URL holds the whole table state. */
export default async function ActionItemsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await currentActor();
  const state = parseTableUrl(await searchParams);
  const list = await listActionItems({ query: listQueryOf(state.params), actor });
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">Action items</h1>
        <p className="text-zinc-600 dark:text-zinc-400">Every remediation item across incidents, tracked until it is closed.</p>
      </div>
      <ActionItemsTable
        items={listToWire(zActionItemJson, list.items)}
        total={list.total}
        state={state}
        basePath="/action-items"
        caption="Action items across incidents"
        readOnly={!can(actor, "action_items.write")}
      />
    </div>
  );
}
