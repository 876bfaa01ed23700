import { max } from 'd3-array';
import { scaleBand, scaleLinear } from 'd3-scale';

export interface Bar {
  key: string;
  label: string;
  value: number;
  valueLabel: string;
}

/** Horizontal bars: d3 computes the scales during render, React draws the SVG (no hydration drift). */
export function HorizontalBars({ bars, title }: { bars: Bar[]; title: string }) {
  const width = 520;
  const labelWidth = 110;
  const valueWidth = 70;
  const rowHeight = 30;
  const height = bars.length * rowHeight;
  const x = scaleLinear()
    .domain([0, max(bars, (bar) => bar.value) || 1])
    .range([0, width - labelWidth - valueWidth]);
  const y = scaleBand()
    .domain(bars.map((bar) => bar.key))
    .range([0, height])
    .padding(0.25);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} className="chart">
      <title>{title}</title>
      {bars.map((bar) => (
        <g key={bar.key} transform={`translate(0, ${y(bar.key)})`}>
          <text x={0} y={y.bandwidth() / 2} dominantBaseline="middle" className="chart-label">
            {bar.label}
          </text>
          <rect x={labelWidth} width={x(bar.value)} height={y.bandwidth()} className="chart-bar" rx={3} />
          <text
            x={labelWidth + x(bar.value) + 6}
            y={y.bandwidth() / 2}
            dominantBaseline="middle"
            className="chart-value"
          >
            {bar.valueLabel}
          </text>
        </g>
      ))}
    </svg>
  );
}
