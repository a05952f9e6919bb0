/** The people lookup as the browser calls it (one request function: lib/api-client.ts). */
import { apiRequest } from "@/lib/api-client";
import { zPeopleJson } from "@/lib/people/wire";

export const peopleApi = {
  find: (q: string, signal?: AbortSignal) => apiRequest("GET", `/api/v1/people?${new URLSearchParams({ q })}`, zPeopleJson, { signal }),
};
