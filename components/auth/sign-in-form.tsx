"use client";
import { useRouter } from "next/navigation";
import { authClient } from "./auth-client";
import { CredentialsForm } from "./credentials-form";

/** Only same-site paths after sign-in: `next` comes from the URL. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/incidents";
}

export function SignInForm({ next }: { next?: string }) {
  const router = useRouter();
  return (
    <CredentialsForm
      withName={false}
      submitLabel="Sign in"
      onSubmit={async ({ email, password }) => {
        const { error } = await authClient.signIn.email({ email, password });
        if (error) return error.status === 429 ? "Too many attempts; wait a minute and try again." : "Wrong email or password.";
        router.replace(safeNext(next));
        router.refresh();
        return null;
      }}
    />
  );
}
