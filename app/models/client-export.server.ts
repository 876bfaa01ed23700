import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { StaffUser } from '#app/auth/session.server.ts';
import { getI18n } from '#app/i18n/i18n.ts';
import type { Locale } from '#app/i18n/locales.ts';
import { columnHeader, importFields } from '#app/imports/fields.ts';
import {
  attachment,
  contentTypes,
  type SheetCell,
  type SheetTable,
  sheetFileBody,
} from '#app/imports/sheet-file.server.ts';
import type { TabularFormat } from '#app/imports/tabular.server.ts';
import { getDb } from '#db/client.ts';
import {
  clientGroups,
  clientProducts,
  clients,
  contacts,
  type ImportKind,
  managers,
  products,
  units,
} from '#db/schema/index.ts';
import { recordAudit } from './audit.server.ts';
import { clientScope } from './clients.server.ts';

const amount = (value: string | null): SheetCell => (value === null ? null : { number: value });
const day = (value: string | null): SheetCell => (value === null ? null : { date: value });

/** Rows of one kind, in the order of importFields[kind], for the clients the viewer may see. */
async function exportRows(kind: ImportKind, viewer: StaffUser, locale: Locale): Promise<SheetCell[][]> {
  const db = getDb();
  const scope = clientScope(viewer);
  const t = getI18n(locale).getFixedT(locale, 'common');
  const yesNo = (value: boolean) => t(value ? 'yes' : 'no');
  switch (kind) {
    case 'clients': {
      const rows = await db
        .select({
          inn: clients.inn,
          name: clients.name,
          okved2: clients.okved2,
          region: clients.regionCode,
          unit: units.code,
          registeredOn: clients.registeredOn,
          revenueRub: clients.revenueRub,
          headcount: clients.headcount,
          manager: managers.email,
          group: clientGroups.name,
          vipCriteria: clients.vipCriteria,
        })
        .from(clients)
        .innerJoin(units, eq(units.id, clients.unitId))
        .leftJoin(managers, eq(managers.id, clients.managerId))
        .leftJoin(clientGroups, eq(clientGroups.id, clients.groupId))
        .where(scope)
        .orderBy(asc(clients.inn));
      return rows.map((row) => [
        row.inn,
        row.name,
        row.okved2,
        row.region,
        row.unit,
        day(row.registeredOn),
        amount(row.revenueRub),
        { number: String(row.headcount) },
        row.manager,
        row.group,
        row.vipCriteria.join('; '),
      ]);
    }
    case 'contacts': {
      const rows = await db
        .select({
          inn: clients.inn,
          fullName: contacts.fullName,
          email: contacts.email,
          position: contacts.position,
          phone: contacts.phone,
          role: contacts.role,
          language: contacts.language,
          consentGiven: contacts.consentGiven,
          leftCompany: contacts.leftCompany,
          surveyCapDays: contacts.surveyCapDays,
        })
        .from(contacts)
        .innerJoin(clients, eq(clients.id, contacts.clientId))
        .where(scope)
        .orderBy(asc(clients.inn), asc(contacts.fullName), asc(contacts.id));
      return rows.map((row) => [
        row.inn,
        row.fullName,
        row.email,
        row.position,
        row.phone,
        t(`contactRoles.${row.role}`),
        row.language,
        yesNo(row.consentGiven),
        yesNo(row.leftCompany),
        row.surveyCapDays === null ? null : { number: String(row.surveyCapDays) },
      ]);
    }
    case 'groups': {
      const visible: SQL | undefined = scope
        ? inArray(
            clientGroups.id,
            db
              .select({ id: clients.groupId })
              .from(clients)
              .where(and(scope, sql`${clients.groupId} IS NOT NULL`)),
          )
        : undefined;
      const rows = await db
        .select({ name: clientGroups.name })
        .from(clientGroups)
        .where(visible)
        .orderBy(asc(clientGroups.name));
      return rows.map((row) => [row.name]);
    }
    case 'products': {
      const rows = await db
        .select({
          inn: clients.inn,
          product: products.code,
          since: clientProducts.since,
          incomeRub: clientProducts.incomeRub,
          volumeRub: clientProducts.volumeRub,
          totalVolumeRub: clientProducts.totalVolumeRub,
        })
        .from(clientProducts)
        .innerJoin(clients, eq(clients.id, clientProducts.clientId))
        .innerJoin(products, eq(products.id, clientProducts.productId))
        .where(scope)
        .orderBy(asc(clients.inn), asc(products.code));
      return rows.map((row) => [
        row.inn,
        row.product,
        day(row.since),
        amount(row.incomeRub),
        amount(row.volumeRub),
        amount(row.totalVolumeRub),
      ]);
    }
  }
}

/**
 * One part of the client base as a file with the columns the import reads (headers in the viewer's
 * language; the import recognises either), so export → edit → import works, and export → import
 * changes nothing. A manager exports only their own clients. Every export is audited.
 */
export async function exportClientBase({
  viewer,
  kind,
  format,
  locale,
  ipAddress,
}: {
  viewer: StaffUser;
  kind: ImportKind;
  format: TabularFormat;
  locale: Locale;
  ipAddress: string;
}): Promise<Response> {
  const rows = await exportRows(kind, viewer, locale);
  const t = getI18n(locale).getFixedT(locale, 'imports');
  const table: SheetTable = {
    sheetName: t(`kinds.${kind}`),
    headers: importFields[kind].map((field) => columnHeader(kind, field.key, locale)),
    rows,
  };
  const body = await sheetFileBody(table, format);
  await recordAudit(getDb(), {
    actorUserId: viewer.id,
    action: 'export',
    entityType: 'client_base',
    entityId: kind,
    detail: { format, rows: rows.length },
    ipAddress,
  });
  const fileName = `barometer-${kind}-${new Date().toISOString().slice(0, 10)}.${format}`;
  return new Response(body, {
    headers: {
      'Content-Type': contentTypes[format],
      'Content-Disposition': attachment(fileName),
      'Cache-Control': 'private, no-store',
    },
  });
}
