import type { Metadata } from "next";
import Link from "next/link";
import { currentActor } from "@/lib/auth/current-actor";
import { can, type Capability } from "@/lib/auth/capabilities";
import { NotAllowed } from "@/components/settings/not-allowed";
import { SettingsHeader } from "@/components/settings/settings-nav";

export const metadata: Metadata = { title: "Settings" };

const SECTIONS: { href: string; title: string; text: string; needs: Capability }[] = [
  { href: "/settings/users", title: "Users", text: "Create accounts, set roles, sign someone out everywhere.", needs: "users.manage" },
  { href: "/settings/api-keys", title: "API keys", text: "Keys for scripts and bots: create (shown once), see when they were last used, revoke.", needs: "api_keys.manage" },
  { href: "/settings/roles", title: "Incident roles", text: "The roles people take during an incident: rename the built-in ones, add your own.", needs: "incident_roles.manage" },
  { href: "/settings/audit", title: "Audit log", text: "Who changed what, when, across the whole instance.", needs: "audit.read_all" },
  { href: "/settings/backups", title: "Backups", text: "When the last encrypted backup ran, its size and result, and the next one.", needs: "backups.manage" },
];

export default async function SettingsPage() {
  const actor = await currentActor();
  const sections = SECTIONS.filter((s) => can(actor, s.needs));
  if (sections.length === 0) return <NotAllowed role={actor.role} />;
  return (
    <div className="space-y-6">
      <SettingsHeader title="Settings" />
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
