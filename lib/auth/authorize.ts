import { AppError } from "../errors";
import { personIdOf, type Actor } from "./actor";
import { CAPABILITIES, accountCapability, can, type AccountRule, type Capability } from "./capabilities";

/** Throw a 403 unless the actor's role has the capability (lib/auth/capabilities.ts). */
export function authorize(actor: Actor, capability: Capability): void {
  if (!can(actor, capability)) {
    throw new AppError("forbidden", `Your role (${actor.role}) may not ${CAPABILITIES[capability].may}`);
  }
}

/** authorize() for a change to one account: its owner and everyone else may need different capabilities. */
export function authorizeForAccount(actor: Actor, rule: AccountRule, userId: string): void {
  authorize(actor, accountCapability(rule, personIdOf(actor), userId));
}
