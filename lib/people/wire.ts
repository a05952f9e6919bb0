/** An account as the people lookup (GET /api/v1/people) answers. */
import { z } from "zod";

export const zPersonJson = z.object({ id: z.string(), name: z.string(), email: z.string() });
export type PersonJson = z.infer<typeof zPersonJson>;
