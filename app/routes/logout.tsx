import { type ActionFunctionArgs, redirect } from '@remix-run/node';
import { destroyUserSession } from '#app/auth/session.server.ts';

export async function action({ request }: ActionFunctionArgs) {
  throw redirect('/login', { headers: { 'Set-Cookie': await destroyUserSession(request) } });
}

export async function loader() {
  throw redirect('/login');
}
