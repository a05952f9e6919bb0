/** The people lookup as the browser calls it (one request function: lib/api-client.ts). */
import { z } from "zod";
import { apiRequest } from "@/lib/api-client";
import { zPersonJson } from "@/lib/people/wire";

export const peopleApi = {
  find: (q: string, signal?: AbortSignal) => apiRequest("GET", `/api/v1/people?${new URLSearchParams({ q })}`, z.object({ people: z.array(zPersonJson) }), { signal }),
};
