/**
 * A pasted chat log or log excerpt, as people copy them, into timeline
 * entries: one entry per message, its speaker as the entry's attribution.
 * Pure: `now` and the reader's time zone are passed in.
 *
 * Shapes read (mixed freely, blank lines ignored):
 *   [6:21 PM] alice: seeing errors        a stamp, a speaker, the text
 *   18:21 <alice> seeing errors           IRC style
 *   09:05 a: rolled back                  our own entry language (no speaker)
 *   alice  6:21 PM                        a header (Slack, Discord "alice — Today at 6:21 PM",
 *   seeing errors on checkout             Google Chat "Alice Smith, 6:21 PM") with the text below,
 *   6:22                                  and a later message of the same speaker (Slack)
 *   retrying the deploy
 *   [6:23 PM] Bob Jones                   a header that starts with the stamp (Teams)
 *   rolled back
 *   Bob Jones                             a name line, then a time line (newer Teams, Mattermost)
 *   6:23 PM
 *   Tuesday, March 3rd                    a date line: the messages below are on that day
 *
 * A speaker after "name:" is taken only after a chat-like stamp (bracketed
 * or with AM/PM); after a bare 24-hour or ISO stamp "db: slow" stays text,
 * as does "[18:21] ERROR: …" (a log level is never a speaker).
 *
 * Days: a date line or a dated stamp sets the day; later times on it that
 * run more than 12 hours backwards are on the next day. Times before any
 * date are counted back from the first date that follows (the day before a
 * date line), or from now: the last one is today, or yesterday when today
 * would be in the future. Zone-less times are in `timeZone`.
 */
import { isStampError, matchDateLine, matchRelative, matchStamp, matchWholeStamp, type DateOrder, type Stamp, type StampDate } from "./stamp";
import { isKnownZone, resolveOnDay, type Day } from "./stamp-instant";
import { inferMeridiem, placeDays, type Item, type Message, type TimeRef } from "./chat-days";
import { looksLikePersonName, matchKind, matchPublic, stripSeparator, takePrefixes, takeSpeaker, type EntryKind } from "./entry-prefixes";

export type PastedLine = {
  /** The lines as pasted (put back into the entry box when they cannot be posted). */
  raw: string;
  /** Set when the entry cannot be posted (the text is kept for editing). */
  error: string | null;
  /** No time of its own: it takes the previous entry's time. */
  missingTime: boolean;
  occurredAt: Date;
  endedAt: Date | null;
  kind: EntryKind | null;
  /** "public:": a public update. */
  isPublic: boolean;
  body: string;
  /** Who said it (a chat message's speaker): the entry's attribution. */
  speaker: string | null;
};

export type ChatLogOptions = {
  /** The zone of times that carry none (a chat app prints its reader's local time). Default UTC. */
  timeZone?: string;
  dateOrder?: DateOrder;
};

export type ChatLog = {
  /** One per entry, in the log's order. */
  lines: PastedLine[];
  /** Speakers or message headers were found: a chat app's copy. */
  chat: boolean;
  /** Some times carry no zone: what they mean depends on the chosen zone. */
  zoneless: boolean;
  /** Some times are written with AM/PM. */
  twelveHour: boolean;
};

const NO_TEXT = "No text after the time";

type Token =
  | { type: "blank" }
  | { type: "date"; date: StampDate }
  | { type: "header"; speaker: string; stamp: Stamp; raw: string }
  | { type: "stamp"; stamp: Stamp; raw: string }
  | {
      type: "message";
      time: TimeRef;
      speaker: string | null;
      /** A bracketed stamp then only a name ("[6:21 PM] Alice Smith"): a header when text follows. */
      headerName: string | null;
      prefixes: { kind: EntryKind | null; isPublic: boolean };
      text: string;
      raw: string;
    }
  | { type: "bad"; error: string; raw: string }
  | { type: "text"; raw: string };

/** Chat apps copy with no-break and narrow no-break spaces (6:21\u202fPM) and zero-width marks. */
function normalise(line: string): string {
  return line
    .replace(/[\u00a0\u2007\u2009\u202f]/g, " ")
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, "")
    .trimEnd();
}

