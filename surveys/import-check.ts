import { Model } from 'survey-core';
import './annotations.ts';
import {
  type ElementJson,
  isPlainObject,
  type PageJson,
  questionsOf,
  type SurveyDefinition,
} from './definition.ts';
import { scoreMetrics, scoringMap } from './scoring.ts';
import { compileValidator } from './validation.ts';

// What an imported SurveyJS definition must satisfy before it becomes a survey version: it parses,
// its names are unique, its scoring annotations point at something, it carries no markup that could
// run in a respondent's browser, and the server can check answers to it. Every problem found is
// reported at once, each with what the UI needs to name the exact place.

/** The largest definition accepted; the templates are about 30 KB. */
export const MAX_DEFINITION_BYTES = 1_000_000;

export type ImportProblem =
  | { code: 'empty' }
  | { code: 'tooLarge'; bytes: number; limit: number }
  | { code: 'notJson'; line: number; column: number; detail: string }
  | { code: 'notObject' }
  | { code: 'noPages' }
  | { code: 'badElement'; path: string }
  | { code: 'missingName'; path: string }
  | { code: 'duplicateName'; name: string; count: number }
  | { code: 'noTitle' }
  | { code: 'unknownMetric'; question: string; metric: string }
  | { code: 'attributeMissing'; question: string; metric: string }
  | { code: 'annotationWithoutMetric'; question: string; property: string }
  | { code: 'unknownProduct'; question: string; product: string }
  | { code: 'importanceWithoutSatisfaction'; question: string; attribute: string }
  | { code: 'htmlQuestion'; question: string }
  | { code: 'unsafeHtml'; path: string; fragment: string }
  | { code: 'scriptUrl'; path: string }
  | { code: 'navigation'; property: string }
  | { code: 'surveyCore'; detail: string }
  | { code: 'unsupported'; detail: string };

export interface CheckedSurvey {
  definition: SurveyDefinition;
  titleEn: string;
  titleRu: string;
}

export type ImportCheck = ({ ok: true } & CheckedSurvey) | { ok: false; problems: ImportProblem[] };

export interface ImportCheckOptions {
  /** Codes of the products the company sells: what `scoreProduct` and product-matrix rows may name. */
  productCodes: readonly string[];
}

/** Parses and checks a SurveyJS definition given as JSON text. */
export function checkSurveyImport(text: string, options: ImportCheckOptions): ImportCheck {
  const source = text.replace(/^\uFEFF/, '');
  if (source.trim() === '') return fail({ code: 'empty' });
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > MAX_DEFINITION_BYTES) return fail({ code: 'tooLarge', bytes, limit: MAX_DEFINITION_BYTES });
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    return fail(jsonProblem(source, error as Error));
  }
  return checkSurveyDefinition(parsed, options);
}

/** Checks an already parsed definition (a template, or the body of an upload). */
export function checkSurveyDefinition(parsed: unknown, options: ImportCheckOptions): ImportCheck {
  if (!isPlainObject(parsed)) return fail({ code: 'notObject' });
  const definition = withPages(parsed);
  if (!definition) return fail({ code: 'noPages' });

  const structural = structureProblems(definition);
  if (structural.length > 0) return { ok: false, problems: structural };

  const problems: ImportProblem[] = [
    ...nameProblems(definition),
    ...annotationProblems(definition, new Set(options.productCodes)),
    ...markupProblems(definition),
  ];
  const title = titles(definition.title);
  if (!title) problems.push({ code: 'noTitle' });
  // The deeper checks assume unique names and sound annotations; run them only on a clean definition.
  if (problems.length === 0) problems.push(...engineProblems(definition));
  if (problems.length > 0 || !title) return { ok: false, problems };
  return { ok: true, definition, ...title };
}

function fail(problem: ImportProblem): ImportCheck {
  return { ok: false, problems: [problem] };
}

/** Line and column (1-based) of a JSON syntax error, from the position V8 reports. */
function jsonProblem(source: string, error: Error): ImportProblem {
  const match = /position (\d+)/.exec(error.message);
  const position = match ? Number(match[1]) : source.length;
  const before = source.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  // V8's message, without the position it repeats, e.g. "Expected ',' or '}' after property value".
  const detail = error.message.replace(/\s*in JSON at position \d+.*$/s, '').trim();
  return { code: 'notJson', line, column, detail };
}

