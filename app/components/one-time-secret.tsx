/**
 * A credential shown once, right after it is issued (an API token, a webhook signing secret): no
 * screen displays it again, so the card says so next to it.
 */
export function OneTimeSecret({
  heading,
  secret,
  notice,
  testId,
}: {
  heading: string;
  secret: string;
  notice: string;
  testId: string;
}) {
  return (
    <div className="card" role="status">
      <h2>{heading}</h2>
      <p>
        <code className="secret" data-testid={testId}>
          {secret}
        </code>
      </p>
      <p className="notice">{notice}</p>
    </div>
  );
}
