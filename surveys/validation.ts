import { ConditionRunner } from 'survey-core';
import {
  containersOf,
  type ElementJson,
  isPlainObject,
  matrixRows,
  questionsOf,
  ratingColumns,
  ratingScale,
  type Scale,
  type SurveyDefinition,
} from './definition.ts';

// Submissions are checked by a validator compiled once per definition: building a survey-core
// model per request costs milliseconds (SPIKE.md). reference-validation.ts does the same check
// with survey-core, and validation.test.ts proves the two agree on generated answers.

export type Answers = Record<string, unknown>;

export interface AnswerError {
  question: string;
  message: string;
}

export type ValidationResult = { ok: true; answers: Answers } | { ok: false; errors: AnswerError[] };

export interface ValidationOptions {
  /** A completed response must answer every visible required question. */
  complete: boolean;
}

export type AnswersValidator = (answers: unknown, options: ValidationOptions) => ValidationResult;

/** The longest free-text answer accepted, whatever a template's `maxLength` says. */
export const MAX_TEXT_LENGTH = 5000;

/**
 * SurveyJS properties that change which answers are valid or required and that this validator does
 * not implement. A template using one fails to compile instead of being validated wrongly.
 */
const UNSUPPORTED_PROPERTIES = [
  'requiredIf',
  'enableIf',
  'readOnly',
  'visible',
  'validators',
  'valueName',
  'defaultValue',
  'defaultValueExpression',
  'setValueIf',
  'setValueExpression',
  'resetValueIf',
  'valueTrue',
  'valueFalse',
  'rowsVisibleIf',
  'columnsVisibleIf',
  'transposeData',
  'detailElements',
  'showCommentArea',
  'clearIfInvisible',
];
const UNSUPPORTED_CONTAINER_PROPERTIES = ['isRequired', 'requiredIf', 'enableIf', 'readOnly', 'visible'];
const UNSUPPORTED_SURVEY_PROPERTIES = [
  'clearInvisibleValues',
  'calculatedValues',
  'triggers',
  'maxTextLength',
];

interface CompiledQuestion {
  name: string;
  required: boolean;
  visibleIf: ConditionRunner[];
  /** Why the value is unacceptable, or null. Called only for present answers. */
  check: (value: unknown) => string | null;
  /** SurveyJS's notion of "not answered" for a type-correct value. */
  isEmpty: (value: unknown) => boolean;
}

export function compileValidator(definition: SurveyDefinition): AnswersValidator {
  for (const property of UNSUPPORTED_SURVEY_PROPERTIES) refuse(definition, property, 'the survey');
  const questions = new Map<string, CompiledQuestion>();
  for (const { question, visibleIf } of questionsOf(definition)) {
    if (questions.has(question.name)) throw new Error(`${question.name}: duplicate question name`);
    questions.set(question.name, compileQuestion(question, visibleIf));
  }
  for (const container of containersOf(definition)) {
    for (const property of UNSUPPORTED_CONTAINER_PROPERTIES) refuse(container, property, container.name);
  }

  return (answers, { complete }) => {
    if (!isPlainObject(answers))
      return { ok: false, errors: [{ question: '', message: 'answers must be an object' }] };
    const errors: AnswerError[] = [];
    for (const [name, value] of Object.entries(answers)) {
      const question = questions.get(name);
      const message = question ? question.check(value) : 'unknown question';
      if (message) errors.push({ question: name, message });
    }
    if (errors.length > 0) return { ok: false, errors };
    if (!complete) return { ok: true, answers: { ...answers } };

    // Visibility is judged on the answers as submitted, as survey-core does before it clears the
    // answers to hidden questions on completion.
    const kept: Answers = {};
    for (const question of questions.values()) {
      const visible = question.visibleIf.every((condition) => condition.runValues(answers));
      const value = answers[question.name];
      if (visible && value !== undefined) kept[question.name] = value;
      if (visible && question.required && (value === undefined || question.isEmpty(value))) {
        errors.push({ question: question.name, message: 'an answer is required' });
      }
    }
    return errors.length > 0 ? { ok: false, errors } : { ok: true, answers: kept };
  };
}

