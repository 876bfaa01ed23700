import { scaleBand, scaleLinear } from 'd3-scale';

export interface FunnelStage {
  key: string;
  label: string;
  count: number;
  countLabel: string;
  /** The stage's share of the first stage, already formatted; absent for the first stage. */
  shareLabel?: string;
}

/**
 * A wave's funnel: one bar per stage on a scale of the first stage (everyone invited), with the
 * count and its share beside each bar. d3 computes the scales during render; React draws the SVG.
 */
export function FunnelBars({ stages, title }: { stages: FunnelStage[]; title: string }) {
  const width = 640;
  const labelWidth = 120;
  const valueWidth = 140;
  const rowHeight = 30;
  const height = stages.length * rowHeight;
  const x = scaleLinear()
    .domain([0, Math.max(1, stages[0]?.count ?? 0)])
    .range([0, width - labelWidth - valueWidth]);
  const y = scaleBand()
    .domain(stages.map((stage) => stage.key))
    .range([0, height])
    .padding(0.25);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} className="chart funnel-chart">
      <title>{title}</title>
      {stages.map((stage) => {
        const barWidth = x(Math.min(stage.count, x.domain()[1]));
        return (
          <g key={stage.key} transform={`translate(0, ${y(stage.key)})`}>
            <text x={0} y={y.bandwidth() / 2} dominantBaseline="middle" className="chart-label">
              {stage.label}
            </text>
            <rect x={labelWidth} width={barWidth} height={y.bandwidth()} className="chart-bar" rx={3} />
            <text
              x={labelWidth + barWidth + 6}
              y={y.bandwidth() / 2}
              dominantBaseline="middle"
              className="chart-value"
            >
              {stage.shareLabel ? `${stage.countLabel} · ${stage.shareLabel}` : stage.countLabel}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
