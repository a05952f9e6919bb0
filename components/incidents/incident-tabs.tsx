"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** Timeline / Postmortem / Action items / Audit of one incident; the current one is marked for assistive tech too. */
export function IncidentTabs({ number }: { number: number }) {
  const pathname = usePathname();
  const base = `/incidents/${number}`;
  const tabs = [
    { href: base, label: "Timeline" },
    { href: `${base}/postmortem`, label: "Postmortem" },
    { href: `${base}/action-items`, label: "Action items" },
    { href: `${base}/audit`, label: "Audit" },
  ];
  return (
    <nav aria-label="Incident sections" className="border-b border-zinc-200 dark:border-zinc-800">
      <ul className="flex gap-1">
        {tabs.map((t) => {
          const current = pathname === t.href || (t.href !== base && pathname.startsWith(`${t.href}/`));
          return (
            <li key={t.href}>
              <Link
                href={t.href}
                aria-current={current ? "page" : undefined}
                className={`-mb-px block border-b-4 px-4 py-2 text-lg font-medium ${
                  current
                    ? "border-sky-600 text-zinc-900 dark:border-sky-400 dark:text-white"
                    : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white"
                }`}
              >
                {t.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