const validators = new WeakMap<SurveyDefinition, AnswersValidator>();

/** Checks answers against a definition, compiling its validator on first use. */
export function validateAnswers(
  definition: SurveyDefinition,
  answers: unknown,
  options: ValidationOptions,
): ValidationResult {
  let validator = validators.get(definition);
  if (!validator) {
    validator = compileValidator(definition);
    validators.set(definition, validator);
  }
  return validator(answers, options);
}

function compileQuestion(question: ElementJson, conditions: string[]): CompiledQuestion {
  for (const property of UNSUPPORTED_PROPERTIES) refuse(question, property, question.name);
  const visibleIf = conditions.map((expression) => new ConditionRunner(expression));
  const required = question.isRequired === true;
  const base = { name: question.name, required, visibleIf, isEmpty: () => false };
  switch (question.type) {
    case 'rating':
      return { ...base, check: ratingCheck(ratingScale(question, question.name)) };
    case 'boolean':
      return { ...base, check: (value) => (typeof value === 'boolean' ? null : 'must be true or false') };
    case 'comment':
    case 'text':
      if (question.type === 'text' && (question.inputType ?? 'text') !== 'text') {
        throw new Error(`${question.name}: text inputType ${question.inputType} is not supported`);
      }
      return { ...base, check: textCheck(question), isEmpty: (value) => (value as string).trim() === '' };
    case 'matrixdropdown':
      // survey-core's rules for a required matrix or required cells are not reproduced here.
      if (required || question.isAllRowRequired === true) {
        throw new Error(`${question.name}: a required matrix is not supported`);
      }
      for (const column of (question.columns as Array<Record<string, unknown>>) ?? []) {
        for (const property of [...UNSUPPORTED_PROPERTIES, 'isRequired', 'visibleIf']) {
          refuse(column, property, `${question.name}.${column.name}`);
        }
      }
      return { ...base, check: matrixCheck(question) };
    default:
      throw new Error(`${question.name}: question type ${question.type} is not supported`);
  }
}

function refuse(element: Record<string, unknown>, property: string, label: string): void {
  if (property in element) throw new Error(`${label}: ${property} is not supported by the answer validator`);
}

function ratingCheck({ min, max }: Scale): (value: unknown) => string | null {
  return (value) =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max
      ? null
      : `must be an integer from ${min} to ${max}`;
}

// PostgreSQL's jsonb refuses the NUL character and unpaired UTF-16 surrogates: such text (pasted
// binary, a truncated emoji) would fail the write with a server error instead of this refusal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is looked for
const unstorableText = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function textCheck(question: ElementJson): (value: unknown) => string | null {
  const ownLimit =
    typeof question.maxLength === 'number' && question.maxLength > 0 ? question.maxLength : Infinity;
  const limit = Math.min(MAX_TEXT_LENGTH, ownLimit);
  return (value) => {
    if (typeof value !== 'string') return 'must be text';
    if (unstorableText.test(value)) return 'must not contain NUL characters or unpaired surrogates';
    return value.length <= limit ? null : `must be at most ${limit} characters`;
  };
}

function matrixCheck(matrix: ElementJson): (value: unknown) => string | null {
  const rows = new Set(matrixRows(matrix));
  const columns = new Map(ratingColumns(matrix).map((column) => [column.name, ratingCheck(column.scale)]));
  return (value) => {
    if (!isPlainObject(value)) return 'must be an object of rows';
    for (const [row, cells] of Object.entries(value)) {
      if (!rows.has(row)) return `unknown row ${row}`;
      if (!isPlainObject(cells)) return `row ${row} must be an object of columns`;
      for (const [column, cell] of Object.entries(cells)) {
        const check = columns.get(column);
        if (!check) return `unknown column ${column} in row ${row}`;
        const message = check(cell);
        if (message) return `${row}, ${column}: ${message}`;
      }
    }
    return null;
  };
}
