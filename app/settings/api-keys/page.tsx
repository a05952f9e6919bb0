import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/current-actor";
import { listApiKeys } from "@/lib/auth/api-keys";
import { NotAllowed } from "@/components/settings/not-allowed";
import { SettingsHeader } from "@/components/settings/settings-nav";
import { ApiKeysManager } from "@/components/settings/api-keys-manager";
import { listToWire } from "@/lib/wire";
import { zApiKeyJson } from "@/components/settings/api";
import { can } from "@/lib/auth/capabilities";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysSettingsPage() {
  const actor = await currentActor();
  if (!can(actor, "api_keys.manage")) return <NotAllowed role={actor.role} />;
  const keys = await listApiKeys({ actor });
  return (
    <div className="space-y-6">
      <SettingsHeader current="api-keys" title="API keys" />
      <ApiKeysManager initialKeys={listToWire(zApiKeyJson, keys)} />
    </div>
  );
}
