"use client";

import { useState, type FormEvent } from "react";
import { ZCreateUser } from "@/lib/auth/schemas";
import { isRole, type Role } from "@/lib/auth/actor";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormCard } from "@/components/ui/form-card";
import { Field, Input, labelClass } from "@/components/ui/input";
import { ErrorMessage, StatusMessages } from "@/components/ui/messages";
import { PlainTable, Td, rowClass } from "@/components/ui/table";
import { issuesText, useRequest } from "@/components/ui/use-request";
import { SecretOnce } from "./secret-once";
import { RoleSelect } from "./role-select";
import { settingsApi, type UserJson } from "./api";
import { formatUtcStamp as formatUtc } from "@/lib/time-format";
import type { ApiResult } from "@/lib/api-client";

/** 18 random bytes as base64url: 24 characters, well past the minimum length. */
function generatePassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function CreateUserForm({ onCreated }: { onCreated: (user: UserJson, generatedPassword: string | null) => void }) {
  const [generate, setGenerate] = useState(true);
  const { busy, error, setError, send } = useRequest();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (key: string) => {
      const v = data.get(key);
      return typeof v === "string" ? v : "";
    };
    const password = generate ? generatePassword() : text("password");
    const input = { email: text("email"), name: text("name"), role: text("role"), password };
    const valid = ZCreateUser.safeParse(input);
    if (!valid.success) {
      setError(issuesText(valid.error));
      return;
    }
    const user = await send(() => settingsApi.createUser(valid.data));
    if (!user) return;
    form.reset();
    setGenerate(true);
    onCreated(user, generate ? password : null);
  }

  return (
    <FormCard title="Create a user" onSubmit={submit}>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Email">
          <Input name="email" type="email" required maxLength={254} autoComplete="off" />
        </Field>
        <Field label="Name">
          <Input name="name" required autoComplete="off" />
        </Field>
        <Field label="Role">
          <RoleSelect name="role" defaultValue="responder" />
        </Field>
      </div>
      <fieldset className="space-y-2">
        <legend className={labelClass}>Initial password</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="password-mode" checked={generate} onChange={() => setGenerate(true)} />
          Generate one (shown once after creating)
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="password-mode" checked={!generate} onChange={() => setGenerate(false)} />
          Set one now
        </label>
        {!generate ? (
          <Field label="Password (at least 10 characters)" className="max-w-sm">
            <Input name="password" type="password" required autoComplete="new-password" />
          </Field>
        ) : null}
      </fieldset>
      <ErrorMessage error={error} />
      <Button type="submit" variant="primary" disabled={busy}>
        {busy ? "Creating…" : "Create user"}
      </Button>
    </FormCard>
  );
}

/** Every account: create one, change a role, sign someone out everywhere, deactivate or reactivate. */
export function UsersManager({ initialUsers, currentUserId }: { initialUsers: UserJson[]; currentUserId: string }) {
  const [users, setUsers] = useState(initialUsers);
  const [created, setCreated] = useState<{ user: UserJson; password: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<UserJson | null>(null);
  const [deactivating, setDeactivating] = useState<UserJson | null>(null);

  const replace = (user: UserJson) => setUsers((list) => list.map((u) => (u.id === user.id ? user : u)));

  /** One change to a user's row, sent at once: the answer replaces the row, or the error says what could not be done. */
  async function update(request: () => Promise<ApiResult<UserJson>>, failed: string, done: (user: UserJson) => string) {
    setError(null);
    setNotice(null);
    const res = await request();
    if (!res.ok) {
      setError(`${failed}: ${res.message}`);
      return;
    }
    replace(res.data);
    setNotice(done(res.data));
  }

  const changeRole = (user: UserJson, role: Role) =>
    update(() => settingsApi.setUserRole(user.id, role), `Could not change the role of ${user.name}`, (u) => `${u.name} is now ${u.role}.`);
  const reactivate = (user: UserJson) =>
    update(() => settingsApi.setActive(user.id, true), `Could not reactivate ${user.name}`, (u) => `${u.name} is active again and may sign in.`);

  return (
    <div className="space-y-6">
      <CreateUserForm
        onCreated={(user, password) => {
          setUsers((list) => [...list, user]);
          setCreated(password ? { user, password } : null);
          setNotice(`Created ${user.name} (${user.role}).`);
          setError(null);
        }}
      />
      {created ? (
        <SecretOnce
          label={`Initial password for ${created.user.email}`}
          warning="Shown only now: copy it and hand it over in a safe way. Nobody can read it again."
          secret={created.password}
          testId="generated-password"
          onDone={() => setCreated(null)}
        />
      ) : null}
      <StatusMessages notice={notice} error={error} />
      <PlainTable caption="Users" headers={["Name", "Email", "Role", "Created"]} actions>
        {users.map((u) => (
          <tr key={u.id} data-testid="user-row" data-email={u.email} className={rowClass}>
            <Td>
              {u.name}
              {u.id === currentUserId ? <span className="ml-1 text-sm text-zinc-500">(you)</span> : null}
              {u.banned ? (
                <span data-testid="user-deactivated" className="ml-1 text-sm font-medium text-red-700 dark:text-red-400">
                  deactivated
                </span>
              ) : null}
            </Td>
            <Td>{u.email}</Td>
            <Td>
              <RoleSelect
                density="compact"
                aria-label={`Role of ${u.name}`}
                value={u.role}
                onChange={(e) => {
                  if (isRole(e.target.value)) void changeRole(u, e.target.value);
                }}
              />
            </Td>
            <Td className="font-mono whitespace-nowrap">
              <time dateTime={u.createdAt}>{formatUtc(u.createdAt)}</time>
            </Td>
            <Td className="whitespace-nowrap">
              <div className="flex flex-wrap gap-2">
                <Button size="sm" onClick={() => setRevoking(u)} aria-label={`Sign out everywhere: ${u.name}`}>
                  Sign out everywhere
                </Button>
                {u.banned ? (
                  <Button size="sm" onClick={() => void reactivate(u)} aria-label={`Reactivate: ${u.name}`}>
                    Reactivate
                  </Button>
                ) : u.id === currentUserId ? null : (
                  <Button size="sm" variant="danger" onClick={() => setDeactivating(u)} aria-label={`Deactivate: ${u.name}`}>
                    Deactivate
                  </Button>
                )}
              </div>
            </Td>
          </tr>
        ))}
      </PlainTable>
      <ConfirmDialog
        target={revoking}
        title="Sign out everywhere"
        confirmLabel="Sign out everywhere"
        onClose={() => setRevoking(null)}
        run={(user) => settingsApi.revokeSessions(user.id)}
        onDone={({ revoked: n }, user) => setNotice(`Signed ${user.name} out of ${n} session${n === 1 ? "" : "s"}.`)}
      >
        {(user) => (
          <p>
            End every session of <strong>{user.name}</strong> ({user.email})? Their open pages go to the sign-in page on the next load.
            {user.id === currentUserId ? " That includes this one." : ""}
          </p>
        )}
      </ConfirmDialog>
      <ConfirmDialog
        target={deactivating}
        title="Deactivate account"
        confirmLabel="Deactivate"
        onClose={() => setDeactivating(null)}
        run={(user) => settingsApi.setActive(user.id, false)}
        onDone={(user) => {
          replace(user);
          setNotice(`${user.name} is deactivated.`);
        }}
      >
        {(user) => (
          <p>
            Deactivate <strong>{user.name}</strong> ({user.email})? They are signed out everywhere, cannot sign in, and their personal API keys stop
            working until you reactivate them. Everything they wrote stays.
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}
