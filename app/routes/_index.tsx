import { type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { getStaffUser } from '#app/auth/session.server.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getStaffUser(request);
  throw redirect(user ? '/overview' : '/login');
}
