import type { ComponentProps, ReactNode } from "react";

/** A header cell of the app's plain tables (settings, backups). */
export function Th({ className = "", ...props }: ComponentProps<"th">) {
  return <th className={`border-b border-zinc-200 px-2 py-2 font-semibold dark:border-zinc-700 ${className}`} {...props} />;
}

export function Td({ className = "", ...props }: ComponentProps<"td">) {
  return <td className={`px-2 py-2 align-top ${className}`} {...props} />;
}

/** A row of those tables. */
export const rowClass = "border-b border-zinc-100 dark:border-zinc-800";

/**
 * One of the app's plain tables in its scrolling, bordered box: the caption
 * for assistive tech, one header row (with `actions`, a last column of
 * buttons whose header only screen readers hear), then the rows.
 */
export function PlainTable({ caption, headers, actions = false, children }: { caption: string; headers: readonly string[]; actions?: boolean; children: ReactNode }) {
  return (
    <div className="relative overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-700">
      <table className="w-full border-collapse text-left">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-zinc-50 dark:bg-zinc-900">
          <tr>
            {headers.map((h) => (
              <Th key={h} scope="col">
                {h}
              </Th>
            ))}
            {actions ? (
              <Th scope="col">
                <span className="sr-only">Actions</span>
              </Th>
            ) : null}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
