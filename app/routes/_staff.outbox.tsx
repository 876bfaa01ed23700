import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { FilterActions, SelectFilter } from '#app/components/list-filters.tsx';
import { PageHead } from '#app/components/page-head.tsx';
import { Pagination } from '#app/components/pagination.tsx';
import { getOutbox, outboxFilterSchema } from '#app/models/outbox.server.ts';
import { mailStatuses } from '#db/schema/domain.ts';

export const meta: MetaFunction = () => [{ title: 'Outbox · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'outbox:read');
  const filter = outboxFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return getOutbox({ filter });
}

// UTC on server and browser alike, so the hydrated page matches the rendered one.
function formatInstant(value: Date | string | null, locale: string): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(value));
}

const urlPattern = /(https?:\/\/[^\s<>"']+)/g;

/** Plain text with its http(s) links clickable; everything else stays text. */
function TextBody({ text }: { text: string }) {
  const parts = text.split(urlPattern);
  return (
    <pre className="mail-text">
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text never reorder
          <a key={index} href={part} rel="noreferrer">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </pre>
  );
}

// The HTML part runs in a sandbox with no scripts, no same origin and no network: a message can show
// itself but cannot act on the staff page or call home.
const htmlPolicy =
  '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">';

export default function OutboxPage() {
  const { rows, total, counts, page, pageCount, opened, delivery } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('outbox');
  const [searchParams] = useSearchParams();
  const locale = i18n.language;
  const hrefWith = (message: string | null) => {
    const params = new URLSearchParams(searchParams);
    if (message) params.set('message', message);
    else params.delete('message');
    return `?${params}`;
  };
  const errorText = (status: string, lastError: string | null) => {
    if (!lastError) return null;
    return status === 'cancelled' ? t(`cancelReasons.${lastError}`, { defaultValue: lastError }) : lastError;
  };
  return (
    <>
      <PageHead title={t('title')}>
        <span className="muted">{t('count', { count: total })}</span>
      </PageHead>
      <p className="muted">{delivery === 'smtp' ? t('modeSmtp') : t('modeOutbox')}</p>

      <Form method="get" className="filters" aria-label={t('status')}>
        <SelectFilter
          label={t('status')}
          name="status"
          value={searchParams.get('status') ?? ''}
          any={t('anyStatus')}
          options={mailStatuses.map((status) => ({
            value: status,
            label: `${t(`statuses.${status}`)} (${counts[status]})`,
          }))}
        />
        <FilterActions reset="/outbox" />
      </Form>

      {opened ? (
        <section className="card mail-message" aria-labelledby="opened-message">
          <div className="page-head">
            <h2 id="opened-message">{opened.subject}</h2>
            <Link to={hrefWith(null)}>{t('close')}</Link>
          </div>
          <dl className="facts">
            <dt>{t('to')}</dt>
            <dd>{opened.toAddress}</dd>
            <dt>{t('kind')}</dt>
            <dd>{t(`kinds.${opened.kind}`)}</dd>
            <dt>{t('status')}</dt>
            <dd>{t(`statuses.${opened.status}`)}</dd>
            <dt>{t('sentAt')}</dt>
            <dd>{formatInstant(opened.sentAt, locale)}</dd>
            <dt>{t('transport')}</dt>
            <dd>{opened.transport ? t(`transports.${opened.transport}`) : '—'}</dd>
            <dt>{t('messageId')}</dt>
            <dd>
              <code>{opened.messageId}</code>
            </dd>
          </dl>
          <h3>{t('textVersion')}</h3>
          <TextBody text={opened.textBody} />
          <h3>{t('htmlVersion')}</h3>
          {opened.htmlBody ? (
            <iframe
              className="mail-html"
              title={`${t('message')}: ${opened.subject}`}
              sandbox=""
              referrerPolicy="no-referrer"
              srcDoc={`<!doctype html><meta charset="utf-8">${htmlPolicy}${opened.htmlBody}`}
            />
          ) : (
            <p className="muted">{t('noHtml')}</p>
          )}
        </section>
      ) : null}

      {rows.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('created')}</th>
                <th>{t('kind')}</th>
                <th>{t('to')}</th>
                <th>{t('subject')}</th>
                <th>{t('status')}</th>
                <th className="number">{t('attempts')}</th>
                <th>{t('error')}</th>
                <th>{t('sentAt')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} aria-current={opened?.id === row.id ? 'true' : undefined}>
                  <td>{formatInstant(row.createdAt, locale)}</td>
                  <td>{t(`kinds.${row.kind}`)}</td>
                  <td>{row.toAddress}</td>
                  <td>
                    <Link to={hrefWith(row.id)}>{row.subject}</Link>
                  </td>
                  <td>
                    <span className={row.status === 'failed' ? 'badge danger-badge' : 'badge'}>
                      {t(`statuses.${row.status}`)}
                    </span>
                    {row.status === 'queued' && row.attempts > 0 ? (
                      <div className="muted">
                        {t('nextAttempt')}: {formatInstant(row.nextAttemptAt, locale)}
                      </div>
                    ) : null}
                  </td>
                  <td className="number">{row.attempts}</td>
                  <td className="mail-error">{errorText(row.status, row.lastError) ?? '—'}</td>
                  <td>{formatInstant(row.sentAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
