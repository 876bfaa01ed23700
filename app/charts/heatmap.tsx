import { extent, range } from 'd3-array';
import { scaleBand, scaleDiverging, scaleSequential } from 'd3-scale';
import { interpolateBlues, interpolateRdYlGn } from 'd3-scale-chromatic';
import type { ShownCell } from '#app/models/analytics-params.ts';
import { palette, textOn } from './palette.ts';
import { HatchPattern, useSvgId, wrapLabel, ChartSvg } from './parts.tsx';

export interface HeatmapProps {
  title: string;
  rows: { key: string; label: string }[];
  columns: { key: string; label: string }[];
  cells: { row: string; column: string; cell: ShownCell }[];
  /** The metric's scale; with `mid` the colours diverge from it (NPS around 0). */
  range: { min: number; max: number; mid?: number };
  formatValue: (value: number) => string;
  /** Tooltip text of a cell (n and interval), written by the page in the reader's language. */
  tooltip: (row: string, column: string, cell: ShownCell) => string;
  suppressedLabel: string;
}

const labelWidth = 160;
const cellWidth = 78;
const cellHeight = 36;
const headerHeight = 64;
const legendHeight = 46;

/** Segment × product grid; suppressed cells are hatched and say "n < 5", never a colour of a value. */
export function Heatmap({
  title,
  rows,
  columns,
  cells,
  range: domain,
  formatValue,
  tooltip,
  suppressedLabel,
}: HeatmapProps) {
  const hatchId = useSvgId('hatch');
  const gradientId = useSvgId('legend');
  const width = labelWidth + columns.length * cellWidth + 8;
  const height = headerHeight + rows.length * cellHeight + legendHeight;
  const x = scaleBand()
    .domain(columns.map((column) => column.key))
    .range([labelWidth, labelWidth + columns.length * cellWidth])
    .paddingInner(0.06);
  const y = scaleBand()
    .domain(rows.map((row) => row.key))
    .range([headerHeight, headerHeight + rows.length * cellHeight])
    .paddingInner(0.08);
  // NPS diverges around 0 on its whole scale; a mean or a share is coloured over the range the
  // cells actually span, so neighbouring values (4.1 and 4.4 on a 1–5 scale) can be told apart.
  const [low, high] = extent(cells, (entry) => entry.cell.value ?? undefined);
  const spread =
    domain.mid === undefined && low !== undefined && high !== undefined && low < high
      ? { min: low, max: high }
      : domain;
  const fill =
    domain.mid === undefined
      ? scaleSequential(interpolateBlues).domain([spread.min, spread.max]).clamp(true)
      : scaleDiverging(interpolateRdYlGn).domain([domain.min, domain.mid, domain.max]).clamp(true);
  const byPosition = new Map(cells.map((entry) => [`${entry.row}|${entry.column}`, entry.cell]));
  const legendWidth = Math.min(260, width - labelWidth - 8);
  const legendTicks =
    domain.mid === undefined ? [spread.min, spread.max] : [domain.min, domain.mid, domain.max];

  return (
    <ChartSvg width={width} height={height} title={title}>
      <defs>
        <HatchPattern id={hatchId} />
        <linearGradient id={gradientId}>
          {range(0, 1.0001, 0.1).map((t) => (
            <stop
              key={t}
              offset={`${Math.round(t * 100)}%`}
              stopColor={fill(spread.min + t * (spread.max - spread.min))}
            />
          ))}
        </linearGradient>
      </defs>
      {columns.map((column) => (
        <text
          key={column.key}
          x={(x(column.key) ?? 0) + x.bandwidth() / 2}
          y={headerHeight - 8}
          textAnchor="middle"
          fill={palette.ink}
          fontSize={10}
          fontWeight={column.key === '*' ? 600 : 400}
        >
          {wrapLabel(column.label, 12, 3).map((line, index, lines) => (
            <tspan
              key={line}
              x={(x(column.key) ?? 0) + x.bandwidth() / 2}
              dy={index === 0 ? -(lines.length - 1) * 13 : 13}
            >
              {line}
            </tspan>
          ))}
        </text>
      ))}
      {rows.map((row) => (
        <g key={row.key}>
          <text x={0} y={(y(row.key) ?? 0) + y.bandwidth() / 2} dominantBaseline="middle" fill={palette.ink}>
            {wrapLabel(row.label, 21, 1)[0]}
          </text>
          {columns.map((column) => {
            const cell = byPosition.get(`${row.key}|${column.key}`);
            const cx = x(column.key) ?? 0;
            const cy = y(row.key) ?? 0;
            if (!cell) {
              return (
                <rect
                  key={column.key}
                  x={cx}
                  y={cy}
                  width={x.bandwidth()}
                  height={y.bandwidth()}
                  fill={palette.paper}
                  stroke={palette.line}
                />
              );
            }
            const value = cell.value;
            const color = cell.suppressed || value === null ? `url(#${hatchId})` : fill(value);
            const ink = cell.suppressed || value === null ? palette.muted : textOn(fill(value));
            return (
              <g key={column.key} data-cell={`${row.key}|${column.key}`}>
                <title>{tooltip(row.label, column.label, cell)}</title>
                <rect x={cx} y={cy} width={x.bandwidth()} height={y.bandwidth()} fill={color} rx={3} />
                <text
                  x={cx + x.bandwidth() / 2}
                  y={cy + y.bandwidth() / 2}
                  textAnchor="middle"
                  dominantBaseline="middle"
                  fill={ink}
                  fontWeight={cell.suppressed ? 400 : 600}
                  fontSize={cell.suppressed ? 11 : 12}
                >
                  {cell.suppressed || value === null
                    ? suppressedLabel
                    : `${formatValue(value)}${cell.lowBase ? '*' : ''}`}
                </text>
              </g>
            );
          })}
        </g>
      ))}
      <g transform={`translate(${labelWidth}, ${height - legendHeight + 12})`}>
        <rect width={legendWidth} height={10} fill={`url(#${gradientId})`} rx={2} />
        {legendTicks.map((tick) => (
          <text
            key={tick}
            x={((tick - spread.min) / (spread.max - spread.min)) * legendWidth}
            y={24}
            textAnchor="middle"
            fill={palette.muted}
            fontSize={11}
          >
            {formatValue(tick)}
          </text>
        ))}
      </g>
    </ChartSvg>
  );
}
