import { max } from 'd3-array';
import { scaleBand, scaleLinear } from 'd3-scale';
import { palette } from './palette.ts';
import { wrapLabel, ChartSvg } from './parts.tsx';

export interface DriverBarsProps {
  title: string;
  /** Relative weights in percent of R², largest first. */
  drivers: { key: string; label: string; percent: number }[];
  formatPercent: (value: number) => string;
}

const width = 560;
const labelWidth = 190;
const valueWidth = 56;
const rowHeight = 34;

/** Key-driver chart: each attribute's share of the explained variance of overall satisfaction. */
export function DriverBars({ title, drivers, formatPercent }: DriverBarsProps) {
  const height = Math.max(rowHeight, drivers.length * rowHeight);
  const x = scaleLinear()
    .domain([0, max(drivers, (driver) => driver.percent) || 1])
    .range([0, width - labelWidth - valueWidth]);
  const y = scaleBand()
    .domain(drivers.map((driver) => driver.key))
    .range([0, height])
    .padding(0.25);
  return (
    <ChartSvg width={width} height={height} title={title}>
      {drivers.map((driver) => {
        const top = y(driver.key) ?? 0;
        return (
          <g key={driver.key} transform={`translate(0, ${top})`}>
            <text x={0} y={y.bandwidth() / 2} dominantBaseline="middle" fill={palette.ink} fontSize={11}>
              {wrapLabel(driver.label, 28, 2).map((line, index, lines) => (
                <tspan key={line} x={0} dy={index === 0 ? -(lines.length - 1) * 6.5 : 13}>
                  {line}
                </tspan>
              ))}
            </text>
            <rect
              x={labelWidth}
              width={x(driver.percent)}
              height={y.bandwidth()}
              fill={palette.accent}
              rx={3}
            />
            <text
              x={labelWidth + x(driver.percent) + 6}
              y={y.bandwidth() / 2}
              dominantBaseline="middle"
              fill={palette.ink}
            >
              {formatPercent(driver.percent)}
            </text>
          </g>
        );
      })}
    </ChartSvg>
  );
}
