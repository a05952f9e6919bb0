"use client";

import { formatDuration } from "@/lib/time-format";
import { useNow } from "@/components/ui/use-now";

/**
 * Time since `from`, ticking every second; frozen at `until` when given
 * (a resolved incident). `renderedAt` is the server's clock at render, so
 * the first paint matches the server HTML.
 */
export function Elapsed({ from, until, renderedAt }: { from: string; until?: string | null; renderedAt: string }) {
  const now = useNow(renderedAt);
  const end = until ? Date.parse(until) : now;
  return (
    <time dateTime={`PT${Math.max(0, Math.floor((end - Date.parse(from)) / 1000))}S`} className="tabular-nums">
      {formatDuration(end - Date.parse(from))}
    </time>
  );
}
