// Any other /api path — a JSON 404 instead of the HTML not-found page
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/api/responses";

function notFound(req: Request) {
  return errorResponse(new AppError("not_found", `No API route at ${new URL(req.url).pathname}`));
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
