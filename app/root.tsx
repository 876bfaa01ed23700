import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteLoaderData,
} from '@remix-run/react';
import { I18nextProvider } from 'react-i18next';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { getI18n } from '#app/i18n/i18n.ts';
import { resolveLocale } from '#app/i18n/locale.server.ts';
import { defaultLocale, type Locale } from '#app/i18n/locales.ts';
import stylesheet from '#app/styles/app.css?url';
import { pageLanguage, wantsHydration } from '#app/utils/route-handle.ts';

export const links: LinksFunction = () => [
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
  { rel: 'stylesheet', href: stylesheet },
];

export async function loader({ request }: LoaderFunctionArgs) {
  return { locale: await resolveLocale(request) };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const locale: Locale = data?.locale ?? defaultLocale;
  const matches = useMatches();
  const hydrate = wantsHydration(matches);
  return (
    <html lang={pageLanguage(matches) ?? locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={getI18n(locale)}>{children}</I18nextProvider>
        {hydrate ? (
          <>
            <ScrollRestoration />
            <Scripts />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
