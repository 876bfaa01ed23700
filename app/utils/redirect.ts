/** Only same-site paths may be redirected to after sign-in (no open redirect to another host). */
export function safeRedirect(
  target: FormDataEntryValue | string | null | undefined,
  fallback = '/overview',
): string {
  if (
    typeof target !== 'string' ||
    !target.startsWith('/') ||
    target.startsWith('//') ||
    target.startsWith('/\\')
  ) {
    return fallback;
  }
  return target;
}
