/** A staff page's title row: the heading, then what sits beside it (a count, a badge, actions). */
export function PageHead({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="page-head">
      <h1>{title}</h1>
      {children}
    </div>
  );
}