/** "alice  6:21 PM", "Alice Smith, Mar 3 at 6:21 PM", "alice — Today at 6:21 PM", "alice [6:21 PM]". */
function matchNameFirstHeader(line: string, dateOrder: DateOrder | undefined): { speaker: string; stamp: Stamp } | null {
  const starts: number[] = [];
  const word = /\S+/g;
  for (let m = word.exec(line); m; m = word.exec(line)) starts.push(m.index);
  // The longest stamp wins: "Mar 3 at 6:21 PM" over "6:21 PM".
  for (let k = Math.min(8, starts.length - 1); k >= 1; k--) {
    const at = starts[starts.length - k] ?? 0;
    const stamp = matchWholeStamp(line.slice(at), { dateOrder });
    if (!stamp || isStampError(stamp)) continue;
    const before = line.slice(0, at);
    const name = before
      .replace(/\s+at\s*$/i, "")
      .replace(/[\s,—–·|@-]+$/, "")
      .trim();
    if (!looksLikePersonName(name)) return null;
    // "deploy 14:00" is text; a header shows itself by its stamp (AM/PM, a date,
    // brackets), by a full name, or by the gap chat apps leave before the time.
    const structural = /(?:\s{2,}|\t|\s[—–·|]\s|,\s*)$/.test(before);
    const headerLike = stamp.twelveHour || stamp.date !== null || stamp.bracketed || /\s/.test(name) || structural;
    return headerLike ? { speaker: name.replace(/,$/, ""), stamp } : null;
  }
  return null;
}

function classify(raw: string, now: Date, dateOrder: DateOrder | undefined): Token {
  const line = normalise(raw).trim();
  if (!line) return { type: "blank" };
  const date = matchDateLine(line, { dateOrder });
  if (date) return { type: "date", date };

  // "public:" and a kind may come before the time, as in the entry box: "a: 14:24 rolled back".
  let text = line;
  const lead = { kind: null as EntryKind | null, isPublic: false };
  let stamp = matchStamp(text, { dateOrder });
  let relative = stamp ? null : matchRelative(text);
  if (!stamp && !relative) {
    const pub = matchPublic(text);
    const afterPublic = pub === null ? text : pub.trimStart();
    const k = matchKind(afterPublic);
    const afterKind = k ? k.rest.trimStart() : afterPublic;
    const pub2 = pub === null ? matchPublic(afterKind) : null;
    const rest = pub2 === null ? afterKind : pub2.trimStart();
    if (rest !== line) {
      const s = matchStamp(rest, { dateOrder });
      const r = s ? null : matchRelative(rest);
      if (s || r) {
        stamp = s;
        relative = r;
        text = rest;
        lead.kind = k?.kind ?? null;
        lead.isPublic = pub !== null || pub2 !== null;
      }
    }
  }
  if (stamp && isStampError(stamp)) return { type: "bad", error: stamp.error, raw };
  if (relative && "error" in relative) return { type: "bad", error: relative.error, raw };

  let time: TimeRef | null = null;
  let rest = "";
  if (stamp) {
    time = { kind: "stamp", stamp };
    rest = text.slice(stamp.length).trim();
    if (!rest && !lead.kind && !lead.isPublic) return { type: "stamp", stamp, raw };
  } else if (relative) {
    time = { kind: "instant", at: new Date(now.getTime() - relative.ms), text: relative.text };
    rest = text.slice(relative.length).trim();
  }
  if (time) {
    const chatLike = time.kind === "stamp" && (time.stamp.bracketed || time.stamp.twelveHour);
    const said = lead.kind ? null : takeSpeaker(rest, chatLike);
    const body = said ? said.rest : rest;
    // "[6:21 PM] alice" / "[18:21] Alice Smith" then text below is a header; "[09:02] paged" is a message.
    const headerName =
      !said && time.kind === "stamp" && time.stamp.bracketed && looksLikePersonName(rest) && (time.stamp.twelveHour || /\s/.test(rest)) ? rest : null;
    return { type: "message", time, speaker: said?.speaker ?? null, headerName, prefixes: lead, text: stripSeparator(body), raw };
  }
  const header = matchNameFirstHeader(line, dateOrder);
  if (header) return { type: "header", ...header, raw };
  return { type: "text", raw };
}

