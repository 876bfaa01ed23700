import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

// The pieces of a staff list's GET filter form (`<Form method="get" className="filters">`): the URL
// holds the filter, so a filtered list can be shared and paged.

export interface FilterOption {
  value: string;
  label: string;
}

/**
 * One labelled select of a filter form. `any` adds the empty choice that leaves the filter off
 * ("Any", or the label given); without it the list always has one of the options (a period).
 */
export function SelectFilter({
  label,
  name,
  value,
  options,
  any,
}: {
  label: string;
  name: string;
  value: string;
  options: readonly FilterOption[];
  any?: true | string;
}) {
  const { t } = useTranslation();
  return (
    <label>
      {label}
      <select name={name} defaultValue={value}>
        {any === undefined ? null : <option value="">{any === true ? t('common:any') : any}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Apply (or `submit`) and, with `reset`, a link back to the unfiltered list; `children` follow them. */
export function FilterActions({
  submit,
  reset,
  children,
}: {
  submit?: string;
  reset?: string;
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="filter-actions">
      <button type="submit" className="primary">
        {submit ?? t('common:apply')}
      </button>
      {reset === undefined ? null : <Link to={reset}>{t('common:reset')}</Link>}
      {children}
    </div>
  );
}

/** The yes/no choices of a VIP filter. */
export function useYesNoOptions(): FilterOption[] {
  const { t } = useTranslation();
  return [
    { value: 'yes', label: t('common:yes') },
    { value: 'no', label: t('common:no') },
  ];
}
