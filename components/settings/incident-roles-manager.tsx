"use client";

import { useState, type FormEvent } from "react";
import { ROLE_LIMITS, ZCreateIncidentRole } from "@/lib/incident-roles/schemas";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormCard } from "@/components/ui/form-card";
import { Field, Input } from "@/components/ui/input";
import { ErrorMessage, NoticeMessage } from "@/components/ui/messages";
import { PlainTable, Td, rowClass } from "@/components/ui/table";
import { issuesText, useRequest } from "@/components/ui/use-request";
import type { RoleDefinitionJson } from "@/lib/incident-roles/wire";
import { settingsApi } from "./api";

/**
 * The roles offered in every incident header: the built-in commander,
 * scribe and communications lead (renamable, never removed) and the
 * custom ones admins add (at most 20 offered at a time).
 */
export function IncidentRolesManager({ initialRoles }: { initialRoles: RoleDefinitionJson[] }) {
  const [roles, setRoles] = useState(initialRoles);
  const { busy, error, setError, send } = useRequest();
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<RoleDefinitionJson | null>(null);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const valid = ZCreateIncidentRole.safeParse({ name: data.get("name"), description: data.get("description") ?? "" });
    if (!valid.success) {
      setError(issuesText(valid.error));
      return;
    }
    setNotice(null);
    const added = await send(() => settingsApi.createRole({ name: valid.data.name, description: valid.data.description ?? "" }));
    if (!added) return;
    form.reset();
    setRoles((list) => [...list, added]);
    setNotice(`Added “${added.name}”: it is offered on every incident from now on.`);
  }

  const full = roles.length >= ROLE_LIMITS.activeMax;
  return (
    <div className="space-y-6">
      <FormCard title="Add a role" onSubmit={add}>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Responders give roles from the incident header; each change is written to the timeline. Roles never appear on the public status page.
          At most {ROLE_LIMITS.activeMax} roles are offered at a time.
        </p>
        <div className="grid gap-3 sm:grid-cols-[14rem_1fr_auto] sm:items-end">
          <Field label="Name">
            <Input name="name" required maxLength={ROLE_LIMITS.nameMax} placeholder="Customer liaison" autoComplete="off" />
          </Field>
          <Field label="What they do (optional)">
            <Input name="description" maxLength={ROLE_LIMITS.descriptionMax} autoComplete="off" />
          </Field>
          <Button type="submit" variant="primary" disabled={busy || full}>
            {busy ? "Adding…" : "Add role"}
          </Button>
        </div>
        {full ? <p className="text-sm text-amber-800 dark:text-amber-300">{ROLE_LIMITS.activeMax} roles are offered: remove one to add another.</p> : null}
        <ErrorMessage error={error} />
      </FormCard>
      <NoticeMessage notice={notice} />
      <PlainTable caption="Incident roles, in the order the header shows them" headers={["Name", "What they do", "In the API"]} actions>
        {roles.map((r) =>
          editing === r.key ? (
            <EditRow
              key={r.id}
              role={r}
              onCancel={() => setEditing(null)}
              onSaved={(saved) => {
                setRoles((list) => list.map((x) => (x.id === saved.id ? saved : x)));
                setEditing(null);
                setNotice(`Saved “${saved.name}”.`);
              }}
            />
          ) : (
            <tr key={r.id} data-testid="role-row" data-role-key={r.key} className={rowClass}>
              <Td className="font-medium">
                {r.name}
                {r.builtIn ? <span className="ml-2 rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">built-in</span> : null}
              </Td>
              <Td>{r.description || <span className="text-zinc-500">—</span>}</Td>
              <Td className="font-mono text-sm">{r.key}</Td>
              <Td className="whitespace-nowrap">
                <Button size="sm" onClick={() => setEditing(r.key)} aria-label={`Rename: ${r.name}`}>
                  Rename
                </Button>{" "}
                {r.builtIn ? null : (
                  <Button size="sm" variant="danger" onClick={() => setRemoving(r)} aria-label={`Remove: ${r.name}`}>
                    Remove
                  </Button>
                )}
              </Td>
            </tr>
          ),
        )}
      </PlainTable>
      <ConfirmDialog
        target={removing}
        title="Remove role"
        confirmLabel="Remove role"
        onClose={() => setRemoving(null)}
        run={(role) => settingsApi.removeRole(role.key)}
        onDone={(removed) => {
          setRoles((list) => list.filter((x) => x.id !== removed.id));
          setNotice(`Removed “${removed.name}”.`);
        }}
      >
        {(role) => (
          <p>
            Remove <strong>{role.name}</strong>? It is no longer offered on incidents. Where someone holds it now, the header keeps showing who until
            they are unassigned; past changes stay in each timeline.
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}

function EditRow({ role, onCancel, onSaved }: { role: RoleDefinitionJson; onCancel: () => void; onSaved: (role: RoleDefinitionJson) => void }) {
  const [name, setName] = useState(role.name);
  const [description, setDescription] = useState(role.description);
  const { busy, error, send } = useRequest();
  async function save(event: FormEvent) {
    event.preventDefault();
    const saved = await send(() => settingsApi.updateRole(role.key, { name, description }));
    if (saved) onSaved(saved);
  }
  return (
    <tr className={rowClass}>
      <Td colSpan={4}>
        <form onSubmit={save} className="flex flex-wrap items-end gap-2" aria-label={`Rename ${role.name}`}>
          <Field label="Name">
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={ROLE_LIMITS.nameMax} required autoFocus />
          </Field>
          <Field label="What they do" className="flex-1">
            <Input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={ROLE_LIMITS.descriptionMax} />
          </Field>
          <Button type="submit" variant="primary" size="sm" disabled={busy}>
            Save
          </Button>
          <Button size="sm" onClick={onCancel}>
            Cancel
          </Button>
          <ErrorMessage error={error} className="w-full" />
        </form>
      </Td>
    </tr>
  );
}
