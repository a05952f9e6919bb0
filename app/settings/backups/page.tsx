import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/current-actor";
import { getBackupOverview } from "@/lib/backup/overview";
import { NotAllowed } from "@/components/settings/not-allowed";
import { SettingsHeader } from "@/components/settings/settings-nav";
import { BackupsPanel } from "@/components/settings/backups-panel";
import { can } from "@/lib/auth/capabilities";

export const metadata: Metadata = { title: "Backups" };
export const dynamic = "force-dynamic";

export default async function BackupsSettingsPage() {
  const actor = await currentActor();
  if (!can(actor, "backups.manage")) return <NotAllowed role={actor.role} />;
  return (
    <div className="space-y-6">
      <SettingsHeader current="backups" title="Backups" />
      <BackupsPanel overview={await getBackupOverview({ actor })} />
    </div>
  );
}
