import { z } from "zod";
import { zId, zInstant, zString } from "../validation";
import { AUDIT_ENTITIES } from "./actions";

/** The filters of an audit page (GET …/audit). */
export const ZListAudit = z.strictObject({
  entity: z.enum(AUDIT_ENTITIES).optional(),
  actor: zString().trim().max(200).optional(),
  before: zInstant.optional(),
  /** With `before`: the id of the last entry already shown, so entries written in the same millisecond are not skipped. */
  beforeId: zId.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
