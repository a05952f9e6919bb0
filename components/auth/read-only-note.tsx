/** Shown where a viewer would otherwise see write controls that could only fail. */
export function ReadOnlyNote({ className = "" }: { className?: string }) {
  return (
    <p
      data-testid="read-only-note"
      className={`rounded-md border border-zinc-300 bg-zinc-50 px-3 py-2 text-zinc-700 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300 ${className}`}
    >
      Read-only: your role is viewer.
    </p>
  );
}
