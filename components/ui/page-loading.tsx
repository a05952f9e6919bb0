import { SpinnerIcon } from "./icons";

/**
 * What a page shows while the next one is on its way (app/**\/loading.tsx):
 * says so in words, for eyes and screen readers, at once.
 */
export function PageLoading({ what = "Loading…" }: { what?: string }) {
  return (
    <div role="status" aria-live="polite" data-page-loading className="space-y-4 py-4">
      <p className="flex items-center gap-2 text-lg text-zinc-600 dark:text-zinc-400">
        <SpinnerIcon size={20} />
        {what}
      </p>
      <div aria-hidden="true" className="space-y-3">
        <div className="h-5 w-2/3 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
        <div className="h-5 w-1/2 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
        <div className="h-5 w-3/5 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
      </div>
    </div>
  );
}
