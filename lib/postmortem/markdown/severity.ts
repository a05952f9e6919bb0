import type { Severity } from "../../incidents/schemas";

/**
 * The severity a document states: "Severity: SEV-2", "**Severity:** P1",
 * "SEV1 declared", "declared a SEV2", "a Sev 1 incident", a "## Severity"
 * section that starts with "Critical". Read only from statements about this
 * incident (a labelled field, a declaration, a severity heading), never
 * from prose such as "other severity 1 work"; when several are stated
 * (escalated, then downgraded) the most severe is the incident's.
 */

export type SeverityFinding = { severity: Severity; phrase: string };

const LEVEL = String.raw`(?:sev(?:erity)?[-\s]?([0-5])|s([0-5])|p([0-5])|(critical|blocker|urgent|major|high|medium|moderate|minor|low))`;

// "Severity: SEV-2", "Severity - P1", "severity = critical", "**Severity**: Critical (complete outage)".
const FIELD = new RegExp(String.raw`\bseverity(?:\s+level)?\s*[:=\-–]\s*${LEVEL}\b`, "i");
// "SEV1 declared", "declared a SEV-2", "raised to SEV1", "a Sev 1 incident", "P1 incident", "P0 declared".
const DECLARED = new RegExp(
  String.raw`\b(?:declared?|declaring|raised|escalated|upgraded|downgraded|bumped|classified|opened)\s+(?:(?:it|this|the\s+incident)\s+)?(?:as\s+|to\s+)?(?:an?\s+)?(?:sev(?:erity)?[-\s]?([0-5])|p([0-5]))\b|\b(?:sev(?:erity)?[-\s]?([0-5])|p([0-5]))\s+(?:incident|outage|was\s+declared|declared|raised|escalation)\b`,
  "gi",
);
const NEGATED = /\b(?:not|never|no longer|wasn'?t|isn'?t|rather than)\s+(?:an?\s+|a\s+)?$/i;

function fromLevel(groups: (string | undefined)[]): Severity | null {
  const [sev, s, p, word] = groups;
  const n = sev ?? s;
  if (n !== undefined) return n === "0" ? "SEV1" : (`SEV${Math.min(Number(n), 4)}` as Severity);
  if (p !== undefined) {
    const level = Number(p);
    return level <= 1 ? "SEV1" : level === 2 ? "SEV2" : level === 3 ? "SEV3" : "SEV4";
  }
  switch (word?.toLowerCase()) {
    case "critical":
    case "blocker":
    case "urgent":
      return "SEV1";
    case "major":
    case "high":
      return "SEV2";
    case "medium":
    case "moderate":
      return "SEV3";
    case "minor":
    case "low":
      return "SEV4";
    default:
      return null;
  }
}

function rank(s: Severity): number {
  return Number(s.slice(3));
}

/** The most severe level stated in these texts, and the words that said it. */
export function severityStated(texts: string[], severitySectionText: string | null): SeverityFinding | null {
  const found: SeverityFinding[] = [];
  const consider = (severity: Severity | null, phrase: string) => {
    if (severity) found.push({ severity, phrase: phrase.trim().slice(0, 80) });
  };
  if (severitySectionText) {
    const m = new RegExp(String.raw`^\W*${LEVEL}\b`, "i").exec(severitySectionText.trim());
    if (m) consider(fromLevel([m[1], m[2], m[3], m[4]]), `Severity: ${m[0]}`);
  }
  for (const text of texts) {
    const field = FIELD.exec(text);
    if (field && !NEGATED.test(text.slice(0, field.index))) consider(fromLevel([field[1], field[2], field[3], field[4]]), field[0]);
    for (const declared of text.matchAll(DECLARED)) {
      if (NEGATED.test(text.slice(Math.max(0, declared.index - 20), declared.index))) continue;
      consider(fromLevel([declared[1] ?? declared[3], undefined, declared[2] ?? declared[4], undefined]), declared[0]);
    }
  }
  if (!found.length) return null;
  return found.reduce((best, f) => (rank(f.severity) < rank(best.severity) ? f : best));
}