/** A single-page survey may list `elements` at the top; it becomes one page. */
function withPages(json: Record<string, unknown>): SurveyDefinition | null {
  if (Array.isArray(json.pages) && json.pages.length > 0) return json as SurveyDefinition;
  if (json.pages === undefined && Array.isArray(json.elements) && json.elements.length > 0) {
    const { elements, ...rest } = json;
    return { ...rest, pages: [{ name: 'page1', elements: elements as ElementJson[] }] };
  }
  return null;
}

function structureProblems(definition: SurveyDefinition): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const walk = (elements: unknown, path: string) => {
    if (elements === undefined) return;
    if (!Array.isArray(elements)) {
      problems.push({ code: 'badElement', path: `${path}.elements` });
      return;
    }
    elements.forEach((element, index) => {
      const at = `${path}.elements[${index}]`;
      if (!isPlainObject(element) || typeof element.type !== 'string') {
        problems.push({ code: 'badElement', path: at });
        return;
      }
      if (typeof element.name !== 'string' || element.name.trim() === '') {
        problems.push({ code: 'missingName', path: at });
      }
      if (element.type === 'panel' || element.type === 'paneldynamic') walk(element.elements, at);
    });
  };
  definition.pages.forEach((page, index) => {
    const at = `pages[${index}]`;
    if (!isPlainObject(page)) {
      problems.push({ code: 'badElement', path: at });
      return;
    }
    if (typeof page.name !== 'string' || page.name.trim() === '')
      problems.push({ code: 'missingName', path: at });
    walk(page.elements, at);
  });
  return problems;
}

/** Questions and panels share one namespace in SurveyJS; pages have their own. */
function nameProblems(definition: SurveyDefinition): ImportProblem[] {
  const elementNames: string[] = [];
  const walk = (elements: ElementJson[] | undefined) => {
    for (const element of elements ?? []) {
      elementNames.push(element.name);
      if (element.type === 'panel' || element.type === 'paneldynamic') walk(element.elements);
    }
  };
  for (const page of definition.pages) walk(page.elements);
  return [...duplicates(elementNames), ...duplicates(definition.pages.map((page: PageJson) => page.name))];
}

function duplicates(names: string[]): ImportProblem[] {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts]
    .filter(([, count]) => count > 1)
    .map(([name, count]) => ({ code: 'duplicateName', name, count }));
}

const metricsWithAttribute = new Set(['attribute', 'importance']);

function annotationProblems(
  definition: SurveyDefinition,
  productCodes: ReadonlySet<string>,
): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const satisfied = new Set<string>();
  const importance: Array<{ question: string; attribute: string }> = [];
  for (const { question } of questionsOf(definition)) {
    const name = question.name;
    const metric = question.scoreMetric;
    const attribute = question.scoreAttribute;
    const product = question.scoreProduct;
    const productMatrix = question.scoreRowsAreProducts === true;
    if (metric === undefined) {
      for (const property of ['scoreAttribute', 'scoreProduct', 'scoreRowsAreProducts']) {
        if (question[property] !== undefined && question[property] !== false) {
          problems.push({ code: 'annotationWithoutMetric', question: name, property });
        }
      }
      continue;
    }
    if (typeof metric !== 'string' || !(scoreMetrics as readonly string[]).includes(metric)) {
      problems.push({ code: 'unknownMetric', question: name, metric: String(metric) });
      continue;
    }
    if (product !== undefined && !productCodes.has(String(product))) {
      problems.push({ code: 'unknownProduct', question: name, product: String(product) });
    }
    if (productMatrix) {
      // Its rows are only a preview: a respondent sees the client's own products instead.
      const columns = Array.isArray(question.columns) ? (question.columns as Array<{ name?: unknown }>) : [];
      if (metric === 'attribute') for (const column of columns) satisfied.add(String(column.name));
      continue;
    }
    const hasAttribute = typeof attribute === 'string' && attribute.trim() !== '';
    if (metricsWithAttribute.has(metric) && !hasAttribute) {
      problems.push({ code: 'attributeMissing', question: name, metric });
      continue;
    }
    if (metric === 'attribute' && hasAttribute) satisfied.add(attribute);
    if (metric === 'importance' && hasAttribute) importance.push({ question: name, attribute });
  }
  for (const { question, attribute } of importance) {
    if (!satisfied.has(attribute))
      problems.push({ code: 'importanceWithoutSatisfaction', question, attribute });
  }
  return problems;
}

