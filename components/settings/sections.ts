import { can, type Capability } from "@/lib/auth/capabilities";
import type { Role } from "@/lib/auth/actor";

type SettingsSection = { href: string; title: string; text: string; needs: Capability };

/**
 * The settings pages, each with the capability that opens it. The header's
 * Settings link, the landing page, the section tabs and each page's own
 * check all read this one table, so they cannot disagree about who sees what.
 */
export const SETTINGS_SECTIONS = {
  users: { href: "/settings/users", title: "Users", text: "Create accounts, set roles, sign someone out everywhere.", needs: "users.manage" },
  "api-keys": {
    href: "/settings/api-keys",
    title: "API keys",
    text: "Keys for scripts and bots: create (shown once), see when they were last used, revoke.",
    needs: "api_keys.manage",
  },
  roles: {
    href: "/settings/roles",
    title: "Incident roles",
    text: "The roles people take during an incident: rename the built-in ones, add your own.",
    needs: "incident_roles.manage",
  },
  audit: { href: "/settings/audit", title: "Audit log", text: "Who changed what, when, across the whole instance.", needs: "audit.read_all" },
  backups: { href: "/settings/backups", title: "Backups", text: "When the last encrypted backup ran, its size and result, and the next one.", needs: "backups.manage" },
} as const satisfies Record<string, SettingsSection>;

export type SettingsSectionId = keyof typeof SETTINGS_SECTIONS;

/** The order of the tabs and of the landing page's cards. */
const ORDER: readonly SettingsSectionId[] = ["users", "api-keys", "roles", "audit", "backups"];

export type VisibleSettingsSection = SettingsSection & { id: SettingsSectionId };

/** The sections this actor may open, in order (none: no Settings link at all). */
export function settingsSectionsFor(actor: { role: Role }): VisibleSettingsSection[] {
  return ORDER.map((id) => ({ id, ...SETTINGS_SECTIONS[id] })).filter((s) => can(actor, s.needs));
}
