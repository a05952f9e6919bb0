import Link from "next/link";
import type { Actor } from "@/lib/auth/actor";
import { SignOutButton } from "./sign-out-button";

/** Who is signed in (a link to their account page), their role, and the way out. */
export function UserMenu({ actor }: { actor: Actor }) {
  return (
    <div className="ml-auto flex items-center gap-2 text-sm">
      {actor.role === "admin" ? (
        <Link href="/settings" className="rounded-md px-2 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800">
          Settings
        </Link>
      ) : null}
      <Link href="/account" title="Your account: name and password" className="rounded-md px-2 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800">
        <span data-testid="signed-in-as">
          {actor.name} <span className="text-zinc-500">({actor.role})</span>
        </span>
      </Link>
      <SignOutButton />
    </div>
  );
}
