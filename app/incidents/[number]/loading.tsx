import { PageLoading } from "@/components/ui/page-loading";

/** Switching tabs of an incident: its header and tabs stay, the tab's content says it is loading. */
export default function IncidentTabLoading() {
  return <PageLoading />;
}
