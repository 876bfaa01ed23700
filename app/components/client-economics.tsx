import { scaleBand, scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ChartSvg } from '#app/charts/parts.tsx';
import { palette } from '#app/charts/palette.ts';
import { ChartFrame } from '#app/components/chart-frame.tsx';
import type { EconomicsView, GroupMemberEconomics, MonthEconomics } from '#app/models/economics.server.ts';
import { formatMoney, formatNumber, localized } from '#app/utils/format.ts';

/**
 * Economic efficiency of a client, a group or a manager's portfolio: twelve-month income, cost to
 * serve and contribution by product, and the contribution month by month. The read model
 * (app/models/economics.server.ts) computes every figure; this only lays them out.
 */
export function EconomicsSection({
  economics,
  fileName,
  heading = 'h2',
}: {
  economics: EconomicsView;
  fileName: string;
  heading?: 'h2' | 'h3';
}) {
  const { t, i18n } = useTranslation('managers');
  const locale = i18n.language;
  const Heading = heading;
  if (!economics.window) {
    return (
      <section aria-label={t('economics.title')}>
        <Heading>{t('economics.title')}</Heading>
        <p className="empty">{t('economics.none')}</p>
      </section>
    );
  }
  const { total, window } = economics;
  const change =
    total.previousContributionRub === null ? null : total.contributionRub - total.previousContributionRub;
  return (
    <section aria-label={t('economics.title')}>
      <Heading>{t('economics.title')}</Heading>
      <p className="muted">
        {t('economics.window', {
          from: formatMonth(window.from, locale),
          to: formatMonth(window.to, locale),
        })}
      </p>
      <div className="cards" style={{ margin: '0.75rem 0 1rem' }}>
        <Figure label={t('economics.income')} value={formatMoney(total.incomeRub, locale)} />
        <Figure label={t('economics.cost')} value={formatMoney(total.costRub, locale)} />
        <Figure
          label={t('economics.contribution')}
          value={formatMoney(total.contributionRub, locale)}
          tone={total.contributionRub < 0 ? 'bad' : undefined}
          note={
            change === null
              ? undefined
              : `${t('economics.change')}: ${change > 0 ? '+' : ''}${formatMoney(change, locale)} (${t('economics.previous').toLowerCase()} ${formatMoney(total.previousContributionRub, locale)})`
          }
        />
        <Figure
          label={t('economics.margin')}
          value={total.margin === null ? '—' : `${formatNumber(total.margin * 100, locale, 1)}%`}
        />
      </div>
      {economics.products.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('economics.product')}</th>
                <th className="number">{t('economics.income')}</th>
                <th className="number">{t('economics.cost')}</th>
                <th className="number">{t('economics.contribution')}</th>
              </tr>
            </thead>
            <tbody>
              {economics.products.map((product) => (
                <tr key={product.productId}>
                  <td>{localized(locale, product.nameEn, product.nameRu)}</td>
                  <td className="number">{formatMoney(product.incomeRub, locale)}</td>
                  <td className="number">
                    {formatMoney(product.costRub, locale)}
                    {product.standardCost ? (
                      <span className="badge muted-badge">{t('economics.standardMark')}</span>
                    ) : null}
                  </td>
                  <td className="number" style={toneOf(product.contributionRub)}>
                    {formatMoney(product.contributionRub, locale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {economics.standardCost ? <p className="muted">{t('economics.standardCost')}</p> : null}
      <ChartFrame title={t('economics.trend')} fileName={fileName}>
        <ContributionTrend trend={economics.trend} />
      </ChartFrame>
    </section>
  );
}

function Figure({ label, value, note, tone }: { label: string; value: string; note?: string; tone?: 'bad' }) {
  return (
    <div className="card">
      <div className="muted">{label}</div>
      <p className="figure" style={tone === 'bad' ? toneOf(-1) : undefined}>
        {value}
      </p>
      {note ? <div className="muted">{note}</div> : null}
    </div>
  );
}

// Inline, not a class: the section is dropped into pages (client, group) that load no stylesheet of ours.
const toneOf = (value: number) => (value < 0 ? { color: 'var(--danger)' } : undefined);

function formatMonth(isoMonth: string, locale: string): string {
  return new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${isoMonth}T00:00:00Z`));
}

const width = 720;
const height = 280;
const margin = { top: 16, right: 16, bottom: 40, left: 72 };

/** Monthly contribution as bars (red below zero) with income as a line over them. */
export function ContributionTrend({ trend }: { trend: MonthEconomics[] }) {
  const { t, i18n } = useTranslation('managers');
  const locale = i18n.language;
  const x = scaleBand<string>()
    .domain(trend.map((point) => point.month))
    .range([margin.left, width - margin.right])
    .padding(0.25);
  const values = trend.flatMap((point) => [point.incomeRub, point.contributionRub, 0]);
  const y = scaleLinear()
    .domain([Math.min(...values), Math.max(...values, 1)])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const incomeLine = line<MonthEconomics>()
    .x((point) => (x(point.month) ?? 0) + x.bandwidth() / 2)
    .y((point) => y(point.incomeRub))(trend);
  const compact = new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    notation: 'compact',
    maximumFractionDigits: 1,
  });
  const title = t('economics.trend');
  return (
    <ChartSvg width={width} height={height} title={title}>
      {y.ticks(5).map((tick) => (
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
            {compact.format(tick)}
          </text>
        </g>
      ))}
      <line x1={margin.left} x2={width - margin.right} y1={y(0)} y2={y(0)} stroke={palette.muted} />
      {trend.map((point, index) => {
        const top = y(Math.max(0, point.contributionRub));
        const bottom = y(Math.min(0, point.contributionRub));
        const bandX = x(point.month) ?? 0;
        return (
          <g key={point.month}>
            <title>
              {t('economics.monthTooltip', {
                month: formatMonth(point.month, locale),
                income: formatMoney(point.incomeRub, locale),
                cost: formatMoney(point.costRub, locale),
                contribution: formatMoney(point.contributionRub, locale),
              })}
            </title>
            <rect
              x={bandX}
              y={top}
              width={x.bandwidth()}
              height={Math.max(0, bottom - top)}
              fill={point.contributionRub < 0 ? palette.detractors : palette.promoters}
            />
            {/* Every third month labelled, counted back from the latest, so 24 labels do not collide. */}
            {(trend.length - 1 - index) % 3 === 0 ? (
              <text
                x={bandX + x.bandwidth() / 2}
                y={height - margin.bottom + 16}
                textAnchor="middle"
                fill={palette.muted}
                fontSize={11}
              >
                {formatMonth(point.month, locale)}
              </text>
            ) : null}
          </g>
        );
      })}
      {incomeLine ? <path d={incomeLine} fill="none" stroke={palette.accent} strokeWidth={2} /> : null}
      <g transform={`translate(${margin.left}, ${height - 10})`} fontSize={11} fill={palette.ink}>
        <rect width={10} height={10} y={-9} fill={palette.promoters} />
        <text x={14}>{t('economics.trendContribution')}</text>
        <line x1={110} x2={130} y1={-4} y2={-4} stroke={palette.accent} strokeWidth={2} />
        <text x={134}>{t('economics.trendIncome')}</text>
      </g>
    </ChartSvg>
  );
}

/** The client page's section (app/routes/_staff.clients.$clientId.tsx). */
export function ClientEconomics({ economics, clientId }: { economics: EconomicsView; clientId: string }) {
  return <EconomicsSection economics={economics} fileName={`client-${clientId}-contribution`} />;
}

/** The group page's section: the group's sum, then each company's twelve-month figures. */
export function GroupEconomics({
  data,
}: {
  data: { group: { id: string; name: string }; economics: EconomicsView; members: GroupMemberEconomics[] };
}) {
  const { t, i18n } = useTranslation('managers');
  const locale = i18n.language;
  return (
    <>
      <EconomicsSection economics={data.economics} fileName={`group-${data.group.id}-contribution`} />
      {data.economics.window && data.members.length > 1 ? (
        <section aria-label={t('economics.members')}>
          <h3>{t('economics.members')}</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('card.client')}</th>
                  <th className="number">{t('economics.income')}</th>
                  <th className="number">{t('economics.cost')}</th>
                  <th className="number">{t('economics.contribution')}</th>
                </tr>
              </thead>
              <tbody>
                {data.members.map((member) => (
                  <tr key={member.clientId}>
                    <td>
                      <Link to={`/clients/${member.clientId}`}>{member.name}</Link>
                    </td>
                    <td className="number">{formatMoney(member.incomeRub, locale)}</td>
                    <td className="number">{formatMoney(member.costRub, locale)}</td>
                    <td className="number" style={toneOf(member.contributionRub)}>
                      {formatMoney(member.contributionRub, locale)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}
