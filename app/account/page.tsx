import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/current-actor";
import { getOwnAccount } from "@/lib/auth/account";
import { ChangePasswordForm, NameForm } from "@/components/auth/account-forms";
import { can } from "@/lib/auth/capabilities";

export const metadata: Metadata = { title: "Your account" };

// The signed-in person's own name and password.
export default async function AccountPage() {
  const actor = await currentActor();
  const me = await getOwnAccount({ actor });
  return (
    <section className="max-w-xl space-y-8">
      <div className="space-y-1">
        <h1 className="text-3xl font-bold tracking-tight">Your account</h1>
        <p className="text-zinc-600 dark:text-zinc-400">
          <span data-testid="account-email">{me.email}</span> · role <span data-testid="account-role">{me.role}</span>
          {!can(me, "users.manage") ? " (an admin can change it)" : null}
        </p>
      </div>
      <NameForm initialName={me.name} />
      <ChangePasswordForm />
    </section>
  );
}