/** Slack appends "(edited)" to a changed message. */
function bodyLine(raw: string): string {
  return normalise(raw).trim().replace(/\s*\(edited\)$/i, "");
}

function structure(tokens: Token[]): Item[] {
  const items: Item[] = [];
  // The message that following text lines continue (a holder: the helpers below change it).
  const state: { current: Message | null } = { current: null };
  /** How this paste writes message headers, once its first header shows it. */
  let style: "inline" | "two-line" | null = null;
  let lastSpeaker: string | null = null;

  const nextIndex = (i: number) => {
    let j = i + 1;
    while (tokens[j]?.type === "blank") j++;
    return j;
  };
  const next = (i: number) => tokens[nextIndex(i)];
  const open = (message: Message) => {
    state.current = message;
    items.push({ type: "message", message });
    if (message.speaker) lastSpeaker = message.speaker;
  };
  const start = (time: TimeRef | null, speaker: string | null, raw: string[]): Message => ({
    time,
    speaker,
    prefixes: { kind: null, isPublic: false },
    body: [],
    raw,
    error: null,
  });

  const addText = (raw: string, cur: Message | null) => {
    // A chat message goes on below its header; in a plain log a line without a
    // time is an entry of its own, at the previous time.
    if (cur && (cur.speaker !== null || cur.body.length === 0) && !cur.error) {
      cur.body.push(bodyLine(raw));
      cur.raw.push(raw);
      return;
    }
    const message = start(null, null, [raw]);
    message.body.push(bodyLine(raw));
    items.push({ type: "message", message });
    state.current = message;
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    const cur = state.current;
    switch (token.type) {
      case "blank":
        if (cur && cur.body.length && cur.speaker) cur.body.push("");
        break;
      case "date":
        state.current = null;
        items.push({ type: "date", date: token.date });
        break;
      case "header":
        // A header has its message below it; alone, the line is text.
        if (next(i)?.type !== "text") {
          addText(token.raw, cur);
          break;
        }
        style ??= "inline";
        open(start({ kind: "stamp", stamp: token.stamp }, token.speaker, [token.raw]));
        break;
      case "stamp": {
        // "6:22" on its own: the same speaker again (in a chat), with the text below.
        const speaker = style ? lastSpeaker : null;
        open(start({ kind: "stamp", stamp: token.stamp }, speaker, [token.raw]));
        break;
      }
      case "message": {
        if (token.headerName && next(i)?.type === "text") {
          style ??= "inline";
          open(start(token.time, token.headerName, [token.raw]));
          break;
        }
        // In a paste of headers and messages, a stamped line without a speaker is the last speaker's.
        const speaker = token.speaker ?? (style ? lastSpeaker : null);
        const message = start(token.time, speaker, [token.raw]);
        message.prefixes = token.prefixes;
        if (token.text) message.body.push(token.text);
        open(message);
        break;
      }
      case "bad":
        items.push({ type: "message", message: { ...start(null, null, [token.raw]), body: [normalise(token.raw).trim()], error: token.error } });
        state.current = null;
        break;
      case "text": {
        const j = nextIndex(i);
        const stampLine = tokens[j];
        const bodyAfter = tokens[nextIndex(j)];
        const twoLineHeader =
          style !== "inline" &&
          (cur === null || cur.speaker !== null) &&
          stampLine?.type === "stamp" &&
          bodyAfter?.type === "text" &&
          looksLikePersonName(normalise(token.raw));
        if (twoLineHeader) {
          style = "two-line";
          open(start({ kind: "stamp", stamp: stampLine.stamp }, normalise(token.raw).trim().replace(/,$/, ""), [token.raw, stampLine.raw]));
          i = j;
          break;
        }
        addText(token.raw, cur);
        break;
      }
    }
  }
  return items;
}

