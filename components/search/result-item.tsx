import { formatUtcDateTime } from "@/lib/time-format";
import type { SearchResultJson } from "./api";
import { SnippetText } from "./snippet-text";

/** What a result is and where it sits: "Timeline entry · 2026-03-03 09:12:00 UTC", "Root cause", "Action item · Add alert". */
export function resultHeading(r: SearchResultJson): string {
  const parts = [r.label];
  if (r.type === "event" && r.occurredAt) parts.push(`${formatUtcDateTime(r.occurredAt)} UTC`);
  if (r.title && r.field !== "title" && r.field !== "service" && r.field !== "statusLabel" && r.type !== "incident" && r.label !== r.title) parts.push(r.title);
  return parts.join(" · ");
}

/** One result's text: what it is, then the snippet with matches marked. */
export function ResultBody({ result }: { result: SearchResultJson }) {
  return (
    <>
      <span className="block text-sm font-medium text-zinc-600 dark:text-zinc-400">{resultHeading(result)}</span>
      <span className="block break-words">
        {result.snippet ? <SnippetText text={result.snippet} highlights={result.highlights} /> : <em className="text-zinc-500">(empty)</em>}
      </span>
    </>
  );
}
