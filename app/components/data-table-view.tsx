import { Link, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { DataTable } from '#app/utils/data-table.ts';
import { formatNumber } from '#app/utils/format.ts';

/** Links to the CSV and XLSX files of one table, for the filters on screen (every row, not one page). */
export function ExportLinks({ view }: { view: string }) {
  const { t } = useTranslation('analytics');
  const [searchParams] = useSearchParams();
  const params = new URLSearchParams(searchParams);
  params.delete('page');
  params.set('view', view);
  return (
    <span className="export-links">
      <a href={`/analytics/export.csv?${params}`} download>
        {t('exportCsv')}
      </a>
      <a href={`/analytics/export.xlsx?${params}`} download>
        {t('exportXlsx')}
      </a>
    </span>
  );
}

/**
 * Renders a read model's table exactly as the exports write it, formatted for the reader's locale.
 * A long table next to a chart can start folded (`folded`): it stays in the page for screen readers
 * and for anyone who wants the numbers, without pushing everything else down.
 */
export function DataTableView({
  table,
  caption = true,
  folded = false,
}: {
  table: DataTable;
  caption?: boolean;
  folded?: boolean;
}) {
  const { t } = useTranslation('analytics');
  const body = table.rows.length === 0 ? <p className="empty">{t('noData')}</p> : <TableBody table={table} />;
  return (
    <section className="data-table" aria-label={table.title}>
      <div className="data-table-head">
        {caption ? <h3>{table.title}</h3> : null}
        <ExportLinks view={table.id} />
      </div>
      {folded ? (
        <details>
          <summary>{t('showTable', { count: table.rows.length })}</summary>
          {body}
        </details>
      ) : (
        body
      )}
    </section>
  );
}

function TableBody({ table }: { table: DataTable }) {
  const { i18n } = useTranslation('analytics');
  const locale = i18n.language;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {table.columns.map((column) => (
              <th key={column.label} className={column.numeric ? 'number' : undefined} scope="col">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.key}>
              {row.cells.map((cell, index) => {
                const numeric = table.columns[index]?.numeric;
                const key = table.columns[index]?.label ?? index;
                if (cell.kind === 'suppressed')
                  return (
                    <td key={key} className={numeric ? 'number suppressed' : 'suppressed'}>
                      {table.suppressedLabel}
                    </td>
                  );
                if (cell.kind === 'number')
                  return (
                    <td key={key} className="number">
                      {formatNumber(cell.value, locale, cell.digits)}
                    </td>
                  );
                return (
                  <td key={key} className={numeric ? 'number' : undefined}>
                    {cell.href ? <Link to={cell.href}>{cell.text}</Link> : cell.text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
