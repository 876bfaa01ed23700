import { Serializer } from 'survey-core';
import { scoreMetrics } from './scoring.ts';

// Scoring annotations are custom SurveyJS properties so that a template keeps them through
// survey-core (runner, server-side reference validation, a future editor) instead of having
// them reported as unknown properties and dropped.

const CATEGORY = 'scoring';

/** Registers the scoring properties on survey-core's question classes; safe to call repeatedly. */
export function registerScoringProperties(): void {
  if (Serializer.findProperty('question', 'scoreMetric')) return;
  Serializer.addProperty('question', {
    name: 'scoreMetric',
    category: CATEGORY,
    choices: [...scoreMetrics],
  });
  // Attribute key such as 'quality', for metrics 'attribute' and 'importance'.
  Serializer.addProperty('question', { name: 'scoreAttribute', category: CATEGORY });
  // Product code, when a question scores one product.
  Serializer.addProperty('question', { name: 'scoreProduct', category: CATEGORY });
  // Rows are product codes and columns attribute keys: the per-product attribute grid.
  Serializer.addProperty('matrixbase', {
    name: 'scoreRowsAreProducts',
    type: 'boolean',
    default: false,
    category: CATEGORY,
  });
}

registerScoringProperties();
