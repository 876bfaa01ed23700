import { extent } from 'd3-array';
import { scalePoint, scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { ShownCell } from '#app/models/analytics-params.ts';
import { palette } from './palette.ts';
import { wrapLabel, ChartSvg } from './parts.tsx';

export interface TrendLineProps {
  title: string;
  points: { key: string; label: string; cell: ShownCell }[];
  /** The metric's whole scale; the axis zooms to the data but never beyond it. */
  range: { min: number; max: number; mid?: number };
  formatValue: (value: number) => string;
  tooltip: (label: string, cell: ShownCell) => string;
  suppressedLabel: string;
}

const width = 680;
const height = 320;
const margin = { top: 18, right: 30, bottom: 48, left: 52 };

interface Drawn {
  key: string;
  x: number;
  value: number;
  low: number;
  high: number;
}

/** A metric across waves: a line through the estimates, whiskers for their 95% intervals. */
export function TrendLine({ title, points, range, formatValue, tooltip, suppressedLabel }: TrendLineProps) {
  const x = scalePoint()
    .domain(points.map((point) => point.key))
    .range([margin.left, width - margin.right])
    .padding(0.5);
  const shown = points.filter((point) => point.cell.value !== null);
  const values = shown.flatMap((point) => [point.cell.value!, ...(point.cell.ci95 ?? [])]);
  if (range.mid !== undefined) values.push(range.mid);
  const [low = range.min, high = range.max] = extent(values);
  const pad = Math.max((high - low) * 0.1, (range.max - range.min) * 0.02);
  const y = scaleLinear()
    .domain([Math.max(range.min, low - pad), Math.min(range.max, high + pad)])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const drawn: Drawn[] = shown.map((point) => ({
    key: point.key,
    x: x(point.key) ?? 0,
    value: point.cell.value!,
    low: point.cell.ci95?.[0] ?? point.cell.value!,
    high: point.cell.ci95?.[1] ?? point.cell.value!,
  }));
  const path = line<Drawn>()
    .x((point) => point.x)
    .y((point) => y(point.value))(drawn);
  const [bottom, top] = y.range();
  return (
    <ChartSvg width={width} height={height} title={title}>
      {y.ticks(6).map((tick) => (
        <g key={tick}>
          <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} stroke={palette.grid} />
          <text
            x={margin.left - 8}
            y={y(tick)}
            textAnchor="end"
            dominantBaseline="middle"
            fill={palette.muted}
            fontSize={11}
          >
            {formatValue(tick)}
          </text>
        </g>
      ))}
      {range.mid !== undefined && range.mid > y.domain()[0] && range.mid < y.domain()[1] ? (
        <line
          x1={margin.left}
          x2={width - margin.right}
          y1={y(range.mid)}
          y2={y(range.mid)}
          stroke={palette.muted}
        />
      ) : null}
      {path ? <path d={path} fill="none" stroke={palette.accent} strokeWidth={2} /> : null}
      {points.map((point) => {
        const px = x(point.key) ?? 0;
        const cell = point.cell;
        return (
          <g key={point.key}>
            <title>{tooltip(point.label, cell)}</title>
            {cell.value === null ? (
              <text x={px} y={(top + bottom) / 2} textAnchor="middle" fill={palette.muted}>
                {cell.suppressed ? suppressedLabel : '—'}
              </text>
            ) : (
              <>
                {cell.ci95 ? (
                  <g stroke={palette.accent} strokeWidth={1.5}>
                    <line x1={px} x2={px} y1={y(cell.ci95[0])} y2={y(cell.ci95[1])} />
                    <line x1={px - 6} x2={px + 6} y1={y(cell.ci95[0])} y2={y(cell.ci95[0])} />
                    <line x1={px - 6} x2={px + 6} y1={y(cell.ci95[1])} y2={y(cell.ci95[1])} />
                  </g>
                ) : null}
                <circle
                  cx={px}
                  cy={y(cell.value)}
                  r={5}
                  fill={cell.lowBase ? palette.paper : palette.accent}
                  stroke={palette.accent}
                  strokeWidth={2}
                />
                <text
                  x={px + 10}
                  y={y(cell.value)}
                  dominantBaseline="middle"
                  fill={palette.ink}
                  fontWeight={600}
                >
                  {`${formatValue(cell.value)}${cell.lowBase ? '*' : ''}`}
                </text>
              </>
            )}
            {wrapLabel(point.label, 22, 2).map((text, index) => (
              <text
                key={text}
                x={px}
                y={bottom + 18 + index * 13}
                textAnchor="middle"
                fill={palette.ink}
                fontSize={11}
              >
                {text}
              </text>
            ))}
          </g>
        );
      })}
    </ChartSvg>
  );
}