// Markup SurveyJS renders as HTML: `html` questions, and `completedHtml` and the other *Html texts.
// `html` questions are refused outright; the texts may use only plain formatting tags without
// attributes, so no script, event handler, style or link can reach a respondent's browser.
const SAFE_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'b', 'strong', 'i', 'em', 'u']);
const SAFE_TAGS_MORE = new Set(['ul', 'ol', 'li', 'span', 'div', 'small']);

function isSafeTag(tag: string): boolean {
  return SAFE_TAGS.has(tag) || SAFE_TAGS_MORE.has(tag);
}

/** The first piece of markup outside the safe subset, or null. */
export function unsafeMarkup(html: string): string | null {
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) {
    const next = html[at + 1] ?? '';
    // "a < b" is text; anything that can open a tag, comment or declaration must be a safe tag.
    if (!/[A-Za-z/!?]/.test(next)) continue;
    const end = html.indexOf('>', at);
    const fragment = end === -1 ? html.slice(at, at + 40) : html.slice(at, end + 1);
    const tag = /^<\/?([a-z][a-z0-9]*)\s*\/?>$/i.exec(fragment);
    if (!tag || !isSafeTag(tag[1].toLowerCase())) return fragment.slice(0, 80);
  }
  return null;
}

const NAVIGATION_PROPERTIES = ['navigateToUrl', 'navigateToUrlOnCondition'];

/** Properties that hold an address (imageLink, logo, choicesByUrl.url, …). */
const URL_PROPERTY = /(link|url|logo|image|src|href)$/i;

/** A `javascript:`-style address, however it is spaced or cased (browsers ignore tabs and newlines in it). */
function isScriptUrl(value: string): boolean {
  const compact = [...value].filter((char) => char.charCodeAt(0) > 32).join('');
  return /^(javascript|vbscript):/i.test(compact);
}

function markupProblems(definition: SurveyDefinition): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const property of NAVIGATION_PROPERTIES) {
    if (definition[property] !== undefined) problems.push({ code: 'navigation', property });
  }
  for (const { question } of questionsOf(definition)) {
    if (question.type === 'html') problems.push({ code: 'htmlQuestion', question: question.name });
  }
  const visit = (node: unknown, path: string, inHtml: boolean, isUrl = false) => {
    if (typeof node === 'string') {
      if (isUrl && isScriptUrl(node)) {
        problems.push({ code: 'scriptUrl', path });
      } else if (inHtml) {
        const fragment = unsafeMarkup(node);
        if (fragment) problems.push({ code: 'unsafeHtml', path, fragment });
      }
      return;
    }
    if (Array.isArray(node)) {
      for (const [index, child] of node.entries()) visit(child, `${path}[${index}]`, inHtml, isUrl);
      return;
    }
    if (!isPlainObject(node)) return;
    const isHtmlQuestion = node.type === 'html';
    for (const [key, value] of Object.entries(node)) {
      // The html question and navigation are already refused; do not report them twice.
      if ((isHtmlQuestion && key === 'html') || NAVIGATION_PROPERTIES.includes(key)) continue;
      const at = path ? `${path}.${key}` : key;
      visit(value, at, inHtml || /html$/i.test(key), isUrl || URL_PROPERTY.test(key));
    }
  };
  visit(definition, '', false);
  return problems;
}

/** survey-core's own reading of the JSON, then the answer validator and scoring map the server uses. */
function engineProblems(definition: SurveyDefinition): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const model = new Model(definition);
  for (const error of model.jsonErrors ?? []) {
    const owner = (error as { element?: { name?: string } }).element?.name;
    problems.push({ code: 'surveyCore', detail: owner ? `${owner}: ${error.message}` : error.message });
  }
  model.dispose();
  if (problems.length > 0) return problems;
  try {
    compileValidator(definition);
    scoringMap(definition);
  } catch (error) {
    problems.push({ code: 'unsupported', detail: (error as Error).message });
  }
  return problems;
}

/** English and Russian titles: a localized title, or one plain title used for both. */
function titles(title: unknown): { titleEn: string; titleRu: string } | null {
  if (typeof title === 'string' && title.trim() !== '')
    return { titleEn: title.trim(), titleRu: title.trim() };
  if (!isPlainObject(title)) return null;
  const en = [title.default, title.en].find((value) => typeof value === 'string' && value.trim() !== '');
  const ru = typeof title.ru === 'string' && title.ru.trim() !== '' ? title.ru : en;
  if (typeof en !== 'string' || typeof ru !== 'string') return null;
  return { titleEn: en.trim(), titleRu: ru.trim() };
}
