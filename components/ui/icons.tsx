import type { ReactNode, SVGProps } from "react";

/**
 * The app's icons, inline SVG in the text colour. Never emoji or symbol
 * characters: a machine without an emoji font shows those as empty boxes
 * (the pending "⏳" did). Decorative by default (aria-hidden); pass `title`
 * when the icon alone carries meaning.
 */
type IconProps = Omit<SVGProps<SVGSVGElement>, "children"> & { title?: string; size?: number };

function Icon({ title, size = 16, className = "", children, ...props }: IconProps & { children: ReactNode }) {
  return (
    <svg
      viewBox="0 0 16 16"
      width={size}
      height={size}
      fill="none"
      stroke="currentColor"
      strokeWidth={1.6}
      strokeLinecap="round"
      strokeLinejoin="round"
      role={title ? "img" : undefined}
      aria-hidden={title ? undefined : true}
      aria-label={title}
      focusable="false"
      data-icon
      className={`inline-block shrink-0 align-[-0.125em] ${className}`}
      {...props}
    >
      {title ? <title>{title}</title> : null}
      {children}
    </svg>
  );
}

/** Waiting for the server (a clock). */
export function PendingIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="8" cy="8" r="6.2" />
      <path d="M8 4.5V8l2.4 1.6" />
    </Icon>
  );
}

export function StarIcon({ filled = true, ...props }: IconProps & { filled?: boolean }) {
  return (
    <Icon {...props}>
      <path
        d="M8 1.8l1.85 3.9 4.25.55-3.1 2.95.8 4.2L8 11.35 4.2 13.4l.8-4.2L1.9 6.25l4.25-.55z"
        fill={filled ? "currentColor" : "none"}
      />
    </Icon>
  );
}

/** A milestone (impact start, detected, mitigated, resolved). */
export function MilestoneIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M8 2l6 6-6 6-6-6z" fill="currentColor" />
    </Icon>
  );
}

/** A public update (broadcast). */
export function PublicIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <circle cx="8" cy="8" r="1.6" fill="currentColor" />
      <path d="M5.2 10.8a4 4 0 010-5.6M10.8 5.2a4 4 0 010 5.6M3.1 12.9a7 7 0 010-9.8M12.9 3.1a7 7 0 010 9.8" />
    </Icon>
  );
}

/** A toggle's state, beside aria-pressed. */
export function CheckboxIcon({ checked, ...props }: IconProps & { checked: boolean }) {
  return (
    <Icon {...props}>
      <rect x="2" y="2" width="12" height="12" rx="2.5" fill={checked ? "currentColor" : "none"} />
      {checked ? <path d="M4.8 8.2l2.2 2.2 4.3-4.6" stroke="white" strokeWidth={2} /> : null}
    </Icon>
  );
}

export function WarningIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M8 1.8L15 14H1z" />
      <path d="M8 6.2v3.6M8 11.9v.1" strokeWidth={2} />
    </Icon>
  );
}

export function CloseIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M3.5 3.5l9 9M12.5 3.5l-9 9" strokeWidth={2} />
    </Icon>
  );
}

export function CheckIcon(props: IconProps) {
  return (
    <Icon {...props}>
      <path d="M3 8.5l3.2 3.2L13 4.8" strokeWidth={2} />
    </Icon>
  );
}

/** A table column's sort order: "asc", "desc" or none. */
export function SortIcon({ dir, ...props }: IconProps & { dir: "asc" | "desc" | false }) {
  return (
    <Icon {...props}>
      {dir !== "desc" ? <path d="M4.5 6.5L8 3l3.5 3.5" strokeWidth={dir === "asc" ? 2.2 : 1.2} /> : null}
      {dir !== "asc" ? <path d="M4.5 9.5L8 13l3.5-3.5" strokeWidth={dir === "desc" ? 2.2 : 1.2} /> : null}
    </Icon>
  );
}

export function ArrowIcon({ dir, ...props }: IconProps & { dir: "left" | "right" | "down" | "up" }) {
  const rotate = { right: 0, down: 90, left: 180, up: 270 }[dir];
  return (
    <Icon {...props}>
      <path d="M2.5 8h11M9 3.5L13.5 8 9 12.5" transform={`rotate(${rotate} 8 8)`} />
    </Icon>
  );
}

export function ChevronIcon({ dir = "down", ...props }: IconProps & { dir?: "down" | "up" | "right" }) {
  const rotate = { down: 0, up: 180, right: -90 }[dir];
  return (
    <Icon {...props}>
      <path d="M4 6l4 4 4-4" transform={`rotate(${rotate} 8 8)`} />
    </Icon>
  );
}

/** Work in progress (loading): spins unless the viewer prefers reduced motion. */
export function SpinnerIcon(props: IconProps) {
  return (
    <Icon {...props} className={`animate-spin ${props.className ?? ""}`}>
      <path d="M8 1.8a6.2 6.2 0 106.2 6.2" />
    </Icon>
  );
}
