import type { ComponentProps } from "react";
import { ROLES } from "@/lib/auth/schemas";
import { Options, Select } from "@/components/ui/input";

/** A choice of role (viewer, responder, admin): new accounts, new keys, a user's row. */
export function RoleSelect(props: ComponentProps<typeof Select>) {
  return (
    <Select {...props}>
      <Options values={ROLES} />
    </Select>
  );
}
