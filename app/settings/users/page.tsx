import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/current-actor";
import { listUsers } from "@/lib/auth/users";
import { NotAllowed } from "@/components/settings/not-allowed";
import { SettingsHeader } from "@/components/settings/settings-nav";
import { UsersManager } from "@/components/settings/users-manager";
import { listToWire } from "@/lib/wire";
import { zUserJson } from "@/components/settings/api";
import { can } from "@/lib/auth/capabilities";

export const metadata: Metadata = { title: "Users" };

export default async function UsersSettingsPage() {
  const actor = await currentActor();
  if (!can(actor, "users.manage")) return <NotAllowed role={actor.role} />;
  const users = await listUsers({ actor });
  return (
    <div className="space-y-6">
      <SettingsHeader current="users" title="Users" />
      <UsersManager initialUsers={listToWire(zUserJson, users)} currentUserId={actor.id} />
    </div>
  );
}
