import { type SQL, sql } from 'drizzle-orm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids from a URL are not trusted to be uuids: a malformed one would make PostgreSQL reject the
 * whole query, so it is dropped instead and, like any unknown id, matches nothing.
 */
export function validUuids(values: readonly string[]): string[] {
  return values.filter((value) => UUID.test(value));
}

/** `expression IN (…)`; an empty list matches nothing rather than being a syntax error. */
export function inList(expression: SQL, values: readonly unknown[]): SQL {
  if (values.length === 0) return sql`FALSE`;
  return sql`${expression} IN (${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )})`;
}

export function uuidArray(values: readonly string[]): SQL {
  if (values.length === 0) return sql`'{}'::uuid[]`;
  return sql`ARRAY[${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )}]::uuid[]`;
}

/**
 * An inline table `(VALUES …) AS name(columns)` with a cast per column, for per-wave scales and
 * weights computed in TypeScript; `empty` is a row that matches nothing when there are no rows.
 */
export function valuesTable(
  name: string,
  columns: ReadonlyArray<readonly [column: string, type: string]>,
  rows: ReadonlyArray<readonly unknown[]>,
): SQL {
  const header = sql.raw(`${name}(${columns.map(([column]) => column).join(', ')})`);
  const typedRow = (values: readonly unknown[]) =>
    sql`(${sql.join(
      values.map((value, i) => sql`${value}::${sql.raw(columns[i][1])}`),
      sql`, `,
    )})`;
  if (rows.length === 0) {
    const nulls = columns.map(() => null);
    return sql`(SELECT * FROM (VALUES ${typedRow(nulls)}) AS ${header} WHERE FALSE) AS ${sql.raw(name)}`;
  }
  return sql`(VALUES ${sql.join(rows.map(typedRow), sql`, `)}) AS ${header}`;
}
