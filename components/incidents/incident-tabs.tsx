"use client";

import Link, { useLinkStatus } from "next/link";
import { SpinnerIcon } from "@/components/ui/icons";
import { usePathname } from "next/navigation";

/** A spinner on the tab that is being opened, until its page is there. */
function TabPending() {
  const { pending } = useLinkStatus();
  return pending ? (
    <span data-tab-pending role="status" className="ml-1.5 inline-flex align-middle">
      <SpinnerIcon size={14} />
      <span className="sr-only">loading</span>
    </span>
  ) : null;
}

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
    // On a phone the tabs scroll inside their own strip instead of widening the page.
    <nav aria-label="Incident sections" className="relative -mx-3 overflow-x-auto border-b border-zinc-200 px-3 sm:mx-0 sm:px-0 dark:border-zinc-800">
      <ul className="flex gap-1 whitespace-nowrap">
        {tabs.map((t) => {
          const current = pathname === t.href || (t.href !== base && pathname.startsWith(`${t.href}/`));
          return (
            <li key={t.href}>
              <Link
                href={t.href}
                aria-current={current ? "page" : undefined}
                className={`-mb-px block border-b-4 px-3 py-2 text-base font-medium sm:px-4 sm:text-lg ${
                  current
                    ? "border-sky-600 text-zinc-900 dark:border-sky-400 dark:text-white"
                    : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white"
                }`}
              >
                {t.label}
                <TabPending />
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
