import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { needsSetup } from "@/lib/auth/users";

export const metadata: Metadata = { title: "Set up" };

// The first visitor of a fresh install creates its first admin.
export default async function SetupPage() {
  if (!(await needsSetup())) redirect("/sign-in");
  return (
    <section className="mx-auto flex max-w-sm flex-col gap-6 py-10">
      <h1 className="text-3xl font-bold">Welcome to Debrief</h1>
      <p>This instance has no accounts yet. Create the first one; it will be an admin.</p>
      <SetupForm />
    </section>
  );
}
