import { useTranslation } from 'react-i18next';
import { INDUSTRY_SECTIONS } from '#analytics/metrics/okved2.ts';
import { contactRoles, sizeSegments } from '#db/schema/domain.ts';
import { Field } from '#app/components/field.tsx';
import { formatNumber, localized } from '#app/utils/format.ts';

// Pieces shared by the new-wave form and the wave page: the audience filters, what they were set
// to, and the audience preview with its exclusions.

export interface AudienceOptions {
  regions: Array<{ code: string; nameEn: string; nameRu: string }>;
  units: Array<{ id: string; nameEn: string; nameRu: string }>;
  managers: Array<{ id: string; fullName: string }>;
  products: Array<{ code: string; nameEn: string; nameRu: string }>;
  groups: Array<{ id: string; name: string }>;
}

export interface AudienceValue {
  sizes: string[];
  sections: string[];
  regions: string[];
  units: string[];
  managers: string[];
  vip: 'any' | 'yes' | 'no';
  products: string[];
  groups: string[];
  contactRoles: string[];
}

export interface AudiencePreviewData {
  contacts: number;
  clients: number;
  matchedContacts: number;
  matchedClients: number;
  excluded: Record<string, number>;
  caps: { contactDays: number; clientDays: number };
}

/** The error of a field or of any item of a list field (`audience.sizes.2`). */
export function errorOf(errors: Record<string, string>, field: string): string | undefined {
  return errors[field] ?? Object.entries(errors).find(([key]) => key.startsWith(`${field}.`))?.[1];
}

type ListField = Exclude<keyof AudienceValue, 'vip'>;
type Choice = { value: string; label: string };

/** The options of the looked-up list fields, as value and label in the reader's language. */
function namedChoices(options: AudienceOptions, locale: string) {
  return {
    regions: options.regions.map((region) => ({
      value: region.code,
      label: localized(locale, region.nameEn, region.nameRu),
    })),
    units: options.units.map((unit) => ({
      value: unit.id,
      label: localized(locale, unit.nameEn, unit.nameRu),
    })),
    managers: options.managers.map((manager) => ({ value: manager.id, label: manager.fullName })),
    products: options.products.map((product) => ({
      value: product.code,
      label: localized(locale, product.nameEn, product.nameRu),
    })),
    groups: options.groups.map((group) => ({ value: group.id, label: group.name })),
  } satisfies Partial<Record<ListField, Choice[]>>;
}

