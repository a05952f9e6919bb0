import { listIncidentRoles } from "@/lib/incident-roles/definitions";
import { IncidentRolesManager } from "@/components/settings/incident-roles-manager";
import { settingsMetadata, settingsPage } from "@/components/settings/settings-page";

export const metadata = settingsMetadata("roles");

export default async function IncidentRolesSettingsPage() {
  return settingsPage("roles", async (actor) => <IncidentRolesManager initialRoles={await listIncidentRoles({ actor })} />);
}
