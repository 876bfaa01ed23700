import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** A labelled input with its error beside it, announced to screen readers. */
export function Field({
  label,
  error,
  children,
}: {
  label: string;
  error?: string;
  children: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => React.ReactNode;
}) {
  const id = useId();
  const { t } = useTranslation('errors');
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(error ? { 'aria-invalid': true, 'aria-describedby': errorId } : {}) })}
      {error ? (
        <p className="field-error" id={errorId}>
          {t(error.replace(/^errors\./, ''), { defaultValue: error })}
        </p>
      ) : null}
    </div>
  );
}
