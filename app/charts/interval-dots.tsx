import { extent } from 'd3-array';
import { scaleBand, scaleLinear } from 'd3-scale';
import type { ShownCell } from '#app/models/analytics-params.ts';
import { palette } from './palette.ts';
import { wrapLabel, ChartSvg } from './parts.tsx';

export interface IntervalDotsProps {
  title: string;
  rows: { key: string; label: string; cell: ShownCell }[];
  range: { min: number; max: number; mid?: number };
  formatValue: (value: number) => string;
  tooltip: (label: string, cell: ShownCell) => string;
  suppressedLabel: string;
}

const width = 640;
const labelWidth = 190;
const valueWidth = 70;
const rowHeight = 28;
const axisHeight = 24;

/** One estimate per segment with its 95% interval, on a shared axis, so overlaps are visible. */
export function IntervalDots({
  title,
  rows,
  range,
  formatValue,
  tooltip,
  suppressedLabel,
}: IntervalDotsProps) {
  const height = axisHeight + Math.max(1, rows.length) * rowHeight;
  const values = rows.flatMap((row) =>
    row.cell.value === null ? [] : [row.cell.value, ...(row.cell.ci95 ?? [])],
  );
  if (range.mid !== undefined) values.push(range.mid);
  const [low = range.min, high = range.max] = extent(values);
  const pad = Math.max((high - low) * 0.08, (range.max - range.min) * 0.02);
  const x = scaleLinear()
    .domain([Math.max(range.min, low - pad), Math.min(range.max, high + pad)])
    .nice()
    .range([labelWidth, width - valueWidth]);
  const y = scaleBand()
    .domain(rows.map((row) => row.key))
    .range([axisHeight, height])
    .padding(0.3);
  const [left, right] = x.range();
  return (
    <ChartSvg width={width} height={height} title={title}>
      {x.ticks(6).map((tick) => (
        <g key={tick}>
          <line x1={x(tick)} x2={x(tick)} y1={axisHeight - 4} y2={height} stroke={palette.grid} />
          <text x={x(tick)} y={axisHeight - 10} textAnchor="middle" fill={palette.muted} fontSize={11}>
            {formatValue(tick)}
          </text>
        </g>
      ))}
      {range.mid !== undefined && range.mid > x.domain()[0] && range.mid < x.domain()[1] ? (
        <line x1={x(range.mid)} x2={x(range.mid)} y1={axisHeight - 4} y2={height} stroke={palette.muted} />
      ) : null}
      {rows.map((row) => {
        const cy = (y(row.key) ?? 0) + y.bandwidth() / 2;
        const cell = row.cell;
        return (
          <g key={row.key}>
            <title>{tooltip(row.label, cell)}</title>
            <text x={0} y={cy} dominantBaseline="middle" fill={palette.ink}>
              {wrapLabel(row.label, 28, 1)[0]}
            </text>
            {cell.value === null ? (
              <text
                x={(left + right) / 2}
                y={cy}
                dominantBaseline="middle"
                textAnchor="middle"
                fill={palette.muted}
              >
                {cell.suppressed ? suppressedLabel : '—'}
              </text>
            ) : (
              <>
                {cell.ci95 ? (
                  <line
                    x1={x(cell.ci95[0])}
                    x2={x(cell.ci95[1])}
                    y1={cy}
                    y2={cy}
                    stroke={palette.accent}
                    strokeWidth={2}
                  />
                ) : null}
                <circle
                  cx={x(cell.value)}
                  cy={cy}
                  r={5}
                  fill={cell.lowBase ? palette.paper : palette.accent}
                  stroke={palette.accent}
                  strokeWidth={2}
                />
                <text
                  x={width}
                  y={cy}
                  dominantBaseline="middle"
                  textAnchor="end"
                  fill={palette.ink}
                  fontWeight={600}
                >
                  {`${formatValue(cell.value)}${cell.lowBase ? '*' : ''}`}
                </text>
              </>
            )}
          </g>
        );
      })}
    </ChartSvg>
  );
}
