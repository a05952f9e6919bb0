"use client";
import { useRouter } from "next/navigation";
import { authClient } from "./auth-client";
import { CredentialsForm } from "./credentials-form";
import { accountApi } from "./api";

export function SetupForm({ needsCode }: { needsCode: boolean }) {
  const router = useRouter();
  return (
    <CredentialsForm
      withName
      withSetupCode={needsCode}
      submitLabel="Create admin account"
      onSubmit={async ({ email, password, name, setupCode }) => {
        const res = await accountApi.setup(needsCode ? { email, password, name, setupCode } : { email, password, name });
        if (!res.ok) return res.message;
        const { error } = await authClient.signIn.email({ email, password });
        if (error) return "The account was created; sign in to continue.";
        router.replace("/incidents");
        router.refresh();
        return null;
      }}
    />
  );
}
