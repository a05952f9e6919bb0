import Link from "next/link";
import type { Role } from "@/lib/auth/actor";

/** What a signed-in non-admin sees on a settings page. */
export function NotAllowed({ role }: { role: Role }) {
  return (
    <section aria-labelledby="not-allowed" className="mx-auto max-w-xl space-y-3 py-10">
      <h1 id="not-allowed" className="text-3xl font-bold">
        Not allowed
      </h1>
      <p className="text-lg">
        Settings are for admins. Your role is <strong>{role}</strong>; ask an admin of this instance if you need a change.
      </p>
      <p>
        <Link href="/incidents" className="text-sky-700 underline dark:text-sky-400">
          Back to incidents
        </Link>
      </p>
    </section>
  );
}
