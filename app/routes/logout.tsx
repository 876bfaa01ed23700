import { type ActionFunctionArgs, redirect } from '@remix-run/node';
import { destroyUserSession } from '#app/auth/session.server.ts';
import { requireSameOrigin } from '#app/security/same-origin.server.ts';

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  throw redirect('/login', { headers: { 'Set-Cookie': await destroyUserSession(request) } });
}

export async function loader() {
  throw redirect('/login');
}
