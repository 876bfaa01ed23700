import type { Locale } from '#db/schema/domain.ts';

// Invitation and reminder mails, rendered once at launch: the link's token exists in clear only
// then (the database keeps its hash), so the text is written into the mail queue with it.

export interface InvitationMailInput {
  kind: 'invitation' | 'reminder';
  /** 1 for the first reminder; ignored for the invitation. */
  reminderNumber?: number;
  language: Locale;
  contactName: string;
  clientName: string;
  surveyTitle: string;
  /** Who is asking: the company that runs the survey, as it signs its mail. */
  senderName: string;
  link: string;
  optOutLink: string;
  expiresAt: Date | null;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

// Dates in mails are Moscow time, as everywhere the wave's schedule is entered.
const TIME_ZONE = 'Europe/Moscow';

// Building an Intl formatter costs far more than formatting: a launch renders 300 000 mails.
const expiryFormats = new Map<Locale, Intl.DateTimeFormat>();

const lastExpiry = new Map<Locale, { time: number; text: string }>();

function formatExpiry(date: Date, language: Locale): string {
  const last = lastExpiry.get(language);
  if (last?.time === date.getTime()) return last.text;
  let format = expiryFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language === 'ru' ? 'ru-RU' : 'en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: TIME_ZONE,
    });
    expiryFormats.set(language, format);
  }
  const text = format.format(date);
  lastExpiry.set(language, { time: date.getTime(), text });
  return text;
}

interface Wording {
  subject: (input: InvitationMailInput) => string;
  greeting: (name: string) => string;
  ask: (input: InvitationMailInput) => string;
  reminder: string;
  button: string;
  expires: (date: string) => string;
  resume: string;
  optOut: string;
  optOutLink: string;
  signature: (sender: string) => string;
}

const wording: Record<Locale, Wording> = {
  en: {
    subject: ({ kind, surveyTitle }) => (kind === 'reminder' ? `Reminder: ${surveyTitle}` : surveyTitle),
    greeting: (name) => `Dear ${name},`,
    ask: ({ clientName }) =>
      `We would like to ask you, as a representative of ${clientName}, how satisfied you are with our work. Your answers go to the team that serves your company and help us decide what to improve first.`,
    reminder: 'We have not yet received your answers, so we are writing once more.',
    button: 'Answer the survey',
    expires: (date) => `The link is personal and works until ${date}.`,
    resume: 'You can stop at any time and continue later from the same link.',
    optOut: 'If you do not wish to receive our surveys, follow this link:',
    optOutLink: 'Do not send me surveys',
    signature: (sender) => `Kind regards,\n${sender}`,
  },
  ru: {
    subject: ({ kind, surveyTitle }) => (kind === 'reminder' ? `Напоминание: ${surveyTitle}` : surveyTitle),
    greeting: (name) => `Здравствуйте, ${name}!`,
    ask: ({ clientName }) =>
      `Просим вас как представителя ${clientName} оценить нашу работу. Ваши ответы получит команда, которая обслуживает вашу компанию: они помогут решить, что улучшить в первую очередь.`,
    reminder: 'Мы пока не получили ваших ответов, поэтому пишем ещё раз.',
    button: 'Пройти опрос',
    expires: (date) => `Ссылка персональная и действует до ${date}.`,
    resume: 'Можно прерваться в любой момент и продолжить позже по той же ссылке.',
    optOut: 'Если вы не хотите получать наши опросы, перейдите по ссылке:',
    optOutLink: 'Не присылать мне опросы',
    signature: (sender) => `С уважением,\n${sender}`,
  },
};

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/** Subject, plain text and HTML of one invitation or reminder, in the contact's language. */
export function renderInvitationMail(input: InvitationMailInput): RenderedMail {
  const words = wording[input.language];
  const expiry = input.expiresAt ? words.expires(formatExpiry(input.expiresAt, input.language)) : null;
  const paragraphs = [
    ...(input.kind === 'reminder' ? [words.reminder] : []),
    words.ask(input),
    ...(expiry ? [`${expiry} ${words.resume}`] : [words.resume]),
  ];
  const subject = words.subject(input);
  const text = [
    words.greeting(input.contactName),
    '',
    ...paragraphs.flatMap((paragraph) => [paragraph, '']),
    `${words.button}: ${input.link}`,
    '',
    words.signature(input.senderName),
    '',
    '--',
    `${words.optOut} ${input.optOutLink}`,
    '',
  ].join('\n');

  // Lean on purpose: a launch writes one such body per invitation and reminder into the queue.
  const e = escapeHtml;
  const html = [
    `<!doctype html><html lang="${input.language}"><head><meta charset="utf-8"><title>${e(subject)}</title></head>`,
    '<body style="font-family:Arial,sans-serif;line-height:1.5;color:#1d2433">',
    `<p>${e(words.greeting(input.contactName))}</p>`,
    ...paragraphs.map((paragraph) => `<p>${e(paragraph)}</p>`),
    `<p><a href="${e(input.link)}" style="background:#1f5fbf;color:#fff;padding:10px 18px;text-decoration:none">${e(words.button)}</a></p>`,
    `<p>${e(words.signature(input.senderName)).replace('\n', '<br>')}</p>`,
    `<p style="font-size:12px;color:#5d6679">${e(words.optOut)} <a href="${e(input.optOutLink)}">${e(words.optOutLink)}</a></p>`,
    '</body></html>',
  ].join('');
  return { subject, text, html };
}

