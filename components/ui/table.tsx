import type { ComponentProps } from "react";

/** A header cell of the app's plain tables (settings, backups). */
export function Th({ className = "", ...props }: ComponentProps<"th">) {
  return <th className={`border-b border-zinc-200 px-2 py-2 font-semibold dark:border-zinc-700 ${className}`} {...props} />;
}

export function Td({ className = "", ...props }: ComponentProps<"td">) {
  return <td className={`px-2 py-2 align-top ${className}`} {...props} />;
}
