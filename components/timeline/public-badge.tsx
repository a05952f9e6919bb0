import { PublicIcon } from "@/components/ui/icons";

/**
 * How a public update is marked wherever entries are listed: a word and a
 * symbol (never colour alone), in the violet that frames the public entry
 * box. Internal is the default and carries no badge.
 */
export function PublicBadge({ className = "" }: { className?: string }) {
  return (
    <span
      data-public-badge
      title="Public update: shown on the status page"
      className={`inline-block rounded border border-violet-700 bg-violet-100 px-1.5 py-0.5 text-sm font-semibold text-violet-900 dark:border-violet-300 dark:bg-violet-950 dark:text-violet-100 ${className}`}
    >
      <PublicIcon className="mr-1" />
      Public
    </span>
  );
}

/** The row frame of a public entry, beside the badge. */
export const PUBLIC_ROW_CLASS = "border-l-4 border-l-violet-600 dark:border-l-violet-400";
