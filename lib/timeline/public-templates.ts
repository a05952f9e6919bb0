/**
 * Starting points for public updates, one per incident status, in the
 * plain words status pages use. They name the incident's affected services
 * and nothing internal; the responder edits the text before posting.
 */
import { INCIDENT_STATUSES, type IncidentStatus } from "../incidents/schemas";
import { STATUS_WORDS } from "../status-site/rules";

export const PUBLIC_TEMPLATE_STATUSES = INCIDENT_STATUSES;
export type PublicTemplateStatus = IncidentStatus;

/** An update's label: the status site's own word for the status, which it shows beside the update. */
export const PUBLIC_TEMPLATE_LABELS: Record<PublicTemplateStatus, string> = STATUS_WORDS;

/** "Checkout", "Checkout and Search", "Checkout, Search and Login", "Checkout, Search and 3 other services". */
export function servicesPhrase(services: readonly string[]): string | null {
  const names = services.map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) return null;
  if (names.length === 1) return names[0] ?? null;
  if (names.length <= 3) return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return `${names.slice(0, 2).join(", ")} and ${names.length - 2} other services`;
}

export function publicTemplateText(status: PublicTemplateStatus, services: readonly string[]): string {
  const named = servicesPhrase(services);
  const subject = named ?? "some of our services";
  switch (status) {
    case "investigating":
      return `We are investigating reports of problems with ${subject}. We will post an update as soon as we know more.`;
    case "identified":
      return `We have identified the cause of the problems with ${subject} and are working on a fix.`;
    case "monitoring":
      return `A fix has been put in place for ${subject}. We are monitoring the results.`;
    case "resolved":
      return named
        ? `This incident has been resolved. ${named} ${services.filter((s) => s.trim()).length === 1 ? "is" : "are"} working normally again.`
        : "This incident has been resolved. All services are working normally again.";
  }
}
