import { extent } from 'd3-array';
import { scaleBand, scaleLinear } from 'd3-scale';
import { palette } from './palette.ts';
import { ChartSvg, wrapLabel } from './parts.tsx';

export interface ManagerIntervalRow {
  managerId: string;
  label: string;
  n: number;
  adjusted: number;
  shrunk: number;
  ci95: readonly [number, number];
  versusMean: 'above' | 'below' | 'overlaps';
  lowBase: boolean;
}

export interface ManagerFunnelIntervalsProps {
  title: string;
  rows: readonly ManagerIntervalRow[];
  mean: number;
  meanLabel: string;
  /** The metric's own scale, so the axis never runs past what a score can be. */
  range: { min: number; max: number };
  formatValue: (value: number) => string;
  tooltip: (row: ManagerIntervalRow) => string;
  highlightId?: string;
}

const width = 720;
const labelWidth = 240;
const valueWidth = 64;
const rowHeight = 26;
const axisHeight = 40;

const colourOf = { above: palette.promoters, below: palette.detractors, overlaps: palette.accent } as const;

/**
 * Every manager's fair score with its 95% interval on one axis against the company mean, so whose
 * portfolio really differs is visible at a glance: an interval clear of the mean line is a
 * difference, one across it is not. The hollow ring shows the adjusted score before shrinkage, so
 * the pull of a small portfolio toward the mean can be seen; each label carries its n.
 */
export function ManagerFunnelIntervals({
  title,
  rows,
  mean,
  meanLabel,
  range,
  formatValue,
  tooltip,
  highlightId,
}: ManagerFunnelIntervalsProps) {
  const height = axisHeight + Math.max(1, rows.length) * rowHeight + 8;
  const [low = range.min, high = range.max] = extent([
    mean,
    ...rows.flatMap((row) => [row.ci95[0], row.ci95[1], row.adjusted]),
  ]);
  const pad = Math.max((high - low) * 0.06, (range.max - range.min) * 0.01);
  const x = scaleLinear()
    .domain([Math.max(range.min, low - pad), Math.min(range.max, high + pad)])
    .nice()
    .range([labelWidth, width - valueWidth]);
  const y = scaleBand()
    .domain(rows.map((row) => row.managerId))
    .range([axisHeight, height - 8])
    .padding(0.35);
  return (
    <ChartSvg width={width} height={height} title={title}>
      {x.ticks(8).map((tick) => (
        <g key={tick}>
          <line x1={x(tick)} x2={x(tick)} y1={axisHeight - 4} y2={height - 8} stroke={palette.grid} />
          <text x={x(tick)} y={axisHeight - 10} textAnchor="middle" fill={palette.muted} fontSize={11}>
            {formatValue(tick)}
          </text>
        </g>
      ))}
      <line x1={x(mean)} x2={x(mean)} y1={14} y2={height - 8} stroke={palette.ink} strokeDasharray="4 3" />
      <text x={x(mean)} y={10} textAnchor="middle" fill={palette.ink} fontSize={11} fontWeight={600}>
        {meanLabel}
      </text>
      {rows.map((row) => {
        const cy = (y(row.managerId) ?? 0) + y.bandwidth() / 2;
        const colour = colourOf[row.versusMean];
        const highlighted = row.managerId === highlightId;
        return (
          <g key={row.managerId}>
            <title>{tooltip(row)}</title>
            {highlighted ? (
              <rect x={0} y={cy - rowHeight / 2} width={width} height={rowHeight} fill={palette.grid} />
            ) : null}
            <text
              x={0}
              y={cy}
              dominantBaseline="middle"
              fill={palette.ink}
              fontWeight={highlighted ? 600 : 400}
            >
              {`${wrapLabel(row.label, 26, 1)[0]} · n=${row.n}`}
            </text>
            <line x1={x(row.ci95[0])} x2={x(row.ci95[1])} y1={cy} y2={cy} stroke={colour} strokeWidth={2} />
            <circle cx={x(row.adjusted)} cy={cy} r={4} fill="none" stroke={palette.muted} strokeWidth={1.5} />
            <circle
              cx={x(row.shrunk)}
              cy={cy}
              r={5}
              fill={row.lowBase ? palette.paper : colour}
              stroke={colour}
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
              {`${formatValue(row.shrunk)}${row.lowBase ? '*' : ''}`}
            </text>
          </g>
        );
      })}
    </ChartSvg>
  );
}
