"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { FormCard } from "@/components/ui/form-card";
import { Field, Input } from "@/components/ui/input";
import { StatusMessages } from "@/components/ui/messages";
import { useRequest } from "@/components/ui/use-request";
import { accountApi } from "./api";
import { ZChangeOwnPassword, ZUpdateOwnProfile } from "@/lib/auth/schemas";
import { PASSWORD_MIN } from "@/lib/auth/limits";

function text(data: FormData, key: string): string {
  const v = data.get(key);
  return typeof v === "string" ? v : "";
}

/** The name shown on every entry and change one makes. */
export function NameForm({ initialName }: { initialName: string }) {
  const router = useRouter();
  const { busy, error, setError, send } = useRequest();
  const [notice, setNotice] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(null);
    const valid = ZUpdateOwnProfile.safeParse({ name: text(new FormData(event.currentTarget), "name") });
    if (!valid.success) {
      setError(`Name ${valid.error.issues[0]?.message ?? "is not valid"}`);
      return;
    }
    if (!(await send(() => accountApi.updateProfile(valid.data)))) return;
    setNotice("Name saved.");
    router.refresh();
  }

  return (
    <FormCard title="Name" onSubmit={submit}>
      <Field label="Your name">
        <Input name="name" required maxLength={100} defaultValue={initialName} autoComplete="name" />
      </Field>
      <StatusMessages error={error} notice={notice} />
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? "Saving…" : "Save name"}
      </Button>
    </FormCard>
  );
}

/** Change one's own password; every other session is signed out. */
export function ChangePasswordForm() {
  const { busy, error, setError, send } = useRequest();
  const [notice, setNotice] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(null);
    const form = event.currentTarget;
    const data = new FormData(form);
    if (text(data, "newPassword") !== text(data, "confirmPassword")) {
      setError("The new password and its confirmation differ.");
      return;
    }
    const valid = ZChangeOwnPassword.safeParse({ currentPassword: text(data, "currentPassword"), newPassword: text(data, "newPassword") });
    if (!valid.success) {
      setError(valid.error.issues.map((i) => `${i.path.join(".") === "newPassword" ? "New password" : "Current password"} ${i.message}`).join("; "));
      return;
    }
    const changed = await send(() => accountApi.changePassword(valid.data));
    if (!changed) return;
    form.reset();
    const n = changed.signedOutSessions;
    setNotice(`Password changed.${n > 0 ? ` Signed out of ${n} other session${n === 1 ? "" : "s"}.` : ""}`);
  }

  return (
    <FormCard title="Password" onSubmit={submit}>
      <Field label="Current password">
        <Input name="currentPassword" type="password" required autoComplete="current-password" />
      </Field>
      <Field label={`New password (at least ${PASSWORD_MIN} characters)`}>
        <Input name="newPassword" type="password" required minLength={PASSWORD_MIN} autoComplete="new-password" />
      </Field>
      <Field label="New password again">
        <Input name="confirmPassword" type="password" required autoComplete="new-password" />
      </Field>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Your other sessions (other browsers and devices) are signed out; this one stays.</p>
      <StatusMessages error={error} notice={notice} />
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? "Changing…" : "Change password"}
      </Button>
    </FormCard>
  );
}
