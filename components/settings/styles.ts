/** Shared class names of the settings screens (Tailwind). */
export const field = "w-full rounded-md border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-600 dark:bg-zinc-900";
export const labelText = "text-sm font-medium text-zinc-700 dark:text-zinc-300";
export const th = "border-b border-zinc-200 px-2 py-2 font-semibold dark:border-zinc-700";
export const td = "px-2 py-2 align-top";
