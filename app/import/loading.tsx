import { PageLoading } from "@/components/ui/page-loading";

/** While this page is on its way, the header stays and the page says it is loading. */
export default function Loading() {
  return <PageLoading />;
}
