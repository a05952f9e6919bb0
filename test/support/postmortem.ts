import type { Actor } from "@/lib/auth/actor";
import { getPostmortem, updatePostmortem } from "@/lib/postmortem/service";

/**
 * updatePostmortem at the version the incident's postmortem has now (read
 * first, which makes it on first use): for tests that set a postmortem's
 * content rather than test its versions.
 */
export async function savePostmortem({ incidentId, input, actor }: { incidentId: string; input: Record<string, unknown>; actor: Actor }) {
  const { version } = await getPostmortem({ incidentId, actor });
  return updatePostmortem({ incidentId, input: { version, ...input }, actor });
}
