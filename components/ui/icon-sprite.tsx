import { Copy, Link2 } from "lucide-react";
import { cn } from "@/lib/cn";

/**
 * Icons that every row of a long table repeats, drawn once per page (the dashboard layout renders IconSprite) and
 * referenced by `<use>`: a row carries a 60-byte reference instead of the icon's whole SVG, 2,048 times on a page of
 * 1,024 groups. They take the colour of the text around them, as the icons themselves do.
 */
const SPRITE = { copy: Copy, link: Link2 } as const;

export type SpriteIconName = keyof typeof SPRITE;

export function IconSprite() {
  return (
    <svg width="0" height="0" className="absolute" aria-hidden="true" focusable="false">
      <defs>
        {Object.entries(SPRITE).map(([name, Icon]) => (
          <Icon key={name} id={`icon-${name}`} />
        ))}
      </defs>
    </svg>
  );
}

export function SpriteIcon({ name, className }: { name: SpriteIconName; className?: string }) {
  return (
    <svg className={cn("icon-sm", className)} aria-hidden="true">
      <use href={`#icon-${name}`} />
    </svg>
  );
}
