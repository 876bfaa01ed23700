/**
 * The centralisation principle (source article, principle 2): each client group is one
 * relationship, served by one unit and one point of contact. A group breaks it when its companies
 * are served by more than one unit, or by more than one manager — a company with no personal
 * manager next to managed ones counts as a different point of contact.
 */
export interface GroupCompanyService {
  unitId: string;
  managerId: string | null;
}

export interface CentralisationCheck {
  unitIds: string[];
  /** Distinct points of contact; null is "no personal manager". */
  managerIds: (string | null)[];
  splitUnits: boolean;
  splitManagers: boolean;
  centralised: boolean;
}

export function centralisation(companies: readonly GroupCompanyService[]): CentralisationCheck {
  const unitIds = [...new Set(companies.map((company) => company.unitId))];
  const managerIds = [...new Set(companies.map((company) => company.managerId))];
  const splitUnits = unitIds.length > 1;
  const splitManagers = managerIds.length > 1;
  return { unitIds, managerIds, splitUnits, splitManagers, centralised: !splitUnits && !splitManagers };
}
