/** An account as the people lookup (GET /api/v1/people) answers. */
import { z } from "zod";

export const zPersonJson = z.object({ id: z.string(), name: z.string(), email: z.string() });
export type PersonJson = z.infer<typeof zPersonJson>;

/** GET /api/v1/people: accounts, and names in use for people without one. */
export const zPeopleJson = z.object({ people: z.array(zPersonJson), names: z.array(z.string()) });
