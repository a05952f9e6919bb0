import Link from "next/link";
import type { Actor } from "@/lib/auth/actor";
import { settingsSectionsFor } from "@/components/settings/sections";
import { SignOutButton } from "./sign-out-button";

/** Who is signed in (a link to their account page), their role, and the way out; Settings when a section of it is theirs to open. */
export function UserMenu({ actor }: { actor: Actor }) {
  return (
    <div className="ml-auto flex min-w-0 items-center gap-1 text-sm sm:ml-0 sm:gap-2">
      {settingsSectionsFor(actor).length > 0 ? (
        <Link href="/settings" className="rounded-md px-2 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800">
          Settings
        </Link>
      ) : null}
      <Link href="/account" title="Your account: name and password" className="rounded-md px-2 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800">
        <span data-testid="signed-in-as" className="inline-block max-w-[12rem] truncate align-bottom">
          {actor.name} <span className="text-zinc-500">({actor.role})</span>
        </span>
      </Link>
      <SignOutButton />
    </div>
  );
}
