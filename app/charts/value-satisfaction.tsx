import { max, min } from 'd3-array';
import { scaleLinear, scaleLog } from 'd3-scale';
import type { LoyaltyState } from '#db/schema/feed.ts';
import { palette } from './palette.ts';
import { ChartSvg } from './parts.tsx';

export interface ValueSatisfactionPoint {
  clientId: string;
  name: string;
  value: number;
  satisfaction: number;
  state: LoyaltyState;
}

export type ValueSatisfactionQuadrant = 'retain' | 'rescue' | 'develop' | 'monitor';

export interface ValueSatisfactionChartProps {
  title: string;
  points: readonly ValueSatisfactionPoint[];
  /** Median value and the satisfaction line (the satisfied bar for CSI, 0 for NPS). */
  crosshair: { value: number; satisfaction: number };
  /** CSI runs 0–100, account NPS −100–100. */
  satisfactionDomain: [number, number];
  valueLabel: string;
  satisfactionLabel: string;
  stateLabels: Record<LoyaltyState, string>;
  quadrantLabels: Record<ValueSatisfactionQuadrant, string>;
  formatValue: (value: number) => string;
  formatSatisfaction: (value: number) => string;
  /** The dot's tooltip and accessible name. */
  pointLabel: (point: ValueSatisfactionPoint) => string;
}

/** Loyalty states in the order of the legend, with their dot colours (the good end green, risk red). */
export const loyaltyStateColours: Record<LoyaltyState, string> = {
  champion: '#1a7f37',
  satisfied: '#6aa84f',
  passive: '#8a94a6',
  at_risk: palette.detractors,
  lost_contact: '#b7791f',
};

/** The states best first, as the legend, the counts and the movement table list them. */
export const loyaltyStateOrder = Object.keys(loyaltyStateColours) as LoyaltyState[];

const width = 760;
const height = 480;
const margin = { top: 36, right: 24, bottom: 48, left: 60 };

/** Powers of ten inside the domain: the ticks a logarithmic value axis reads well with. */
function valueTicks(low: number, high: number): number[] {
  const ticks: number[] = [];
  for (let tick = 10 ** Math.ceil(Math.log10(low)); tick <= high; tick *= 10) ticks.push(tick);
  return ticks;
}

/**
 * Value × satisfaction matrix: one dot per client, value on a logarithmic axis, satisfaction on a
 * linear axis; the median value and the satisfaction line cut it into four labelled quadrants. Each dot
 * links to its client.
 */
export function ValueSatisfactionChart({
  title,
  points,
  crosshair,
  satisfactionDomain,
  valueLabel,
  satisfactionLabel,
  stateLabels,
  quadrantLabels,
  formatValue,
  formatSatisfaction,
  pointLabel,
}: ValueSatisfactionChartProps) {
  const top = Math.max(max(points, (point) => point.value) ?? 1, crosshair.value, 10);
  // Incomes span orders of magnitude, so the axis is logarithmic; it starts five orders below the
  // largest value, and a smaller value (a client with no income at all) sits on the left edge.
  const floor = Math.max(
    min(points, (point) => (point.value > 0 ? point.value : undefined)) ?? 1,
    top / 1e5,
    1,
  );
  const x = scaleLog()
    .domain([floor / 1.5, top * 1.5])
    .range([margin.left, width - margin.right])
    .clamp(true);
  const y = scaleLinear()
    .domain(satisfactionDomain)
    .range([height - margin.bottom, margin.top]);
  const [left, right] = x.range();
  const [bottom, upper] = y.range();
  const cx = x(Math.max(crosshair.value, floor / 1.5));
  const cy = y(crosshair.satisfaction);
  const corner = (quadrant: ValueSatisfactionQuadrant, px: number, py: number, anchor: 'start' | 'end') => (
    // A paper-coloured halo keeps the label legible over the dots under it.
    <text
      x={px}
      y={py}
      textAnchor={anchor}
      fill={palette.muted}
      fontWeight={600}
      fontSize={12}
      stroke={palette.paper}
      strokeWidth={4}
      paintOrder="stroke"
    >
      {quadrantLabels[quadrant]}
    </text>
  );
  return (
    <ChartSvg width={width} height={height} title={title}>
      {valueTicks(floor / 1.5, top * 1.5).map((tick) => (
        <g key={`x${tick}`}>
          <line x1={x(tick)} x2={x(tick)} y1={upper} y2={bottom} stroke={palette.grid} />
          <text x={x(tick)} y={bottom + 16} textAnchor="middle" fill={palette.muted} fontSize={11}>
            {formatValue(tick)}
          </text>
        </g>
      ))}
      {y.ticks(5).map((tick) => (
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
            {formatSatisfaction(tick)}
          </text>
        </g>
      ))}
      <rect
        x={left}
        y={upper}
        width={right - left}
        height={bottom - upper}
        fill="none"
        stroke={palette.line}
      />
      <line x1={cx} x2={cx} y1={upper} y2={bottom} stroke={palette.muted} strokeDasharray="5 4" />
      <line x1={left} x2={right} y1={cy} y2={cy} stroke={palette.muted} strokeDasharray="5 4" />
      {points.map((point) => {
        const label = pointLabel(point);
        return (
          <a
            key={point.clientId}
            href={`/clients/${point.clientId}`}
            aria-label={label}
            className="matrix-dot"
          >
            <title>{label}</title>
            <circle
              cx={x(point.value)}
              cy={y(point.satisfaction)}
              r={5}
              fill={loyaltyStateColours[point.state]}
              fillOpacity={0.8}
              stroke={palette.paper}
              strokeWidth={1}
            />
          </a>
        );
      })}
      {corner('develop', left + 8, upper + 16, 'start')}
      {corner('retain', right - 8, upper + 16, 'end')}
      {corner('monitor', left + 8, bottom - 8, 'start')}
      {corner('rescue', right - 8, bottom - 8, 'end')}
      <g transform={`translate(${left}, 14)`}>
        {loyaltyStateOrder.map((state, index) => (
          <g key={state} transform={`translate(${index * 130}, 0)`}>
            <circle cx={5} cy={0} r={5} fill={loyaltyStateColours[state]} />
            <text x={14} y={0} dominantBaseline="middle" fill={palette.ink} fontSize={11}>
              {stateLabels[state]}
            </text>
          </g>
        ))}
      </g>
      <text x={(left + right) / 2} y={height - 8} textAnchor="middle" fill={palette.ink} fontWeight={600}>
        {valueLabel}
      </text>
      <text
        transform={`translate(14, ${(upper + bottom) / 2}) rotate(-90)`}
        textAnchor="middle"
        fill={palette.ink}
        fontWeight={600}
      >
        {satisfactionLabel}
      </text>
    </ChartSvg>
  );
}
