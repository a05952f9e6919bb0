import { listUsers } from "@/lib/auth/users";
import { UsersManager } from "@/components/settings/users-manager";
import { settingsMetadata, settingsPage } from "@/components/settings/settings-page";
import { listToWire } from "@/lib/wire";
import { zUserJson } from "@/components/settings/api";

export const metadata = settingsMetadata("users");

export default async function UsersSettingsPage() {
  return settingsPage("users", async (actor) => (
    <UsersManager initialUsers={listToWire(zUserJson, await listUsers({ actor }))} currentUserId={actor.id} />
  ));
}
