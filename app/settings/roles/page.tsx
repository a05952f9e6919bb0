import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/current-actor";
import { listIncidentRoles } from "@/lib/incident-roles/definitions";
import { NotAllowed } from "@/components/settings/not-allowed";
import { SettingsHeader } from "@/components/settings/settings-nav";
import { IncidentRolesManager } from "@/components/settings/incident-roles-manager";
import { can } from "@/lib/auth/capabilities";

export const metadata: Metadata = { title: "Incident roles" };

export default async function IncidentRolesSettingsPage() {
  const actor = await currentActor();
  if (!can(actor, "incident_roles.manage")) return <NotAllowed role={actor.role} />;
  const roles = await listIncidentRoles({ actor });
  return (
    <div className="space-y-6">
      <SettingsHeader current="roles" title="Incident roles" />
      <IncidentRolesManager initialRoles={roles} />
    </div>
  );
}
