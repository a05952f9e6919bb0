"use client";
import { useRouter } from "next/navigation";
import { authClient } from "./auth-client";
import { CredentialsForm } from "./credentials-form";
import { safeNextPath } from "@/lib/auth/safe-next";

export function SignInForm({ next }: { next?: string }) {
  const router = useRouter();
  return (
    <CredentialsForm
      withName={false}
      submitLabel="Sign in"
      onSubmit={async ({ email, password }) => {
        const { error } = await authClient.signIn.email({ email, password });
        if (error) {
          if (error.status === 429) return "Too many attempts; wait a minute and try again.";
          // A deactivated account (told only after the right password).
          if (error.status === 403 && error.message) return error.message;
          return "Wrong email or password.";
        }
        // Checked again here: the page already did, but this is where the browser goes.
        router.replace(safeNextPath(next));
        router.refresh();
        return null;
      }}
    />
  );
}
