import type { ElementJson, PageJson, SurveyDefinition } from './definition.ts';

export interface ProductRow {
  code: string;
  nameEn: string;
  nameRu: string;
}

/**
 * The definition a respondent answers: every product matrix (`scoreRowsAreProducts`) lists the
 * client's own products instead of the template's default rows. Validate a response against the
 * same derived definition, or answers for the client's products are refused as unknown rows.
 */
export function withProductRows(
  definition: SurveyDefinition,
  products: readonly ProductRow[],
): SurveyDefinition {
  const rows = products.map((product) => ({
    value: product.code,
    text: { default: product.nameEn, ru: product.nameRu },
  }));
  const replace = (element: ElementJson): ElementJson => {
    if (element.scoreRowsAreProducts === true) return { ...element, rows };
    return element.elements ? { ...element, elements: element.elements.map(replace) } : element;
  };
  const pages = definition.pages.map(
    (page): PageJson => (page.elements ? { ...page, elements: page.elements.map(replace) } : page),
  );
  return { ...definition, pages };
}
