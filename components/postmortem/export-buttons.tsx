"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { postmortemApi } from "./api";

/** Download the Markdown; unsaved edits are saved first so the file has them. */
export function ExportButtons({ incidentId, beforeDownload }: { incidentId: string; beforeDownload: () => Promise<void> }) {
  const [frontMatter, setFrontMatter] = useState(true);
  async function download(template: "cloudflare" | "sre") {
    await beforeDownload();
    const link = document.createElement("a");
    link.href = postmortemApi.exportUrl(incidentId, template, frontMatter);
    link.download = "";
    document.body.append(link);
    link.click();
    link.remove();
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button onClick={() => void download("cloudflare")}>Download Markdown (Cloudflare style)</Button>
      <Button onClick={() => void download("sre")}>Download Markdown (SRE template)</Button>
      <label className="flex items-center gap-1 text-sm">
        <input type="checkbox" checked={frontMatter} onChange={(e) => setFrontMatter(e.target.checked)} />
        Include front matter
      </label>
    </div>
  );
}
