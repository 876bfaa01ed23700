import { Link, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

export function Pagination({ page, pageCount }: { page: number; pageCount: number }) {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(searchParams);
    params.set('page', String(target));
    return `?${params}`;
  };
  return (
    <nav className="pagination" aria-label="Pagination">
      {page > 1 ? <Link to={hrefFor(page - 1)}>{t('previous')}</Link> : <span />}
      <span className="muted">{t('pageOf', { page, pageCount })}</span>
      {page < pageCount ? <Link to={hrefFor(page + 1)}>{t('next')}</Link> : <span />}
    </nav>
  );
}
