import { scaleBand, scaleLinear } from 'd3-scale';
import type { ShownCell } from '#app/models/analytics-params.ts';
import { palette } from './palette.ts';
import { HatchPattern, useSvgId, wrapLabel, ChartSvg } from './parts.tsx';

export interface CompositionSegment {
  key: string;
  label: string;
  cell: ShownCell;
  shares: { promoters: number; passives: number; detractors: number } | null;
}

export interface StackedCompositionProps {
  title: string;
  segments: CompositionSegment[];
  labels: { promoters: string; passives: string; detractors: string; nps: string };
  formatShare: (value: number) => string;
  formatNps: (value: number) => string;
  suppressedLabel: string;
}

const width = 680;
const labelWidth = 180;
const npsWidth = 70;
const rowHeight = 32;
const legendHeight = 30;
const parts = ['detractors', 'passives', 'promoters'] as const;

/** 100% bars of detractors, passives and promoters per segment, with the segment's NPS beside each. */
export function StackedComposition({
  title,
  segments,
  labels,
  formatShare,
  formatNps,
  suppressedLabel,
}: StackedCompositionProps) {
  const hatchId = useSvgId('hatch');
  const height = legendHeight + Math.max(1, segments.length) * rowHeight;
  const x = scaleLinear()
    .domain([0, 100])
    .range([labelWidth, width - npsWidth]);
  const y = scaleBand()
    .domain(segments.map((segment) => segment.key))
    .range([legendHeight, height])
    .padding(0.22);
  let legendX = labelWidth;
  return (
    <ChartSvg width={width} height={height} title={title}>
      <defs>
        <HatchPattern id={hatchId} />
      </defs>
      {parts.map((part) => {
        const at = legendX;
        legendX += labels[part].length * 7 + 34;
        return (
          <g key={part} transform={`translate(${at}, 8)`}>
            <rect width={12} height={12} fill={palette[part]} rx={2} />
            <text x={17} y={10} fill={palette.ink}>
              {labels[part]}
            </text>
          </g>
        );
      })}
      <text x={width} y={18} textAnchor="end" fill={palette.muted}>
        {labels.nps}
      </text>
      {segments.map((segment) => {
        const top = y(segment.key) ?? 0;
        const band = y.bandwidth();
        let start = 0;
        return (
          <g key={segment.key} transform={`translate(0, ${top})`}>
            <text x={0} y={band / 2} dominantBaseline="middle" fill={palette.ink}>
              {wrapLabel(segment.label, 26, 1)[0]}
            </text>
            {segment.shares === null ? (
              <>
                <rect x={x(0)} width={x(100) - x(0)} height={band} fill={`url(#${hatchId})`} rx={3} />
                <text
                  x={x(50)}
                  y={band / 2}
                  dominantBaseline="middle"
                  textAnchor="middle"
                  fill={palette.muted}
                >
                  {suppressedLabel}
                </text>
              </>
            ) : (
              parts.map((part) => {
                const share = segment.shares![part];
                const from = start;
                start += share;
                const barWidth = x(from + share) - x(from);
                return (
                  <g key={part}>
                    <title>{`${segment.label}: ${labels[part]} ${formatShare(share)}`}</title>
                    <rect x={x(from)} width={barWidth} height={band} fill={palette[part]} />
                    {barWidth > 34 ? (
                      <text
                        x={x(from) + barWidth / 2}
                        y={band / 2}
                        dominantBaseline="middle"
                        textAnchor="middle"
                        fill={part === 'passives' ? palette.ink : palette.paper}
                        fontSize={11}
                      >
                        {formatShare(share)}
                      </text>
                    ) : null}
                  </g>
                );
              })
            )}
            <text
              x={width}
              y={band / 2}
              dominantBaseline="middle"
              textAnchor="end"
              fill={palette.ink}
              fontWeight={600}
            >
              {segment.cell.value === null
                ? ''
                : `${formatNps(segment.cell.value)}${segment.cell.lowBase ? '*' : ''}`}
            </text>
          </g>
        );
      })}
    </ChartSvg>
  );
}
