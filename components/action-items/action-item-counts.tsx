import Link from "next/link";

/**
 * "3 open · 1 overdue" for an incident list row or header. No hooks, plain
 * props: renders in server and client components alike.
 */
export function ActionItemCounts({ open, overdue, href }: { open: number; overdue: number; href?: string }) {
  const spoken = `${open} open action item${open === 1 ? "" : "s"}${overdue ? `, ${overdue} overdue` : ""}`;
  const tone =
    overdue > 0
      ? "border-red-300 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
      : open > 0
        ? "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        : "border-zinc-300 bg-zinc-50 text-zinc-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-400";
  // The visible words are the accessible ones; the dot is decoration.
  const body = (
    <>
      <span>{open} open</span>
      {overdue > 0 ? (
        <>
          <span aria-hidden="true">·</span>
          <span className="font-semibold">{overdue} overdue</span>
        </>
      ) : null}
    </>
  );
  const className = `inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-sm ${tone}`;
  return href ? (
    <Link href={href} className={`${className} hover:underline`} title={spoken} data-testid="action-item-counts">
      {body}
    </Link>
  ) : (
    <span className={className} title={spoken} data-testid="action-item-counts">
      {body}
    </span>
  );
}
