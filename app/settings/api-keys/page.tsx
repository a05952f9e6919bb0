import { listApiKeys } from "@/lib/auth/api-keys";
import { ApiKeysManager } from "@/components/settings/api-keys-manager";
import { settingsMetadata, settingsPage } from "@/components/settings/settings-page";
import { listToWire } from "@/lib/wire";
import { zApiKeyJson } from "@/components/settings/api";

export const metadata = settingsMetadata("api-keys");

export default async function ApiKeysSettingsPage() {
  return settingsPage("api-keys", async (actor) => <ApiKeysManager initialKeys={listToWire(zApiKeyJson, await listApiKeys({ actor }))} />);
}
