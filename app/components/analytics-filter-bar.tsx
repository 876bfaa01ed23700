import { Form, Link, useLocation, useSearchParams, useSubmit } from '@remix-run/react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilterBarData } from '#app/models/analytics.server.ts';
import { contactRoles, sizeSegments } from '#db/schema/domain.ts';

/**
 * The filters every dashboard shares, as a GET form: the URL holds the whole view, so it can be
 * shared, and changing a filter reloads the figures (at once with JavaScript, on Apply without).
 * View-specific choices (metric, segment…) come in as children so they travel in the same form.
 */
export function AnalyticsFilterBar({ data, children }: { data: FilterBarData; children?: React.ReactNode }) {
  const { t } = useTranslation('analytics');
  const [searchParams] = useSearchParams();
  const location = useLocation();
  const submit = useSubmit();
  const value = (name: string) => searchParams.get(name) ?? '';
  const select = (name: string, label: string, options: { value: string; label: string }[]) => (
    <FilterSelect
      name={name}
      label={label}
      value={value(name)}
      options={[{ value: '', label: t('common:any') }, ...options]}
    />
  );
  return (
    <Form
      // Remounted when the URL changes (Reset, a shared link), so the selects show what it says.
      key={location.search}
      method="get"
      className="filters analytics-filters"
      aria-label={t('filters')}
      onChange={(event) => {
        // Selects apply at once; text (the verbatim search) waits for Enter or Apply.
        if (event.target instanceof HTMLSelectElement)
          submit(event.currentTarget, { preventScrollReset: true });
      }}
    >
      <FilterSelect
        name="wave"
        label={t('dimensions.wave')}
        value={data.wave}
        options={[
          ...[...data.waves].reverse().map((wave) => ({ value: wave.id, label: wave.name })),
          { value: 'all', label: t('allWaves') },
        ]}
      />
      {children}
      {select(
        'size',
        t('dimensions.size'),
        sizeSegments.map((size) => ({ value: size, label: t(`common:sizes.${size}`) })),
      )}
      {select(
        'section',
        t('dimensions.section'),
        data.sections.map((section) => ({ value: section.code, label: section.name })),
      )}
      {select(
        'region',
        t('dimensions.region'),
        data.regions.map((region) => ({ value: region.code, label: region.name })),
      )}
      {select(
        'unit',
        t('dimensions.unit'),
        data.units.map((unit) => ({ value: unit.id, label: unit.name })),
      )}
      {data.isManager
        ? null
        : select(
            'manager',
            t('dimensions.manager'),
            data.managers.map((manager) => ({ value: manager.id, label: manager.name })),
          )}
      {select(
        'product',
        t('dimensions.product'),
        data.products.map((product) => ({ value: product.id, label: product.name })),
      )}
      {select(
        'group',
        t('dimensions.group'),
        data.groups.map((group) => ({ value: group.id, label: group.name })),
      )}
      {select(
        'role',
        t('dimensions.contactRole'),
        contactRoles.map((role) => ({ value: role, label: t(`common:contactRoles.${role}`) })),
      )}
      {select('vip', t('dimensions.vip'), [
        { value: 'yes', label: t('vipClients') },
        { value: 'no', label: t('otherClients') },
      ])}
      <div className="filter-actions">
        <button type="submit" className="primary">
          {t('common:apply')}
        </button>
        <Link to={location.pathname}>{t('common:reset')}</Link>
      </div>
      {data.isManager ? <p className="filter-note">{t('portfolioOnly')}</p> : null}
    </Form>
  );
}

/**
 * One labelled select of the filter form. The label points at the select (rather than wrapping it),
 * so the select's accessible name is the label alone, not the label plus every option.
 */
function FilterSelect({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
}) {
  const id = useId();
  return (
    <div className="filter-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A view-specific choice (metric, segment, importance) that travels in the filter form. */
export const ViewChoice = FilterSelect;
