import Link from "next/link";
import type { SettingsSectionId, VisibleSettingsSection } from "./sections";

/** The settings heading and the sections the actor may open; `current` is marked for assistive tech too. */
export function SettingsHeader({ current, title, sections }: { current?: SettingsSectionId; title: string; sections: VisibleSettingsSection[] }) {
  return (
    <div className="space-y-3">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        <Link href="/settings" className="underline-offset-4 hover:underline">
          Settings
        </Link>
      </p>
      <h1 className="text-3xl font-bold tracking-tight">{title}</h1>
      <nav aria-label="Settings sections" className="-mx-3 overflow-x-auto border-b border-zinc-200 px-3 sm:mx-0 sm:px-0 dark:border-zinc-800">
        <ul className="flex gap-1 whitespace-nowrap">
          {sections.map((p) => (
            <li key={p.id}>
              <Link
                href={p.href}
                aria-current={current === p.id ? "page" : undefined}
                className={`-mb-px block border-b-4 px-4 py-2 font-medium ${
                  current === p.id
                    ? "border-sky-600 text-zinc-900 dark:border-sky-400 dark:text-white"
                    : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white"
                }`}
              >
                {p.title}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
