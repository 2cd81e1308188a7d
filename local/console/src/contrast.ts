/** WCAG 2 contrast ratio of two sRGB colours (`#rgb`, `#rrggbb` or `rgb()/rgba()` as computed styles give them). */

export type Rgb = readonly [number, number, number];

export function parseColour(colour: string): Rgb & { alpha?: number } {
  const text = colour.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(text)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16)) as unknown as Rgb;
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(text);
  if (rgb) {
    const values = [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] as [number, number, number];
    const alphaText = rgb[4];
    const alpha = alphaText === undefined ? 1 : alphaText.endsWith('%') ? Number(alphaText.slice(0, -1)) / 100 : Number(alphaText);
    return Object.assign(values, { alpha }) as unknown as Rgb & { alpha?: number };
  }
  throw new Error(`unsupported colour: ${colour}`);
}

export function relativeLuminance([r, g, b]: Rgb): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrastRatio(foreground: string | Rgb, background: string | Rgb): number {
  const a = relativeLuminance(typeof foreground === 'string' ? parseColour(foreground) : foreground);
  const b = relativeLuminance(typeof background === 'string' ? parseColour(background) : background);
  const [light, dark] = a > b ? [a, b] : [b, a];
  return (light + 0.05) / (dark + 0.05);
}

/** WCAG AA: 4.5:1 for text, 3:1 for large text (24 px, or 18.66 px bold) and for UI components. */
export function meetsAA(ratio: number, options: { large?: boolean } = {}): boolean {
  return ratio >= (options.large ? 3 : 4.5);
}
