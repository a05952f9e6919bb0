import { getBackupOverview } from "@/lib/backup/overview";
import { BackupsPanel } from "@/components/settings/backups-panel";
import { settingsMetadata, settingsPage } from "@/components/settings/settings-page";

export const metadata = settingsMetadata("backups");
export const dynamic = "force-dynamic";

export default async function BackupsSettingsPage() {
  return settingsPage("backups", async (actor) => <BackupsPanel overview={await getBackupOverview({ actor })} />);
}
