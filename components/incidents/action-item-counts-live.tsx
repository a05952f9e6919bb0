"use client";

import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { usePathname } from "next/navigation";
import { ActionItemCounts } from "@/components/action-items/action-item-counts";
import { actionItemsApi } from "@/components/action-items/api";
import { requiredContext } from "@/components/ui/required-context";

type Counts = { open: number; overdue: number };

type CountsLive = {
  counts: Counts;
  /** Ask the server again, e.g. after this page created an item. */
  refresh: () => void;
};

const [CountsContext, useIncidentActionItemCounts] = requiredContext<CountsLive>("useIncidentActionItemCounts", "IncidentActionItemCountsProvider");
export { useIncidentActionItemCounts };

/**
 * One incident's open/overdue action-item counts for the header. Items do
 * not travel on the live stream, so the counts are fetched again when this
 * page changes items and when the viewer switches tabs (layouts are not
 * re-rendered by navigation between their pages); a router refresh brings
 * new server counts too.
 */
export function IncidentActionItemCountsProvider({
  incidentId,
  initialCounts,
  children,
}: {
  incidentId: string;
  initialCounts: Counts;
  children: ReactNode;
}) {
  const [counts, setCounts] = useState(initialCounts);
  // A router refresh renders the layout again with newer server counts: take them.
  const [serverCounts, setServerCounts] = useState(initialCounts);
  if (serverCounts !== initialCounts) {
    setServerCounts(initialCounts);
    setCounts(initialCounts);
  }

  // Answers can arrive out of order; only the latest request may set the counts.
  const latestRequest = useRef(0);
  const refresh = useCallback(() => {
    const request = ++latestRequest.current;
    // A failure keeps the last known counts; the connection indicator already says when the server is unreachable.
    void actionItemsApi.counts(incidentId).then((res) => {
      if (res.ok && request === latestRequest.current) setCounts(res.data.counts);
    });
  }, [incidentId]);

  // Not on the first render: the server counts are fresh then.
  const pathname = usePathname();
  const shownPath = useRef(pathname);
  useEffect(() => {
    if (pathname === shownPath.current) return;
    shownPath.current = pathname;
    refresh();
  }, [pathname, refresh]);

  const value = useMemo(() => ({ counts, refresh }), [counts, refresh]);
  return <CountsContext.Provider value={value}>{children}</CountsContext.Provider>;
}

/**
 * The header's counts badge, linking to the action-items tab. That tab shows
 * the same badge beside its own heading, so the header leaves it out there
 * rather than say it twice.
 */
export function IncidentHeaderActionItemCounts({ number }: { number: number }) {
  const { counts } = useIncidentActionItemCounts();
  const pathname = usePathname();
  // By segment, not by href: /incidents/INC-7/action-items is the same tab.
  if (/\/action-items(?:\/|$)/.test(pathname)) return null;
  return <ActionItemCounts open={counts.open} overdue={counts.overdue} href={`/incidents/${number}/action-items`} />;
}
