"use client";

import { useId, useState } from "react";
import { ACTION_STATUSES } from "@/lib/action-items/schemas";
import { ACTION_STATUS_LABELS } from "@/lib/action-items/labels";
import { PersonPicker, type PersonValue } from "@/components/people/person-picker";
import { actionItemsApi } from "./api";
import { Button } from "@/components/ui/button";
import { Input, LabelAbove, Options, Select } from "@/components/ui/input";
import { ErrorMessage } from "@/components/ui/messages";


/** Change the status or owner of the selected items in one request (all or nothing). */
export function BulkBar({ ids, onDone, onClear }: { ids: string[]; onDone: (message: string) => void; onClear: () => void }) {
  const id = useId();
  const [status, setStatus] = useState("done");
  const [reason, setReason] = useState("");
  const [owner, setOwner] = useState<PersonValue>({ userId: null, name: "" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function apply(body: Record<string, unknown>) {
    setBusy(true);
    setError(null);
    const res = await actionItemsApi.bulk(ids, body);
    setBusy(false);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setReason("");
    onDone(`Updated ${res.data.updated} of ${ids.length} selected item${ids.length === 1 ? "" : "s"}.`);
  }

  return (
    <div className="flex flex-wrap items-end gap-4 rounded-md border border-sky-300 bg-sky-50 p-3 dark:border-sky-800 dark:bg-sky-950" role="region" aria-label="Change selected items">
      <p className="font-medium" aria-live="polite">
        {ids.length} selected
      </p>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          apply({ status, ...(status === "wont_do" ? { wontDoReason: reason } : {}) });
        }}
      >
        <LabelAbove htmlFor={`${id}-status`} label="Set status">
          <Select id={`${id}-status`} density="compact" value={status} onChange={(e) => setStatus(e.target.value)}>
            <Options values={ACTION_STATUSES} labels={ACTION_STATUS_LABELS} />
          </Select>
        </LabelAbove>
        {status === "wont_do" ? (
          <LabelAbove htmlFor={`${id}-reason`} label="Reason">
            <Input id={`${id}-reason`} density="compact" value={reason} onChange={(e) => setReason(e.target.value)} required />
          </LabelAbove>
        ) : null}
        <Button variant="primary" size="compact" type="submit" disabled={busy}>
          Apply status
        </Button>
      </form>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          apply(owner.userId ? { ownerId: owner.userId } : { owner: owner.name.trim() || null });
        }}
      >
        <LabelAbove htmlFor={`${id}-owner`} label="Set owner">
          <PersonPicker id={`${id}-owner`} value={owner} onChange={setOwner} placeholder="Empty: unassign" className="w-64" />
        </LabelAbove>
        <Button variant="secondary" size="compact" type="submit" disabled={busy}>
          Assign
        </Button>
      </form>
      <Button variant="ghost" size="sm" onClick={onClear}>
        Clear selection
      </Button>
      <ErrorMessage error={error} className="w-full" />
    </div>
  );
}
