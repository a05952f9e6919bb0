import type { Metadata } from "next";
import Link from "next/link";
import { currentActor } from "@/lib/auth/current-actor";
import { NotAllowed } from "@/components/settings/not-allowed";
import { SettingsHeader } from "@/components/settings/settings-nav";
import { settingsSectionsFor } from "@/components/settings/sections";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const actor = await currentActor();
  const sections = settingsSectionsFor(actor);
  if (sections.length === 0) return <NotAllowed role={actor.role} />;
  return (
    <div className="space-y-6">
      <SettingsHeader title="Settings" sections={sections} />
      <ul className="grid gap-4 sm:grid-cols-3">
        {sections.map((s) => (
          <li key={s.href} className="min-w-0 rounded-lg border border-zinc-200 p-4 break-words dark:border-zinc-800">
            <Link href={s.href} className="text-lg font-semibold text-sky-700 underline-offset-4 hover:underline dark:text-sky-400">
              {s.title}
            </Link>
            <p className="mt-1 text-zinc-600 dark:text-zinc-400">{s.text}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
