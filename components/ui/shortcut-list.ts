/** Every keyboard shortcut, as the "?" dialog lists them. Keep in step with the handlers. */
export type Shortcut = { keys: string[]; what: string };
export type ShortcutGroup = { title: string; shortcuts: Shortcut[] };

export const SHORTCUT_GROUPS: ShortcutGroup[] = [
  {
    title: "Anywhere",
    shortcuts: [
      { keys: ["?"], what: "Show this list" },
      { keys: ["/"], what: "Search everything (then ↑ ↓ and Enter)" },
      { keys: ["Esc"], what: "Close a dialog or menu, leave a field" },
    ],
  },
  {
    title: "Incident list",
    shortcuts: [
      { keys: ["n"], what: "Declare an incident (focus the title)" },
      { keys: ["Alt+1…4"], what: "Severity SEV1–SEV4 while typing the title (or 1–4 on the severity buttons)" },
      { keys: ["Enter"], what: "Declare and open the incident" },
    ],
  },
  {
    title: "Incident",
    shortcuts: [
      { keys: ["Shift+S"], what: "Change status (then 1–4)" },
      { keys: ["Shift+V"], what: "Change severity (then 1–4)" },
      { keys: ["Shift+C"], what: "Give the commander role (type a name or email, Enter)" },
      { keys: ["i"], what: "Write a timeline entry" },
    ],
  },
  {
    title: "Entry box",
    shortcuts: [
      { keys: ["Enter"], what: "Post the entry (Shift+Enter: new line)" },
      { keys: ["Alt+1…5"], what: "Kind: note, action, decision, communication, alert" },
      { keys: ["Alt+I"], what: "Post as milestone: impact starts" },
      { keys: ["Alt+D"], what: "Post as milestone: detected" },
      { keys: ["Alt+M"], what: "Post as milestone: mitigated" },
      { keys: ["Alt+R"], what: "Post as milestone: resolved" },
      { keys: ["Alt+P"], what: "Public update on / off (shown on the status page)" },
      { keys: ["Alt+Shift+1…4"], what: "Public update from a template: investigating, identified, monitoring, resolved" },
      { keys: ["Enter"], what: "In the empty box: accept the offer above it (set the status after a Resolved or Mitigated milestone)" },
      { keys: ["Esc"], what: "Decline that offer; otherwise leave the box and select the latest entry" },
    ],
  },
  {
    title: "Entry text",
    shortcuts: [
      { keys: ["14:24", "14:24:30"], what: "Start with a UTC time (today; yesterday if that is in the future)" },
      { keys: ["-5m", "-1h30m", "-90s"], what: "Start with a time that long ago" },
      { keys: ["2026-03-03 23:50", "ISO 8601"], what: "Start with a full UTC date and time" },
      { keys: ["11:32-13:05"], what: "A span with an end time" },
      { keys: ["a:", "d:", "c:", "!", "n:"], what: "Kind: action, decision, communication, alert, note" },
      { keys: ["public:"], what: "A public update (status page)" },
      { keys: ["6:21 PM", "Mar 3 18:21"], what: "12-hour times and dates with month names work too" },
      { keys: ["[6:21 PM] alice:"], what: "A chat line: alice becomes the entry's attribution (via alice)" },
      { keys: ["paste"], what: "A chat log (Slack, Teams, …) or lines with times: preview, then post one entry per message" },
    ],
  },
  {
    title: "Timeline",
    shortcuts: [
      { keys: ["j", "k"], what: "Next / previous entry (older ones load as you go)" },
      { keys: ["e"], what: "Edit the entry (Enter saves, Esc cancels)" },
      { keys: ["s"], what: "Star / unstar as a key entry" },
      { keys: ["l"], what: "Set its short status label" },
      { keys: ["h"], what: "Show its earlier versions" },
      { keys: ["a"], what: "Turn it into an action item (linked to the entry)" },
      { keys: ["p"], what: "Make it public (asks first) or internal again" },
      { keys: ["Shift+P"], what: "Show only public updates / all entries" },
      { keys: ["g"], what: "Jump to a time (14:24, -2h, 2026-03-03 09:12) or a milestone" },
      { keys: ["Delete", "Backspace"], what: "Delete it (undo with u)" },
      { keys: ["u"], what: "Undo the last delete" },
    ],
  },
];
