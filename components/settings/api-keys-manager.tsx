"use client";

import { useState, type FormEvent } from "react";
import { ZCreateApiKey } from "@/lib/auth/schemas";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormCard } from "@/components/ui/form-card";
import { Field, Input, labelClass } from "@/components/ui/input";
import { ErrorMessage, NoticeMessage } from "@/components/ui/messages";
import { PlainTable, Td, rowClass } from "@/components/ui/table";
import { issuesText, useRequest } from "@/components/ui/use-request";
import { SecretOnce } from "./secret-once";
import { RoleSelect } from "./role-select";
import { settingsApi, type ApiKeyJson } from "./api";
import { formatUtcStamp as formatUtc } from "@/lib/time-format";

/** API keys for scripts and bots: create (the key is shown once), list, revoke. */
export function ApiKeysManager({ initialKeys }: { initialKeys: ApiKeyJson[] }) {
  const [keys, setKeys] = useState(initialKeys);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const { busy, error, setError, send } = useRequest();
  const [notice, setNotice] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyJson | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const valid = ZCreateApiKey.safeParse({ name: data.get("name"), role: data.get("role"), service: data.get("kind") === "service" });
    if (!valid.success) {
      setError(issuesText(valid.error));
      return;
    }
    setNotice(null);
    const made = await send(() => settingsApi.createApiKey(valid.data));
    if (!made) return;
    form.reset();
    setKeys((list) => [made.apiKey, ...list]);
    setCreated({ name: made.apiKey.name, key: made.key });
  }

  return (
    <div className="space-y-6">
      <FormCard title="Create an API key" onSubmit={submit}>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Scripts send it as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>. A personal key acts for you: never with more
          than your current role, and not while your account is deactivated. A service key belongs to no one and keeps its role until revoked.
        </p>
        <fieldset className="flex flex-wrap gap-x-6 gap-y-2">
          <legend className={`${labelClass} mb-1`}>Kind</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name="kind" value="personal" defaultChecked />
            Personal (bound to you)
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="kind" value="service" />
            Service key (not tied to a person)
          </label>
        </fieldset>
        <div className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end">
          <Field label="Name">
            <Input name="name" required placeholder="PagerDuty bridge" autoComplete="off" />
          </Field>
          <Field label="Role">
            <RoleSelect name="role" defaultValue="responder" />
          </Field>
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? "Creating…" : "Create key"}
          </Button>
        </div>
        <ErrorMessage error={error} />
      </FormCard>
      {created ? (
        <SecretOnce
          label={`New API key “${created.name}”`}
          warning="Copy this key now. It is shown only once: Debrief keeps only a hash and cannot show it again."
          secret={created.key}
          testId="new-api-key"
          onDone={() => setCreated(null)}
        />
      ) : null}
      <NoticeMessage notice={notice} />
      <PlainTable caption="API keys, newest first" headers={["Name", "Key", "Acts for", "Role", "Created", "Last used", "Status"]} actions>
        {keys.length === 0 ? (
          <tr>
            <td colSpan={8} className="px-3 py-6 text-center text-zinc-600 dark:text-zinc-400">
              No API keys yet.
            </td>
          </tr>
        ) : null}
        {keys.map((k) => (
          <tr key={k.id} data-testid="api-key-row" data-key-name={k.name} data-kind={k.kind} className={rowClass}>
            <Td>{k.name}</Td>
            <Td className="font-mono">{k.prefix}…</Td>
            <Td data-testid="api-key-owner">
              {k.kind === "service" ? (
                <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-sm font-medium dark:bg-zinc-800">Service key</span>
              ) : (
                (k.createdBy ?? "a removed user")
              )}
            </Td>
            <Td data-testid="api-key-role">
              {k.role}
              {!k.revokedAt && k.effectiveRole !== k.role ? (
                <span className="block text-xs text-amber-800 dark:text-amber-300">
                  {k.effectiveRole ? `acts as ${k.effectiveRole} (its owner's role)` : "inactive: its owner is deactivated"}
                </span>
              ) : null}
            </Td>
            <Td className="font-mono whitespace-nowrap">{formatUtc(k.createdAt)}</Td>
            <Td className="font-mono whitespace-nowrap">{k.lastUsedAt ? formatUtc(k.lastUsedAt) : "never"}</Td>
            <Td>
              {k.revokedAt ? (
                <span className="text-red-700 dark:text-red-400">Revoked {formatUtc(k.revokedAt)}</span>
              ) : (
                <span className="text-emerald-800 dark:text-emerald-300">Active</span>
              )}
            </Td>
            <Td>
              {k.revokedAt ? null : (
                <Button size="sm" variant="danger" onClick={() => setRevoking(k)} aria-label={`Revoke: ${k.name}`}>
                  Revoke
                </Button>
              )}
            </Td>
          </tr>
        ))}
      </PlainTable>
      <ConfirmDialog
        target={revoking}
        title="Revoke API key"
        confirmLabel="Revoke key"
        onClose={() => setRevoking(null)}
        run={(key) => settingsApi.revokeApiKey(key.id)}
        onDone={(revoked) => {
          setKeys((list) => list.map((k) => (k.id === revoked.id ? { ...revoked, createdBy: k.createdBy } : k)));
          setNotice(`Revoked “${revoked.name}”.`);
        }}
      >
        {(key) => (
          <p>
            Revoke <strong>{key.name}</strong> ({key.prefix}…)? Every script using it gets 401 from now on. This cannot be undone.
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}
