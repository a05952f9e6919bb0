/** Shared class names of the action-item screens (Tailwind). */
export const btn = {
  primary:
    "inline-flex items-center gap-1 rounded-md bg-sky-700 px-3 py-1.5 font-medium text-white hover:bg-sky-600 disabled:cursor-not-allowed disabled:bg-zinc-400 dark:bg-sky-600 dark:hover:bg-sky-500 dark:disabled:bg-zinc-700",
  secondary:
    "inline-flex items-center gap-1 rounded-md border border-zinc-300 bg-white px-3 py-1.5 font-medium text-zinc-900 hover:bg-zinc-100 disabled:cursor-not-allowed disabled:opacity-60 dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800",
  ghost: "inline-flex items-center gap-1 rounded-md px-2 py-1 text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
  small: "text-sm",
};

export const input =
  "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-zinc-900 placeholder:text-zinc-400 dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-100";

export const label = "block text-sm font-medium text-zinc-700 dark:text-zinc-300";

export const fieldError = "mt-1 text-sm text-red-700 dark:text-red-400";