type Slot = 'contactName' | 'clientName' | 'link' | 'optOutLink';
const SLOTS: readonly Slot[] = ['contactName', 'clientName', 'link', 'optOutLink'];
// Stand-ins for the per-recipient values while a mail is compiled: control characters that no
// wording contains (and that are removed from the survey title and sender name).
const MARKS = SLOTS.map((_, index) => String.fromCharCode(index + 1));
const stripMarks = (value: string) => [...value].filter((char) => !MARKS.includes(char)).join('');

export type MailSetting = Omit<InvitationMailInput, Slot>;
export type MailRecipient = Pick<InvitationMailInput, Slot>;

/** Literal pieces and, between them, which recipient value goes where. */
function compileTemplate(rendered: string): { pieces: string[]; slots: Slot[] } {
  const pieces: string[] = [];
  const slots: Slot[] = [];
  let start = 0;
  for (let at = 0; at < rendered.length; at++) {
    const slot = MARKS.indexOf(rendered[at]);
    if (slot === -1) continue;
    pieces.push(rendered.slice(start, at));
    slots.push(SLOTS[slot]);
    start = at + 1;
  }
  pieces.push(rendered.slice(start));
  return { pieces, slots };
}

function fill(template: { pieces: string[]; slots: Slot[] }, values: MailRecipient): string {
  let out = template.pieces[0];
  for (let index = 0; index < template.slots.length; index++) {
    out += values[template.slots[index]] + template.pieces[index + 1];
  }
  return out;
}

/**
 * The same mail as renderInvitationMail, compiled once per language and kind so that a launch only
 * fills in each recipient's name, company and links: rendering 300 000 mails from scratch costs
 * seconds.
 */
export function compileInvitationMail(setting: MailSetting): (recipient: MailRecipient) => RenderedMail {
  const marked = Object.fromEntries(SLOTS.map((slot, index) => [slot, MARKS[index]])) as MailRecipient;
  const sample = renderInvitationMail({
    ...setting,
    surveyTitle: stripMarks(setting.surveyTitle),
    senderName: stripMarks(setting.senderName),
    ...marked,
  });
  const text = compileTemplate(sample.text);
  const html = compileTemplate(sample.html);
  return (recipient) => ({
    subject: sample.subject,
    text: fill(text, recipient),
    html: fill(html, {
      contactName: escapeHtml(recipient.contactName),
      clientName: escapeHtml(recipient.clientName),
      link: escapeHtml(recipient.link),
      optOutLink: escapeHtml(recipient.optOutLink),
    }),
  });
}

/** The display name of a From address (`Bank <mail@bank>` → `Bank`), or the address itself. */
export function senderNameOf(from: string): string {
  const match = /^\s*"?([^"<]*?)"?\s*<[^>]+>\s*$/.exec(from);
  return (match?.[1] || from).trim();
}
