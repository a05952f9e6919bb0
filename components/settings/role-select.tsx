import type { ComponentProps } from "react";
import { ROLES } from "@/lib/auth/schemas";
import { Select } from "@/components/ui/input";

/** A choice of role (viewer, responder, admin): new accounts, new keys, a user's row. */
export function RoleSelect(props: ComponentProps<typeof Select>) {
  return (
    <Select {...props}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </Select>
  );
}
