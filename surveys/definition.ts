// Reading a SurveyJS JSON definition without survey-core: scoring and validation run on every
// submission, and building a survey-core model costs milliseconds.

/** A SurveyJS localizable string: plain, or `{ default: English, ru: Russian }`. */
export type LocalizedString = string | { default: string; [locale: string]: string };

export interface ElementJson {
  type: string;
  name: string;
  elements?: ElementJson[];
  [property: string]: unknown;
}

export interface PageJson {
  name: string;
  elements?: ElementJson[];
  [property: string]: unknown;
}

export interface SurveyDefinition {
  pages: PageJson[];
  [property: string]: unknown;
}

export interface Scale {
  min: number;
  max: number;
}

export interface QuestionInContext {
  question: ElementJson;
  /** `visibleIf` expressions of the page, the enclosing panels and the question itself, outermost first. */
  visibleIf: string[];
}

/** Every question (not panel) of the survey in page order, with the conditions that can hide it. */
export function questionsOf(definition: SurveyDefinition): QuestionInContext[] {
  const found: QuestionInContext[] = [];
  const walk = (elements: ElementJson[] | undefined, conditions: string[]) => {
    for (const element of elements ?? []) {
      const own = typeof element.visibleIf === 'string' ? [...conditions, element.visibleIf] : conditions;
      if (element.type === 'panel') walk(element.elements, own);
      else found.push({ question: element, visibleIf: own });
    }
  };
  for (const page of definition.pages) {
    walk(page.elements, typeof page.visibleIf === 'string' ? [page.visibleIf] : []);
  }
  return found;
}

/** Pages and panels: the elements that hold questions. */
export function containersOf(definition: SurveyDefinition): Array<PageJson | ElementJson> {
  const found: Array<PageJson | ElementJson> = [];
  const walk = (container: PageJson | ElementJson) => {
    found.push(container);
    for (const element of container.elements ?? []) if (element.type === 'panel') walk(element);
  };
  for (const page of definition.pages) walk(page);
  return found;
}

/**
 * The scale of a rating question or a rating column. Templates must state `rateMin` and `rateMax`:
 * survey-core derives missing bounds from `rateCount`, `rateStep` and `rateValues`, and a second
 * implementation of that derivation is a place for the two validators to disagree.
 */
export function ratingScale(rating: Record<string, unknown>, label: string): Scale {
  const { rateMin: min, rateMax: max } = rating;
  if (!Number.isInteger(min) || !Number.isInteger(max) || (min as number) >= (max as number)) {
    throw new Error(`${label}: a rating needs integer rateMin < rateMax`);
  }
  for (const property of ['rateValues', 'rateStep']) {
    if (property in rating) throw new Error(`${label}: ${property} is not supported, use rateMin/rateMax`);
  }
  if ('rateCount' in rating && rating.rateCount !== (max as number) - (min as number) + 1) {
    throw new Error(`${label}: rateCount disagrees with rateMin/rateMax`);
  }
  return { min: min as number, max: max as number };
}

/** Columns of a matrixdropdown; every one must be a rating cell (the only kind templates use). */
export function ratingColumns(matrix: ElementJson): Array<{ name: string; scale: Scale }> {
  const columns = Array.isArray(matrix.columns) ? (matrix.columns as Array<Record<string, unknown>>) : [];
  return columns.map((column) => {
    const name = String(column.name);
    const cellType = column.cellType ?? matrix.cellType;
    if (cellType !== 'rating') throw new Error(`${matrix.name}.${name}: only rating cells are supported`);
    return { name, scale: ratingScale(column, `${matrix.name}.${name}`) };
  });
}

/** Row values of a matrix; rows may be plain values or `{ value, text }` items. */
export function matrixRows(matrix: ElementJson): string[] {
  const rows = Array.isArray(matrix.rows) ? (matrix.rows as unknown[]) : [];
  return rows.map((row) =>
    String(typeof row === 'object' && row !== null ? (row as { value: unknown }).value : row),
  );
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
