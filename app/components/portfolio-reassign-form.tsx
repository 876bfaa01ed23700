import { Form, useActionData, useNavigation } from '@remix-run/react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  PortfolioFilter,
  ReassignmentFeedback,
  reassignmentTargets,
} from '#app/models/portfolios.server.ts';
import { formatDate, localized } from '#app/utils/format.ts';
import { reassignFormId } from './portfolio-clients.tsx';

type Targets = Awaited<ReturnType<typeof reassignmentTargets>>;

/**
 * Hands the ticked clients (or all matching the portfolio filter) to another manager from a date.
 * The server may answer with a rotation warning — the form then asks for explicit confirmation —
 * or refuse a split client group, naming it, until a written override reason is given.
 */
export function PortfolioReassignForm({
  targets,
  today,
  filter,
  matching,
  currentManagerId,
}: {
  targets: Targets;
  today: string;
  filter: PortfolioFilter;
  matching: number;
  currentManagerId: string;
}) {
  const { t, i18n } = useTranslation('managers');
  const locale = i18n.language;
  const feedback = useActionData<ReassignmentFeedback>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting' && navigation.formMethod?.toLowerCase() === 'post';
  const id = useId();
  const errors = feedback?.fieldErrors ?? {};
  const errorText = (key: string | undefined) =>
    key
      ? t(key.startsWith('errors.') ? `errors:${key.slice('errors.'.length)}` : key, {
          ...feedback?.errorParams,
          date: feedback?.errorParams.date ? formatDate(feedback.errorParams.date, locale) : undefined,
        })
      : null;
  const units = [...new Map(targets.managers.map((manager) => [manager.unitId, manager])).values()];
  const confirm = feedback?.status === 'confirm';
  const conflict = feedback?.status === 'conflict';
  return (
    <section aria-label={t('reassign.title')}>
      <h2>{t('reassign.title')}</h2>
      <Form method="post" id={reassignFormId} className="card stack reassign-form" noValidate>
        {filter.q ? <input type="hidden" name="q" value={filter.q} /> : null}
        {filter.size ? <input type="hidden" name="size" value={filter.size} /> : null}
        {filter.vip ? <input type="hidden" name="vip" value={filter.vip} /> : null}
        {feedback?.status === 'done' ? (
          <p className="notice" role="status">
            {t('reassign.done', { count: feedback.moved })}
            {feedback.unchanged > 0 ? ` ${t('reassign.unchanged', { count: feedback.unchanged })}` : ''}
          </p>
        ) : null}
        <fieldset>
          <legend>{t('reassign.which')}</legend>
          <label>
            <input type="radio" name="which" value="selected" defaultChecked />
            {t('reassign.selected')}
          </label>
          <label>
            <input type="radio" name="which" value="filtered" />
            {t('reassign.filtered', { count: matching })}
          </label>
          {errors.clientIds ? <p className="field-error">{errorText(errors.clientIds)}</p> : null}
        </fieldset>
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-manager`}>{t('reassign.toManager')}</label>
            <select
              id={`${id}-manager`}
              name="toManagerId"
              defaultValue=""
              aria-invalid={errors.toManagerId ? true : undefined}
            >
              <option value="">{t('reassign.noManager')}</option>
              {units.map((unit) => (
                <optgroup key={unit.unitId} label={localized(locale, unit.unitNameEn, unit.unitNameRu)}>
                  {targets.managers
                    .filter((manager) => manager.unitId === unit.unitId && manager.id !== currentManagerId)
                    .map((manager) => (
                      <option key={manager.id} value={manager.id}>
                        {manager.fullName}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
            <span className="muted">{t('reassign.unitOfManager')}</span>
            {errors.toManagerId ? <p className="field-error">{errorText(errors.toManagerId)}</p> : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-unit`}>{t('reassign.toUnit')}</label>
            <select id={`${id}-unit`} name="toUnitId" defaultValue="">
              <option value="">{t('common:none')}</option>
              {targets.units.map((unit) => (
                <option key={unit.id} value={unit.id}>
                  {localized(locale, unit.nameEn, unit.nameRu)}
                </option>
              ))}
            </select>
            {errors.toUnitId ? <p className="field-error">{errorText(errors.toUnitId)}</p> : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-date`}>{t('reassign.effectiveOn')}</label>
            <input
              id={`${id}-date`}
              type="date"
              name="effectiveOn"
              defaultValue={today}
              max={today}
              aria-invalid={errors.effectiveOn ? true : undefined}
            />
            {errors.effectiveOn ? <p className="field-error">{errorText(errors.effectiveOn)}</p> : null}
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('reassign.reason')}</label>
          <textarea
            id={`${id}-reason`}
            name="reason"
            rows={2}
            placeholder={t('reassign.reasonHint')}
            aria-invalid={errors.reason ? true : undefined}
          />
          {errors.reason ? <p className="field-error">{errorText(errors.reason)}</p> : null}
        </div>
        {conflict ? (
          <div className="portfolio-refusal" role="alert">
            <strong>{t('reassign.groupTitle')}</strong>
            <ul>
              {feedback.groupConflicts.map((group) => (
                <li key={group.groupId}>
                  {t('reassign.groupLine', { group: group.groupName, managers: group.managers.join(', ') })}
                </li>
              ))}
            </ul>
            <p>{t('reassign.groupText')}</p>
          </div>
        ) : null}
        <details open={conflict || undefined}>
          <summary>{t('reassign.override')}</summary>
          <div className="field">
            <label htmlFor={`${id}-override`}>{t('reassign.overrideReason')}</label>
            <textarea id={`${id}-override`} name="groupOverrideReason" rows={2} />
            {errors.groupOverrideReason ? (
              <p className="field-error">{errorText(errors.groupOverrideReason)}</p>
            ) : null}
          </div>
        </details>
        {confirm ? (
          <div className="portfolio-warning" role="alert">
            <strong>{t('reassign.rotationTitle')}</strong>
            <p>{t('reassign.rotationText')}</p>
            <ul>
              {feedback.rotationWarnings.map((warning) => (
                <li key={warning.clientId}>
                  {t('reassign.rotationLine', {
                    client: warning.clientName,
                    date: formatDate(warning.previousChangeOn, locale),
                    previous: warning.previousManagerName ?? t('common:none'),
                  })}
                </li>
              ))}
            </ul>
            <label>
              <input type="checkbox" name="confirmRotation" value="yes" /> {t('reassign.confirmRotation')}
            </label>
          </div>
        ) : null}
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {confirm ? t('reassign.confirmSubmit') : t('reassign.submit')}
          </button>
        </div>
      </Form>
    </section>
  );
}
