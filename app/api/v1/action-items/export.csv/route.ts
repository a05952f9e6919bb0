// GET /api/v1/action-items/export.csv — the list query's matches as CSV (paging ignored, at most 10,000 rows; ?cols hides columns)
import { apiRoute } from "@/lib/api/route";
import { queryObject } from "@/lib/api/request";
import { exportActionItemsCsv } from "@/lib/action-items/csv";
import { formatUtcDate } from "@/lib/time-format";

export const GET = apiRoute("GET /api/v1/action-items/export.csv", async (req, { actor }) => {
  const { csv, rows, total } = await exportActionItemsCsv({ query: queryObject(req), actor });
  // The byte-order mark makes Excel read the file as UTF-8.
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="action-items-${formatUtcDate(new Date())}.csv"`,
      "x-total-count": String(total),
      "x-export-truncated": String(rows < total),
      "cache-control": "no-store",
    },
  });
});