/** Some stamp of the paste is written with AM/PM. */
function writesTwelveHour(tokens: Token[]): boolean {
  return tokens.some((t) => {
    if (t.type === "header" || t.type === "stamp") return t.stamp.twelveHour;
    return t.type === "message" && t.time.kind === "stamp" && t.time.stamp.twelveHour;
  });
}

type Placed = { message: Message; day: Day | null };

function toLine(placed: Placed, zone: string, previous: Date | null, now: Date): PastedLine {
  const { message } = placed;
  const raw = message.raw.join("\n");
  const bodyText = message.body.join("\n").replace(/\n{3,}/g, "\n\n").trim();
  const fallback = previous ?? now;
  const base = { raw, speaker: message.speaker, endedAt: null };
  if (message.error) {
    return { ...base, error: message.error, missingTime: false, occurredAt: fallback, kind: null, isPublic: false, body: bodyText };
  }
  const prefixes = takePrefixes(bodyText);
  const kind = message.prefixes.kind ?? prefixes.kind;
  const isPublic = message.prefixes.isPublic || prefixes.isPublic;
  const body = prefixes.body;
  const error = body ? null : NO_TEXT;
  if (!message.time) {
    return { ...base, error, missingTime: true, occurredAt: fallback, kind, isPublic, body };
  }
  if (message.time.kind === "instant") {
    return { ...base, error, missingTime: false, occurredAt: message.time.at, kind, isPublic, body };
  }
  const resolved = placed.day ? resolveOnDay(message.time.stamp, placed.day, zone) : { error: `"${message.time.stamp.text}" is not a valid date` };
  if ("error" in resolved) {
    return { ...base, error: resolved.error, missingTime: false, occurredAt: fallback, kind, isPublic, body: bodyText };
  }
  return { ...base, error, missingTime: false, occurredAt: resolved.occurredAt, endedAt: resolved.endedAt, kind, isPublic, body };
}

/** Read a pasted chat log or log excerpt; see the header comment for the shapes. */
export function parseChatLog(text: string, now: Date, opts: ChatLogOptions = {}): ChatLog {
  const zone = opts.timeZone && isKnownZone(opts.timeZone) ? opts.timeZone : "UTC";
  const tokens = text.split(/\r\n|\r|\n/).map((raw) => classify(raw, now, opts.dateOrder));
  const items = structure(tokens);
  if (writesTwelveHour(tokens)) inferMeridiem(items);
  const days = placeDays(items, now, zone);
  const lines: PastedLine[] = [];
  let previous: Date | null = null;
  let chat = false;
  let zoneless = false;
  let twelveHour = false;
  for (const item of items) {
    if (item.type !== "message") continue;
    const { message } = item;
    if (message.speaker) chat = true;
    if (message.time?.kind === "stamp") {
      if (message.time.stamp.offsetMin === null) zoneless = true;
      if (message.time.stamp.twelveHour) twelveHour = true;
    }
    const line = toLine({ message, day: days.get(message) ?? null }, zone, previous, now);
    if (!line.error || line.missingTime) previous = line.occurredAt;
    lines.push(line);
  }
  return { lines, chat, zoneless, twelveHour };
}

/**
 * Parse a pasted log in UTC, one entry per message (kept for callers that
 * have no zone to offer; the composer uses parseChatLog).
 */
export function parsePastedLines(text: string, now: Date): PastedLine[] {
  return parseChatLog(text, now).lines;
}

/**
 * A paste to preview as entries rather than type into the box: a chat
 * app's copy (speakers or headers), or several lines mostly starting with
 * times.
 */
export function isTimedPaste(text: string, now: Date): boolean {
  const lines = text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== "");
  if (lines.length === 0) return false;
  if (parseChatLog(text, now).chat) return true;
  if (lines.length < 2) return false;
  const timed = lines.filter((l) => {
    const token = classify(l, now, undefined);
    return token.type === "message" || token.type === "stamp" || token.type === "bad" || token.type === "header";
  }).length;
  return timed * 2 >= lines.length;
}