export function AudienceFields({
  options,
  errors,
}: {
  options: AudienceOptions;
  errors: Record<string, string>;
}) {
  const { t, i18n } = useTranslation('waves');
  const locale = i18n.language;
  const named = namedChoices(options, locale);
  const lists: Array<{ field: ListField; choices: Choice[] }> = [
    {
      field: 'sections',
      choices: INDUSTRY_SECTIONS.map((section) => ({
        value: section.section,
        label: `${section.section} · ${localized(locale, section.nameEn, section.nameRu)}`,
      })),
    },
    { field: 'regions', choices: named.regions },
    { field: 'units', choices: named.units },
    { field: 'managers', choices: named.managers },
    { field: 'products', choices: named.products },
    { field: 'groups', choices: named.groups },
  ];
  return (
    <>
      <fieldset className="checkboxes">
        <legend>{t('form.sizes')}</legend>
        {sizeSegments.map((size) => (
          <label key={size}>
            <input type="checkbox" name="sizes" value={size} /> {t(`common:sizes.${size}`)}
          </label>
        ))}
        {errorOf(errors, 'audience.sizes') ? <p className="field-error">{t('errors.audience')}</p> : null}
      </fieldset>
      <fieldset className="checkboxes">
        <legend>{t('form.contactRoles')}</legend>
        {contactRoles.map((role) => (
          <label key={role}>
            <input type="checkbox" name="contactRoles" value={role} /> {t(`common:contactRoles.${role}`)}
          </label>
        ))}
        {errorOf(errors, 'audience.contactRoles') ? (
          <p className="field-error">{t('errors.audience')}</p>
        ) : null}
      </fieldset>
      <Field label={t('form.vip')} error={errorOf(errors, 'audience.vip')}>
        {(props) => (
          <select {...props} name="vip" defaultValue="any">
            <option value="any">{t('form.vipAny')}</option>
            <option value="yes">{t('form.vipYes')}</option>
            <option value="no">{t('form.vipNo')}</option>
          </select>
        )}
      </Field>
      {lists.map(({ field, choices }) => (
        <Field
          key={field}
          label={t(`form.${field}`)}
          error={errorOf(errors, `audience.${field}`) ? 'waves:errors.audience' : undefined}
        >
          {(props) => (
            <select {...props} name={field} multiple size={Math.min(6, Math.max(3, choices.length))}>
              {choices.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      ))}
    </>
  );
}

/** What the saved audience filters say, in words. */
export function AudienceSummary({
  audience,
  options,
}: {
  audience: AudienceValue;
  options: AudienceOptions;
}) {
  const { t, i18n } = useTranslation('waves');
  const named = namedChoices(options, i18n.language);
  // A saved id no longer among the options (a group since deleted) still shows, as the id.
  const labels = (ids: string[], choices: Choice[]) =>
    ids.map((id) => choices.find((choice) => choice.value === id)?.label ?? id);
  const parts: Array<[string, string[]]> = [
    ['sizes', audience.sizes.map((size) => t(`common:sizes.${size}`))],
    ['sections', audience.sections],
    ['regions', labels(audience.regions, named.regions)],
    ['units', labels(audience.units, named.units)],
    ['managers', labels(audience.managers, named.managers)],
    ['products', labels(audience.products, named.products)],
    ['groups', labels(audience.groups, named.groups)],
    ['contactRoles', audience.contactRoles.map((role) => t(`common:contactRoles.${role}`))],
  ];
  const used = parts.filter(([, values]) => values.length > 0);
  if (used.length === 0 && audience.vip === 'any') return <span>{t('details.everyone')}</span>;
  return (
    <ul className="plain-list">
      {used.map(([field, values]) => (
        <li key={field}>
          <span className="muted">{t(`form.${field}`)}:</span> {values.join(', ')}
        </li>
      ))}
      {audience.vip !== 'any' ? (
        <li>{t(audience.vip === 'yes' ? 'details.vipYes' : 'details.vipNo')}</li>
      ) : null}
    </ul>
  );
}

const reasonOrder = ['left_company', 'opted_out', 'no_consent', 'no_email', 'contact_cap', 'client_cap'];

/** How many the audience reaches now, and who is excluded and why. */
export function AudiencePreviewCard({ preview }: { preview: AudiencePreviewData }) {
  const { t, i18n } = useTranslation('waves');
  const locale = i18n.language;
  const n = (value: number) => formatNumber(value, locale);
  const excludedTotal = Object.values(preview.excluded).reduce((sum, value) => sum + value, 0);
  return (
    <section className="card stack" aria-labelledby="audience-preview-title" aria-live="polite">
      <h2 id="audience-preview-title">{t('preview.title')}</h2>
      <p className="figure">
        {t('preview.reaches', { contacts: n(preview.contacts), clients: n(preview.clients) })}
      </p>
      <p className="muted">
        {t('preview.matched', { contacts: n(preview.matchedContacts), clients: n(preview.matchedClients) })}{' '}
        {t('preview.clientsLeft', { count: preview.matchedClients - preview.clients })}
      </p>
      {excludedTotal > 0 ? (
        <>
          <table className="compact">
            <caption>
              {t('preview.excluded')}: {n(excludedTotal)}
            </caption>
            <tbody>
              {reasonOrder.map((reason) => (
                <tr key={reason}>
                  <th scope="row">
                    {t(`preview.reasons.${reason}`, {
                      days: reason === 'client_cap' ? preview.caps.clientDays : preview.caps.contactDays,
                    })}
                  </th>
                  <td className="number">{n(preview.excluded[reason] ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{t('preview.reasonNote')}</p>
        </>
      ) : null}
    </section>
  );
}

const MOSCOW = 'Europe/Moscow';

/** A moment of the wave's schedule, in Moscow time as it was entered. */
export function formatMoscowDateTime(value: Date | string | null | undefined, locale: string): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  return new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: MOSCOW,
  }).format(date);
}
