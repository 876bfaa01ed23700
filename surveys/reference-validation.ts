import {
  type MatrixDropdownRowModelBase,
  Model,
  type Question,
  type QuestionMatrixDropdownModel,
} from 'survey-core';
import './annotations.ts';
import type { SurveyDefinition } from './definition.ts';
import {
  type AnswerError,
  MAX_TEXT_LENGTH,
  type ValidationOptions,
  type ValidationResult,
} from './validation.ts';

// The slow, obviously-right check: survey-core decides which questions, rows, columns and scale
// points exist, what is required and what is visible. survey-core accepts out-of-range ratings,
// strings for numbers and over-long text (SPIKE.md), so the type checks are added here from the
// model's own metadata (`visibleRateValues`, the matrix's rows and cells). Used in tests only.

export function referenceValidate(
  definition: SurveyDefinition,
  answers: unknown,
  { complete }: ValidationOptions,
): ValidationResult {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    return { ok: false, errors: [{ question: '', message: 'answers must be an object' }] };
  }
  const model = new Model(definition);
  const errors: AnswerError[] = [];
  for (const [name, value] of Object.entries(answers)) {
    const question = model.getQuestionByName(name);
    const message = question ? valueProblem(question, value) : 'unknown question';
    if (message) errors.push({ question: name, message });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (!complete) return { ok: true, answers: { ...answers } };

  model.data = structuredClone(answers);
  if (!model.validate(true, false)) {
    for (const question of model.getAllQuestions()) {
      for (const error of question.errors) errors.push({ question: question.name, message: error.text });
    }
    return { ok: false, errors };
  }
  // Completing drops the answers to questions hidden by visibleIf.
  model.doComplete();
  return { ok: true, answers: model.data };
}

function valueProblem(question: Question, value: unknown): string | null {
  switch (question.getType()) {
    case 'rating': {
      const points = (question as Question & { visibleRateValues: Array<{ value: unknown }> })
        .visibleRateValues;
      return points.some((point) => point.value === value) ? null : 'not a point of the scale';
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : 'not a boolean';
    case 'comment':
    case 'text': {
      const own = question.getPropertyValue('maxLength') as number;
      const limit = own > 0 ? Math.min(own, MAX_TEXT_LENGTH) : MAX_TEXT_LENGTH;
      return typeof value === 'string' && value.length <= limit ? null : 'not a text within the length limit';
    }
    case 'matrixdropdown':
      return matrixProblem(question as QuestionMatrixDropdownModel, value);
    default:
      return `no reference check for ${question.getType()}`;
  }
}

function matrixProblem(matrix: QuestionMatrixDropdownModel, value: unknown): string | null {
  if (!isObject(value)) return 'not an object of rows';
  for (const [rowName, cells] of Object.entries(value)) {
    const row = matrix.visibleRows.find(
      (candidate: MatrixDropdownRowModelBase) => candidate.rowName === rowName,
    );
    if (!row) return `no row ${rowName}`;
    if (!isObject(cells)) return `row ${rowName} is not an object`;
    for (const [columnName, cellValue] of Object.entries(cells)) {
      const cell = row.cells.find((candidate) => candidate.column.name === columnName);
      if (!cell) return `no column ${columnName}`;
      const problem = valueProblem(cell.question, cellValue);
      if (problem) return problem;
    }
  }
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
