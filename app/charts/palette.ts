import { color } from 'd3-color';

// Colours and type are written into each chart's SVG as attributes (not CSS classes), so a
// downloaded SVG or PNG looks the same as the chart on the page.
export const chartFont = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';

export const palette = {
  ink: '#1d2433',
  muted: '#5d6679',
  line: '#dde2ea',
  grid: '#eef1f5',
  paper: '#ffffff',
  accent: '#1f5fbf',
  promoters: '#1a7f37',
  passives: '#b8bfca',
  detractors: '#b42318',
  suppressed: '#e4e7ec',
  quadrants: {
    concentrate: '#b42318',
    keep: '#1a7f37',
    'low-priority': '#8a94a6',
    overkill: '#b7791f',
  },
} as const;

/** Dark or light text, whichever reads on the given fill. */
export function textOn(fill: string): string {
  const rgb = color(fill)?.rgb();
  if (!rgb) return palette.ink;
  return (0.2126 * rgb.r + 0.7152 * rgb.g + 0.0722 * rgb.b) / 255 > 0.5 ? palette.ink : palette.paper;
}
