export const settings = {
  en: {
    areaLabel: 'Settings area',
    tabs: {
      settings: 'Settings',
      users: 'Users',
      apiTokens: 'API tokens',
      webhooks: 'Webhooks',
      audit: 'Audit log',
    },
    title: 'Settings',
    intro:
      'Every change is saved as a new version with who made it and when; past waves are read with the values that were in force when they ran.',
    sections: {
      segments: 'Segments',
      analytics: 'Analytics',
      campaigns: 'Campaigns',
      followUps: 'Follow-ups',
    },
    versionLine: 'Version {{version}}, changed by {{name}} on {{date}}',
    defaultInForce: 'Never changed: the built-in default is in force.',
    unknownUser: 'unknown user',
    saveVersion: 'Save as a new version',
    saved: 'Saved as version {{version}}.',
    savedReclassified_one: 'Saved as version {{version}}; {{count}} client changed size class.',
    savedReclassified_other: 'Saved as version {{version}}; {{count}} clients changed size class.',
    unchanged: 'Nothing changed: this is the value in force.',
    history_one: 'History ({{count}} version)',
    history_other: 'History ({{count}} versions)',
    version: 'Version',
    changedBy: 'Changed by',
    changedOn: 'Changed on',
    value: 'Value',
    units: { rub: 'RUB', people: 'people', days: 'days', responses: 'responses', weight: 'weight' },
    errors: {
      tooSmall: 'Too small.',
      tooLarge: 'Too large.',
      aboveMicro: 'Must be above the micro bound.',
      aboveSmall: 'Must be above the small bound.',
      someWeight: 'At least one role needs a weight above zero.',
    },
    keys: {
      size_thresholds: {
        title: 'Size thresholds',
        description:
          'Inclusive upper bounds of micro, small and medium companies (209-FZ, Decree 265 by default). A company takes the larger of its revenue and headcount classes. Saving re-classifies every client; past responses keep the size they were answered with.',
        fields: {
          'revenueRub.micro': 'Revenue: micro up to',
          'revenueRub.small': 'Revenue: small up to',
          'revenueRub.medium': 'Revenue: medium up to',
          'headcount.micro': 'Headcount: micro up to',
          'headcount.small': 'Headcount: small up to',
          'headcount.medium': 'Headcount: medium up to',
        },
      },
      suppression_threshold: {
        title: 'Suppression threshold',
        description:
          'A figure based on fewer responses than this is shown as "n < threshold", never as a number.',
        fields: { value: 'Suppress below' },
      },
      low_base_threshold: {
        title: 'Low-base threshold',
        description: 'Figures based on fewer responses than this are marked as a low base.',
        fields: { value: 'Low base below' },
      },
      role_weights: {
        title: 'Contact role weights',
        description:
          "How much each contact role counts in an account's score (METHODOLOGY §5), shared among the account's contacts of that role.",
        fields: {
          decision_maker: 'Decision maker',
          influencer: 'Influencer',
          user: 'User',
          finance: 'Finance',
          other: 'Other',
        },
      },
      frequency_caps: {
        title: 'Survey frequency caps',
        description: 'The least number of days between two invitations to one contact and to one client.',
        fields: { contactDays: 'Per contact', clientDays: 'Per client' },
      },
      follow_up_sla_days: {
        title: 'Follow-up deadline',
        description:
          'Working days a manager has to act on a follow-up; applies to follow-ups created afterwards.',
        fields: { value: 'Working days' },
      },
      loyalty_rules: {
        title: 'Loyalty rules',
        description:
          'Thresholds of the satisfaction feed’s loyalty states, CSI on 0–100 (docs/loyalty.md). Saving recomputes every client’s states and history.',
        fields: {
          'champion.minCsi': 'Champion: promoter with CSI at least',
          'satisfied.minCsi': 'Satisfied: CSI at least',
          'atRisk.csiBelow': 'At risk: CSI below',
          'atRisk.csiDrop': 'At risk: CSI fell by at least',
          'lostContact.silentWaves': 'Lost contact: silent waves in a row',
        },
      },
    },
  },
  ru: {
    areaLabel: 'Раздел настроек',
    tabs: {
      settings: 'Настройки',
      users: 'Пользователи',
      apiTokens: 'API-токены',
      webhooks: 'Вебхуки',
      audit: 'Журнал аудита',
    },
    title: 'Настройки',
    intro:
      'Каждое изменение сохраняется новой версией с автором и датой; прошлые волны читаются с теми значениями, что действовали во время их проведения.',
    sections: {
      segments: 'Сегменты',
      analytics: 'Аналитика',
      campaigns: 'Кампании',
      followUps: 'Реакция на отзывы',
    },
    versionLine: 'Версия {{version}}, изменил(а) {{name}} {{date}}',
    defaultInForce: 'Не менялась: действует значение по умолчанию.',
    unknownUser: 'неизвестный пользователь',
    saveVersion: 'Сохранить новой версией',
    saved: 'Сохранено как версия {{version}}.',
    savedReclassified_one: 'Сохранено как версия {{version}}; {{count}} клиент сменил класс размера.',
    savedReclassified_few: 'Сохранено как версия {{version}}; {{count}} клиента сменили класс размера.',
    savedReclassified_many: 'Сохранено как версия {{version}}; {{count}} клиентов сменили класс размера.',
    savedReclassified_other: 'Сохранено как версия {{version}}; {{count}} клиента сменили класс размера.',
    unchanged: 'Ничего не изменилось: это действующее значение.',
    history_one: 'История ({{count}} версия)',
    history_few: 'История ({{count}} версии)',
    history_many: 'История ({{count}} версий)',
    history_other: 'История ({{count}} версии)',
    version: 'Версия',
    changedBy: 'Автор',
    changedOn: 'Дата',
    value: 'Значение',
    units: { rub: 'руб.', people: 'чел.', days: 'дн.', responses: 'ответов', weight: 'вес' },
    errors: {
      tooSmall: 'Слишком мало.',
      tooLarge: 'Слишком много.',
      aboveMicro: 'Должно быть больше границы микро.',
      aboveSmall: 'Должно быть больше границы малого.',
      someWeight: 'Хотя бы у одной роли вес должен быть больше нуля.',
    },
    keys: {
      size_thresholds: {
        title: 'Границы размера компаний',
        description:
          'Включительные верхние границы микро-, малых и средних компаний (по умолчанию 209-ФЗ и Постановление № 265). Компания получает больший из классов по выручке и численности. Сохранение переклассифицирует всех клиентов; прошлые ответы сохраняют размер на момент ответа.',
        fields: {
          'revenueRub.micro': 'Выручка: микро до',
          'revenueRub.small': 'Выручка: малый до',
          'revenueRub.medium': 'Выручка: средний до',
          'headcount.micro': 'Численность: микро до',
          'headcount.small': 'Численность: малый до',
          'headcount.medium': 'Численность: средний до',
        },
      },
      suppression_threshold: {
        title: 'Порог скрытия',
        description: 'Показатель по меньшему числу ответов выводится как «n < порога», а не числом.',
        fields: { value: 'Скрывать при n меньше' },
      },
      low_base_threshold: {
        title: 'Порог малой базы',
        description: 'Показатели по меньшему числу ответов помечаются как малая база.',
        fields: { value: 'Малая база при n меньше' },
      },
      role_weights: {
        title: 'Веса ролей контактов',
        description:
          'Насколько роль контакта влияет на оценку клиента (МЕТОДИКА §5); вес делится между контактами клиента с этой ролью.',
        fields: {
          decision_maker: 'Лицо, принимающее решения',
          influencer: 'Влияет на решение',
          user: 'Пользователь',
          finance: 'Финансы',
          other: 'Другое',
        },
      },
      frequency_caps: {
        title: 'Частота опросов',
        description: 'Наименьшее число дней между двумя приглашениями одному контакту и одному клиенту.',
        fields: { contactDays: 'Для контакта', clientDays: 'Для клиента' },
      },
      follow_up_sla_days: {
        title: 'Срок реакции',
        description: 'Рабочих дней у менеджера на реакцию; действует для новых задач.',
        fields: { value: 'Рабочих дней' },
      },
      loyalty_rules: {
        title: 'Правила лояльности',
        description:
          'Пороги состояний лояльности, ИУК по шкале 0–100 (docs/loyalty.md). Сохранение пересчитывает состояния и историю всех клиентов.',
        fields: {
          'champion.minCsi': 'Приверженец: промоутер с ИУК не ниже',
          'satisfied.minCsi': 'Удовлетворён: ИУК не ниже',
          'atRisk.csiBelow': 'Под угрозой: ИУК ниже',
          'atRisk.csiDrop': 'Под угрозой: ИУК упал не меньше чем на',
          'lostContact.silentWaves': 'Нет контакта: волн подряд без ответа',
        },
      },
    },
  },
};
