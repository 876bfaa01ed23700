import { ChartSvg } from './parts.tsx';
import { extent } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import type { IpaQuadrant } from '#analytics/metrics/ipa.ts';
import { palette } from './palette.ts';

export interface IpaPoint {
  key: string;
  label: string;
  importance: number;
  performance: number;
  quadrant: IpaQuadrant;
}

export interface IpaMatrixProps {
  title: string;
  points: IpaPoint[];
  crosshair: { importance: number; performance: number };
  importanceLabel: string;
  performanceLabel: string;
  quadrantLabels: Record<IpaQuadrant, string>;
  formatImportance: (value: number) => string;
  formatPerformance: (value: number) => string;
}

const width = 660;
const height = 440;
const margin = { top: 20, right: 24, bottom: 46, left: 56 };

function paddedDomain(values: number[], centre: number): [number, number] {
  const [low = centre, high = centre] = extent([...values, centre]);
  const pad = Math.max((high - low) * 0.12, Math.abs(centre) * 0.02, 0.05);
  return [low - pad, high + pad];
}

/**
 * Importance–performance matrix (Martilla & James): the crosshair at the mean importance and mean
 * performance splits attributes into four quadrants, named in each corner.
 */
export function IpaMatrix({
  title,
  points,
  crosshair,
  importanceLabel,
  performanceLabel,
  quadrantLabels,
  formatImportance,
  formatPerformance,
}: IpaMatrixProps) {
  const x = scaleLinear()
    .domain(
      paddedDomain(
        points.map((point) => point.importance),
        crosshair.importance,
      ),
    )
    .range([margin.left, width - margin.right]);
  const y = scaleLinear()
    .domain(
      paddedDomain(
        points.map((point) => point.performance),
        crosshair.performance,
      ),
    )
    .range([height - margin.bottom, margin.top]);
  const [left, right] = x.range();
  const [bottom, top] = y.range();
  const corner = (quadrant: IpaQuadrant, cx: number, cy: number, anchor: 'start' | 'end') => (
    <text
      x={cx}
      y={cy}
      textAnchor={anchor}
      fill={palette.quadrants[quadrant]}
      fontWeight={600}
      fontSize={12}
      opacity={0.9}
    >
      {quadrantLabels[quadrant]}
    </text>
  );
  return (
    <ChartSvg width={width} height={height} title={title}>
      {x.ticks(6).map((tick) => (
        <g key={`x${tick}`}>
          <line x1={x(tick)} x2={x(tick)} y1={top} y2={bottom} stroke={palette.grid} />
          <text x={x(tick)} y={bottom + 16} textAnchor="middle" fill={palette.muted} fontSize={11}>
            {formatImportance(tick)}
          </text>
        </g>
      ))}
      {y.ticks(6).map((tick) => (
        <g key={`y${tick}`}>
          <line x1={left} x2={right} y1={y(tick)} y2={y(tick)} stroke={palette.grid} />
          <text
            x={left - 8}
            y={y(tick)}
            textAnchor="end"
            dominantBaseline="middle"
            fill={palette.muted}
            fontSize={11}
          >
            {formatPerformance(tick)}
          </text>
        </g>
      ))}
      <rect x={left} y={top} width={right - left} height={bottom - top} fill="none" stroke={palette.line} />
      <line
        x1={x(crosshair.importance)}
        x2={x(crosshair.importance)}
        y1={top}
        y2={bottom}
        stroke={palette.muted}
        strokeDasharray="5 4"
      />
      <line
        x1={left}
        x2={right}
        y1={y(crosshair.performance)}
        y2={y(crosshair.performance)}
        stroke={palette.muted}
        strokeDasharray="5 4"
      />
      {corner('overkill', left + 8, top + 16, 'start')}
      {corner('keep', right - 8, top + 16, 'end')}
      {corner('low-priority', left + 8, bottom - 8, 'start')}
      {corner('concentrate', right - 8, bottom - 8, 'end')}
      {points.map((point) => {
        const px = x(point.importance);
        const py = y(point.performance);
        const onRight = px > (left + right) / 2;
        return (
          <g key={point.key}>
            <title>
              {`${point.label}: ${importanceLabel} ${formatImportance(point.importance)}, ${performanceLabel} ${formatPerformance(point.performance)} — ${quadrantLabels[point.quadrant]}`}
            </title>
            <circle
              cx={px}
              cy={py}
              r={6}
              fill={palette.quadrants[point.quadrant]}
              stroke={palette.paper}
              strokeWidth={1.5}
            />
            <text
              x={onRight ? px - 10 : px + 10}
              y={py}
              dominantBaseline="middle"
              textAnchor={onRight ? 'end' : 'start'}
              fill={palette.ink}
              fontSize={11}
            >
              {point.label}
            </text>
          </g>
        );
      })}
      <text x={(left + right) / 2} y={height - 8} textAnchor="middle" fill={palette.ink} fontWeight={600}>
        {importanceLabel}
      </text>
      <text
        transform={`translate(14, ${(top + bottom) / 2}) rotate(-90)`}
        textAnchor="middle"
        fill={palette.ink}
        fontWeight={600}
      >
        {performanceLabel}
      </text>
    </ChartSvg>
  );
}
