import type { Metadata } from "next";
import type { ReactNode } from "react";
import { currentActor } from "@/lib/auth/current-actor";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/capabilities";
import { NotAllowed } from "./not-allowed";
import { SettingsHeader } from "./settings-nav";
import { SETTINGS_SECTIONS, settingsSectionsFor, type SettingsSectionId } from "./sections";

/** The browser title of a settings page: its section's name. */
export function settingsMetadata(id: SettingsSectionId): Metadata {
  return { title: SETTINGS_SECTIONS[id].title };
}

/**
 * The frame of every settings page: the signed-in actor, the section's
 * capability check (Not allowed, before any data is read), the heading and
 * the tabs, then what `body` renders for that actor.
 */
export async function settingsPage(id: SettingsSectionId, body: (actor: Actor) => Promise<ReactNode> | ReactNode): Promise<ReactNode> {
  const actor = await currentActor();
  if (!can(actor, SETTINGS_SECTIONS[id].needs)) return <NotAllowed role={actor.role} />;
  return (
    <div className="space-y-6">
      <SettingsHeader current={id} title={SETTINGS_SECTIONS[id].title} sections={settingsSectionsFor(actor)} />
      {await body(actor)}
    </div>
  );
}
