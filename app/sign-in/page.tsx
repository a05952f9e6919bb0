import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { optionalActor } from "@/lib/auth/current-actor";
import { needsSetup } from "@/lib/auth/users";
import { safeNextPath } from "@/lib/auth/safe-next";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  if (await needsSetup()) redirect("/setup");
  // `next` comes from a link anyone can craft: only a path on this instance.
  const next = safeNextPath((await searchParams).next);
  if (await optionalActor()) redirect(next);
  return (
    <section className="mx-auto flex max-w-sm flex-col gap-6 py-10">
      <h1 className="text-3xl font-bold">Sign in to Debrief</h1>
      <SignInForm next={next} />
      <p className="text-zinc-600 dark:text-zinc-400">No account? Ask an admin of this instance to create one.</p>
    </section>
  );
}
