import { type ReactNode, useId } from 'react';
import { chartFont, palette } from './palette.ts';

/** An id usable inside url(#…): React's useId is stable between server and browser but has colons. */
export function useSvgId(prefix: string): string {
  return `${prefix}-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
}

/** Diagonal hatching for suppressed cells: visibly "no figure here", not a light value. */
export function HatchPattern({ id }: { id: string }) {
  return (
    <pattern id={id} width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
      <rect width={6} height={6} fill={palette.suppressed} />
      <line x1={0} y1={0} x2={0} y2={6} stroke="#c3c8d1" strokeWidth={2} />
    </pattern>
  );
}

/** Splits a long label into lines of at most `width` characters, breaking at spaces and after hyphens. */
export function wrapLabel(label: string, width: number, maxLines = 2): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+|(?<=-)/)) {
    const joined = line.endsWith('-') ? `${line}${word}` : `${line} ${word}`;
    if (line && joined.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? joined : word;
  }
  if (line) lines.push(line);
  const kept = lines
    .slice(0, maxLines)
    .map((text) => (text.length > width ? `${text.slice(0, width - 1)}…` : text));
  if (lines.length > maxLines) kept[maxLines - 1] = `${kept[maxLines - 1].slice(0, width - 1)}…`;
  return kept;
}

/**
 * The frame every chart draws in: a titled SVG image with a paper background, so a downloaded SVG
 * or PNG looks like the chart on screen.
 */
export function ChartSvg({
  width,
  height,
  title,
  children,
}: {
  width: number;
  height: number;
  title: string;
  children: ReactNode;
}) {
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={title}
      fontFamily={chartFont}
      fontSize={12}
      className="chart-svg"
    >
      <title>{title}</title>
      <rect width={width} height={height} fill={palette.paper} />
      {children}
    </svg>
  );
}
