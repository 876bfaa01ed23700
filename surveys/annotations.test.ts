import { Model, Serializer } from 'survey-core';
import { describe, expect, it } from 'vitest';
import { registerScoringProperties } from './annotations.ts';

const propertyNames = (className: string) =>
  Serializer.getProperties(className).map((property) => property.name);

describe('registerScoringProperties', () => {
  it('registers each property once however often it is called', () => {
    registerScoringProperties();
    registerScoringProperties();
    const names = propertyNames('rating').filter((name) => name.startsWith('score'));
    expect(names).toEqual(['scoreMetric', 'scoreAttribute', 'scoreProduct']);
  });

  it('offers the product-rows flag on matrices only', () => {
    expect(propertyNames('matrixdropdown')).toContain('scoreRowsAreProducts');
    expect(propertyNames('matrix')).toContain('scoreRowsAreProducts');
    expect(propertyNames('rating')).not.toContain('scoreRowsAreProducts');
  });

  it('lets survey-core load and expose the annotations', () => {
    const model = new Model({
      elements: [
        { type: 'rating', name: 'sat_quality', scoreMetric: 'attribute', scoreAttribute: 'quality' },
        {
          type: 'matrixdropdown',
          name: 'product_sat',
          scoreMetric: 'attribute',
          scoreRowsAreProducts: true,
          rows: ['pipes'],
          columns: [{ name: 'quality', cellType: 'rating' }],
        },
      ],
    });
    expect(model.jsonErrors ?? []).toEqual([]);
    expect(model.getQuestionByName('sat_quality').getPropertyValue('scoreAttribute')).toBe('quality');
    expect(model.getQuestionByName('product_sat').getPropertyValue('scoreRowsAreProducts')).toBe(true);
  });
});
