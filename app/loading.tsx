import { PageLoading } from "@/components/ui/page-loading";

/** Between pages: the header stays, and the page says it is loading. */
export default function Loading() {
  return <PageLoading />;
}
