import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { needsSetup } from "@/lib/auth/users";
import { isLocalRequest } from "@/lib/auth/request-origin";

export const metadata: Metadata = { title: "Set up" };

// The first visitor of a fresh install creates its first admin; from
// another machine only with the setup code printed in the server's log.
export default async function SetupPage() {
  if (!(await needsSetup())) redirect("/sign-in");
  const needsCode = !isLocalRequest(await headers());
  return (
    <section className="mx-auto flex max-w-sm flex-col gap-6 py-10">
      <h1 className="text-3xl font-bold">Welcome to Debrief</h1>
      <p>This instance has no accounts yet. Create the first one; it will be an admin.</p>
      {needsCode ? (
        <p className="text-zinc-700 dark:text-zinc-300">
          You are not on the server itself, so setup asks for the <strong>setup code</strong>: Debrief printed it in its log when it started
          (the line <code className="font-mono">First-run setup code: …</code>).
        </p>
      ) : null}
      <SetupForm needsCode={needsCode} />
    </section>
  );
}
