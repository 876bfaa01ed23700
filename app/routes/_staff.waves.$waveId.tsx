import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { funnelSegments } from '#analytics/funnel-segments.ts';
import { can } from '#app/auth/policy.ts';
import { requireUser } from '#app/auth/session.server.ts';
import { FunnelBars } from '#app/charts/funnel-bars.tsx';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import {
  AudiencePreviewCard,
  AudienceSummary,
  formatMoscowDateTime,
} from '#app/components/wave-audience.tsx';
import { clientAddress } from '#app/models/audit.server.ts';
import {
  closeWave,
  getWave,
  launchWave,
  monitorSchema,
  WaveLaunchError,
  waveFormOptions,
} from '#app/models/waves.server.ts';
import { formatNumber, localized } from '#app/utils/format.ts';
import styles from '#app/styles/campaigns.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const meta: MetaFunction = () => [{ title: 'Wave · Barometer' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'waves:read');
  const { by } = monitorSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [wave, options] = await Promise.all([
    getWave({ id: params.waveId!, segment: by ?? 'size' }),
    waveFormOptions(),
  ]);
  return { ...wave, options, canLaunch: can(user.role, 'waves:write') };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, 'waves:write');
  const form = await request.formData();
  if (form.get('intent') === 'close') {
    const { closed } = await closeWave({
      id: params.waveId!,
      actor: user,
      ipAddress: clientAddress(request),
    });
    return { launched: null, launchError: null, closed };
  }
  if (form.get('intent') !== 'launch') return data({ launched: null, launchError: null }, { status: 400 });
  try {
    const launched = await launchWave({ id: params.waveId!, actor: user, ipAddress: clientAddress(request) });
    return { launched, launchError: null };
  } catch (error) {
    if (!(error instanceof WaveLaunchError)) throw error;
    return data({ launched: null, launchError: error.reason }, { status: 400 });
  }
}

const REFRESH_MS = 10_000;

/** Reloads the monitor's figures every few seconds while the tab is visible, and on focus. */
function useLiveRevalidation(active: boolean) {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  useEffect(() => {
    if (!active) return;
    const refresh = () => {
      if (document.visibilityState === 'visible' && latest.current.state === 'idle')
        latest.current.revalidate();
    };
    const timer = window.setInterval(refresh, REFRESH_MS);
    window.addEventListener('focus', refresh);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', refresh);
    };
  }, [active]);
}

function percent(value: number | null, locale: string): string {
  return value === null ? '—' : `${formatNumber(value * 100, locale, 1)}%`;
}

