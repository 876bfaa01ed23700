import type { Locale } from '../schema/domain.ts';
import type { Random } from './random.ts';

export type Sentiment = 'negative' | 'neutral' | 'positive';

type Bank = Record<Locale, readonly string[]>;

// What clients write, by what they liked least (or, for promoters, most).
const negative: Record<string, Bank> = {
  tariffs: {
    ru: [
      'Тарифы на РКО выше, чем в других банках, особенно платежи в другие банки.',
      'Ставки по кредитам не пересматривают, хотя у нас хорошая кредитная история.',
      'Просим пересмотреть тарифный план: платим за пакет услуг, которым почти не пользуемся.',
      'Комиссии за валютный контроль неоправданно высокие.',
    ],
    en: [
      'Fees are noticeably higher than at the other banks we work with.',
      'Loan pricing has not been reviewed despite our strong credit history.',
    ],
  },
  terms_speed: {
    ru: [
      'Согласование индивидуальной ставки заняло больше двух недель.',
      'Решение по кредитной заявке ждали почти месяц, сделка чуть не сорвалась.',
      'Слишком много уровней согласования, ответы приходят с большой задержкой.',
      'Лимит по гарантиям согласовывали дольше, чем длился сам тендер.',
    ],
    en: [
      'Agreeing an individual rate took more than two weeks.',
      'Too many approval levels; answers come back very slowly.',
    ],
  },
  manager: {
    ru: [
      'Менеджер трудно доступен, на письма отвечает через несколько дней.',
      'За год сменилось два менеджера, каждый раз приходится объяснять всё заново.',
      'Менеджер не знает специфики нашего бизнеса и предлагает неподходящие продукты.',
      'Обещали перезвонить по поводу ставки и не перезвонили.',
    ],
    en: [
      'Our relationship manager is hard to reach and slow to respond.',
      'We had two different managers this year and had to start over each time.',
    ],
  },
  remote_banking_quality: {
    ru: [
      'Интернет-банк часто зависает при подписании платёжных поручений.',
      'В мобильном приложении нет нужных выписок и отчётов.',
      'После обновления интернет-банка пропали шаблоны платежей.',
    ],
    en: [
      'The online banking platform is slow and often logs us out.',
      'The mobile app lacks the statements and reports we need.',
    ],
  },
  acquiring: {
    ru: [
      'Терминалы эквайринга теряют связь, выручка зачисляется с задержкой.',
      'Комиссия по эквайрингу высокая, а замену терминала ждали две недели.',
    ],
    en: ['Card terminals keep losing connection and settlement is slow.'],
  },
  remote_banking: {
    ru: ['Интернет-банк неудобный, платежи в 1С приходится выгружать вручную.'],
    en: ['Online banking does not integrate with our accounting system.'],
  },
  lending: {
    ru: ['Кредитный процесс долгий, каждый год заново собираем тот же пакет документов.'],
    en: ['Every year we have to submit the same set of documents for the credit line again.'],
  },
};

const neutral: Bank = {
  ru: [
    'В целом всё устраивает, но хотелось бы более гибких тарифов.',
    'Хотелось бы, чтобы индивидуальные условия согласовывались быстрее.',
    'Было бы удобно автоматически получать выписки в формате 1С.',
    'Нормально, но есть куда расти в скорости обслуживания.',
    'Хотелось бы чаще получать предложения, подходящие именно нашей отрасли.',
  ],
  en: [
    'Generally fine, but fees could be more flexible.',
    'It would help if individual terms were agreed faster.',
    'Good overall; the mobile app could be better.',
  ],
};

const positive: Record<string, Bank> = {
  manager: {
    ru: [
      'Спасибо менеджеру за оперативность — вопросы решаются в тот же день.',
      'Менеджер хорошо знает наш бизнес и сам предлагает подходящие решения.',
    ],
    en: ['Our manager is responsive and knows our business well.'],
  },
  terms_speed: {
    ru: [
      'Быстро согласовали кредитную линию на нужных условиях.',
      'Индивидуальный тариф согласовали за три дня.',
    ],
    en: ['The credit line was approved quickly and on good terms.'],
  },
  remote_banking_quality: {
    ru: ['Удобный интернет-банк, почти всё можно сделать онлайн.'],
    en: ['Online banking is convenient; we rarely need to visit a branch.'],
  },
  tariffs: {
    ru: ['Хорошие условия по депозитам и понятные тарифы.'],
    en: ['Fair, transparent pricing.'],
  },
};

const general: Bank = {
  ru: ['Работаем с банком много лет, всё устраивает.', 'Надёжный банк, рекомендуем партнёрам.'],
  en: ['Reliable bank, long-standing relationship, no complaints.'],
};

export function commentFor(
  random: Random,
  { topic, sentiment, language }: { topic: string; sentiment: Sentiment; language: Locale },
): string {
  const bank =
    sentiment === 'negative'
      ? (negative[topic] ?? neutral)
      : sentiment === 'positive'
        ? random.chance(0.3)
          ? general
          : (positive[topic] ?? general)
        : neutral;
  return random.pick(bank[language]);
}
