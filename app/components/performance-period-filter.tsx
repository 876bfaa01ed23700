import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FilterActions, SelectFilter } from '#app/components/list-filters.tsx';

/** The review-period choice of the performance pages; a period is always chosen, so no "any". */
export function PeriodFilter({
  periods,
  periodId,
  className = 'filters',
}: {
  periods: ReadonlyArray<{ id: string; name: string }>;
  periodId: string;
  className?: string;
}) {
  const { t } = useTranslation('performance');
  return (
    <Form method="get" className={className}>
      <SelectFilter
        label={t('period')}
        name="period"
        value={periodId}
        options={periods.map((period) => ({ value: period.id, label: period.name }))}
      />
      <FilterActions submit={t('show')} />
    </Form>
  );
}