export default function WavePage() {
  const { wave, preview, monitor, mail, options, canLaunch } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation('waves');
  const locale = i18n.language;
  const navigation = useNavigation();
  useLiveRevalidation(wave.status === 'running');
  const n = (value: number) => formatNumber(value, locale);
  const stages = ['invited', 'sent', 'bounced', 'opened', 'started', 'completed', 'optedOut'] as const;
  return (
    <div className="stack">
      <div className="page-head">
        <h1>{wave.name}</h1>
        <span className={`status status-${wave.status}`}>{t(`statuses.${wave.status}`)}</span>
        <Link to="/waves">{t('title')}</Link>
      </div>

      {actionData?.launched ? (
        <p className="notice" role="status">
          {t('launch.launched', {
            invitations: n(actionData.launched.invitations),
            clients: n(actionData.launched.clients),
            mail: n(actionData.launched.mailMessages),
          })}
        </p>
      ) : null}
      {actionData && 'closed' in actionData && actionData.closed ? (
        <p className="notice" role="status">
          {t('loyalty:close.closed')}
        </p>
      ) : null}
      {actionData?.launchError ? (
        <p className="form-error" role="alert">
          {t(`launch.errors.${actionData.launchError}`)}
        </p>
      ) : null}

      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">{t('details.title')}</h2>
        <dl className="facts">
          <dt>{t('survey')}</dt>
          <dd>
            <Link to={`/surveys/${wave.surveyId}?version=${wave.version}`}>
              {t('versionOption', {
                title: localized(locale, wave.surveyTitleEn, wave.surveyTitleRu),
                version: wave.version,
              })}
            </Link>{' '}
            <span className="muted">({wave.versionFrozenAt ? t('versionFrozen') : t('versionDraft')})</span>
          </dd>
          <dt>{t('details.window')}</dt>
          <dd>
            {formatMoscowDateTime(wave.sendFrom, locale)} — {formatMoscowDateTime(wave.sendUntil, locale)}{' '}
            <span className="muted">({t('form.scheduleHint')})</span>
          </dd>
          <dt>{t('details.reminders')}</dt>
          <dd>
            {wave.reminderMax > 0 && wave.reminderAfterDays
              ? t('details.remindersValue', { count: wave.reminderMax, days: wave.reminderAfterDays })
              : t('details.noReminders')}
          </dd>
          <dt>{t('expiresAt')}</dt>
          <dd>{formatMoscowDateTime(wave.expiresAt, locale)}</dd>
          {wave.launchedAt ? (
            <>
              <dt>{t('launchedAt')}</dt>
              <dd>{formatMoscowDateTime(wave.launchedAt, locale)}</dd>
            </>
          ) : null}
          <dt>{t('details.audience')}</dt>
          <dd>
            <AudienceSummary audience={wave.audience} options={options} />
          </dd>
        </dl>
      </section>

      {preview ? (
        <>
          <AudiencePreviewCard preview={preview} />
          {canLaunch ? (
            <Form method="post" className="card stack">
              <p>{t('launch.hint', { version: wave.version })}</p>
              <div>
                <button
                  type="submit"
                  name="intent"
                  value="launch"
                  className="primary"
                  disabled={navigation.state !== 'idle' || preview.contacts === 0}
                >
                  {t('launch.button')}
                </button>
              </div>
            </Form>
          ) : null}
        </>
      ) : null}

      {wave.status === 'running' && canLaunch ? (
        <Form method="post" className="card stack">
          <p>{t('loyalty:close.hint')}</p>
          <div>
            <button type="submit" name="intent" value="close" disabled={navigation.state !== 'idle'}>
              {t('loyalty:close.button')}
            </button>
          </div>
        </Form>
      ) : null}

      {monitor ? (
        <section aria-labelledby="monitor-title" className="stack">
          <div className="page-head">
            <h2 id="monitor-title">{t('monitor.title')}</h2>
            {wave.status === 'running' ? <span className="muted">{t('monitor.live')}</span> : null}
          </div>
          <div className="cards">
            <div className="card">
              <h3>{t('monitor.RR1')}</h3>
              <p className="figure">{percent(monitor.overall.rates.RR1, locale)}</p>
              <p className="muted">{t('monitor.RR1Hint')}</p>
            </div>
            <div className="card">
              <h3>{t('monitor.RR2')}</h3>
              <p className="figure">{percent(monitor.overall.rates.RR2, locale)}</p>
              <p className="muted">{t('monitor.RR2Hint')}</p>
            </div>
            <div className="card">
              <h3>{t('monitor.COOP1')}</h3>
              <p className="figure">{percent(monitor.overall.rates.COOP1, locale)}</p>
              <p className="muted">{t('monitor.COOP1Hint')}</p>
            </div>
            <div className="card">
              <h3>{t('monitor.accountRate')}</h3>
              <p className="figure">{percent(monitor.overall.accountResponseRate, locale)}</p>
              <p className="muted">
                {t('monitor.accountRateHint', {
                  completed: n(monitor.overall.clientsCompleted),
                  invited: n(monitor.overall.clientsInvited),
                })}
              </p>
            </div>
          </div>
          <p className="muted">{t('monitor.partialRule', { scored: monitor.scoredQuestions })}</p>

          <div className="card">
            <h3>{t('monitor.funnel')}</h3>
            <FunnelBars
              title={t('monitor.funnel')}
              stages={stages.map((stage, index) => ({
                key: stage,
                label: t(`monitor.stages.${stage}`),
                count: monitor.overall[stage],
                countLabel: n(monitor.overall[stage]),
                shareLabel:
                  index > 0 && monitor.overall.invited > 0
                    ? percent(monitor.overall[stage] / monitor.overall.invited, locale)
                    : undefined,
              }))}
            />
          </div>

          <div className="page-head">
            <h3>{t('monitor.bySegment')}</h3>
            <Form method="get" className="inline-form">
              <label className="inline-label">
                {t('monitor.segmentBy')}
                <select name="by" defaultValue={monitor.segment ?? 'size'}>
                  {funnelSegments.map((segment) => (
                    <option key={segment} value={segment}>
                      {t(`monitor.segments.${segment}`)}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit">{t('monitor.show')}</button>
            </Form>
          </div>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{monitor.segment ? t(`monitor.segments.${monitor.segment}`) : t('monitor.segment')}</th>
                  {stages.map((stage) => (
                    <th key={stage} className="number">
                      {t(`monitor.stages.${stage}`)}
                    </th>
                  ))}
                  <th className="number">RR1</th>
                  <th className="number">RR2</th>
                  <th className="number">COOP1</th>
                  <th className="number">{t('monitor.accountRate')}</th>
                </tr>
              </thead>
              <tbody>
                {monitor.segments.map((row) => (
                  <tr key={row.key}>
                    <td>
                      {monitor.segment === 'size'
                        ? t(`common:sizes.${row.key}`)
                        : monitor.segment === 'manager' && row.key === ''
                          ? t('monitor.noManager')
                          : localized(locale, row.labelEn, row.labelRu)}
                    </td>
                    {stages.map((stage) => (
                      <td key={stage} className="number">
                        {n(row[stage])}
                      </td>
                    ))}
                    <td className="number">{percent(row.rates.RR1, locale)}</td>
                    <td className="number">{percent(row.rates.RR2, locale)}</td>
                    <td className="number">{percent(row.rates.COOP1, locale)}</td>
                    <td className="number">{percent(row.accountResponseRate, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          {mail.length > 0 ? (
            <>
              <h3>{t('monitor.mail')}</h3>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>{t('monitor.mailKind')}</th>
                      <th>{t('monitor.mailStatus')}</th>
                      <th className="number">{t('monitor.messages')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {mail.map((row) => (
                      <tr key={`${row.kind}-${row.status}`}>
                        <td>{t(`monitor.kinds.${row.kind}`)}</td>
                        <td>{t(`monitor.mailStatuses.${row.status}`)}</td>
                        <td className="number">{n(row.messages)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
