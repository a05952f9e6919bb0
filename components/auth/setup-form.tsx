"use client";
import { useRouter } from "next/navigation";
import { authClient } from "./auth-client";
import { CredentialsForm } from "./credentials-form";

type ApiError = { error?: { message?: string } };

export function SetupForm({ needsCode }: { needsCode: boolean }) {
  const router = useRouter();
  return (
    <CredentialsForm
      withName
      withSetupCode={needsCode}
      submitLabel="Create admin account"
      onSubmit={async ({ email, password, name, setupCode }) => {
        const res = await fetch("/api/v1/setup", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(needsCode ? { email, password, name, setupCode } : { email, password, name }),
        });
        if (!res.ok) {
          const body = (await res.json().catch(() => ({}))) as ApiError;
          return body.error?.message ?? `Setup failed (${res.status})`;
        }
        const { error } = await authClient.signIn.email({ email, password });
        if (error) return "The account was created; sign in to continue.";
        router.replace("/incidents");
        router.refresh();
        return null;
      }}
    />
  );
}
