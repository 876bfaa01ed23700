// The demo bank's catalogues: where it works, how its branches split the country, what it sells and
// what its managers are measured on.

export interface RegionSeed {
  code: string;
  /** The region's number, the first two digits of INNs issued there. */
  taxCode: string;
  nameEn: string;
  nameRu: string;
}

// ISO 3166-2:RU codes.
export const regionSeeds: readonly RegionSeed[] = [
  { code: 'RU-MOW', taxCode: '77', nameEn: 'Moscow', nameRu: 'Москва' },
  { code: 'RU-MOS', taxCode: '50', nameEn: 'Moscow Oblast', nameRu: 'Московская область' },
  { code: 'RU-KDA', taxCode: '23', nameEn: 'Krasnodar Krai', nameRu: 'Краснодарский край' },
  { code: 'RU-ROS', taxCode: '61', nameEn: 'Rostov Oblast', nameRu: 'Ростовская область' },
  { code: 'RU-SPE', taxCode: '78', nameEn: 'Saint Petersburg', nameRu: 'Санкт-Петербург' },
  { code: 'RU-LEN', taxCode: '47', nameEn: 'Leningrad Oblast', nameRu: 'Ленинградская область' },
  { code: 'RU-SVE', taxCode: '66', nameEn: 'Sverdlovsk Oblast', nameRu: 'Свердловская область' },
  { code: 'RU-CHE', taxCode: '74', nameEn: 'Chelyabinsk Oblast', nameRu: 'Челябинская область' },
  { code: 'RU-PER', taxCode: '59', nameEn: 'Perm Krai', nameRu: 'Пермский край' },
  { code: 'RU-TYU', taxCode: '72', nameEn: 'Tyumen Oblast', nameRu: 'Тюменская область' },
  { code: 'RU-TA', taxCode: '16', nameEn: 'Republic of Tatarstan', nameRu: 'Республика Татарстан' },
  { code: 'RU-NIZ', taxCode: '52', nameEn: 'Nizhny Novgorod Oblast', nameRu: 'Нижегородская область' },
  { code: 'RU-SAM', taxCode: '63', nameEn: 'Samara Oblast', nameRu: 'Самарская область' },
  { code: 'RU-BA', taxCode: '02', nameEn: 'Republic of Bashkortostan', nameRu: 'Республика Башкортостан' },
  { code: 'RU-NVS', taxCode: '54', nameEn: 'Novosibirsk Oblast', nameRu: 'Новосибирская область' },
  { code: 'RU-KYA', taxCode: '24', nameEn: 'Krasnoyarsk Krai', nameRu: 'Красноярский край' },
  { code: 'RU-OMS', taxCode: '55', nameEn: 'Omsk Oblast', nameRu: 'Омская область' },
];

export interface UnitSeed {
  code: string;
  nameEn: string;
  nameRu: string;
  /** Where the branch sits. */
  regionCode: string;
  /** The regions it serves, with their relative weight in its client base. */
  servedRegions: readonly (readonly [string, number])[];
  /** Share of the bank's clients, relative. */
  share: number;
  managerCount: number;
  /** Telephone area code of the branch city, for contacts' numbers. */
  phoneCode: string;
}

// One unit per territory, so every client (and every holding) has exactly one owner.
export const unitSeeds: readonly UnitSeed[] = [
  {
    code: 'MSK',
    nameEn: 'Moscow branch',
    nameRu: 'Московский филиал',
    regionCode: 'RU-MOW',
    servedRegions: [
      ['RU-MOW', 6],
      ['RU-MOS', 3],
      ['RU-KDA', 1.5],
      ['RU-ROS', 1],
    ],
    share: 33,
    managerCount: 8,
    phoneCode: '495',
  },
  {
    code: 'SPB',
    nameEn: 'St Petersburg branch',
    nameRu: 'Санкт-Петербургский филиал',
    regionCode: 'RU-SPE',
    servedRegions: [
      ['RU-SPE', 4],
      ['RU-LEN', 1],
    ],
    share: 18,
    managerCount: 5,
    phoneCode: '812',
  },
  {
    code: 'URAL',
    nameEn: 'Urals branch (Yekaterinburg)',
    nameRu: 'Уральский филиал (Екатеринбург)',
    regionCode: 'RU-SVE',
    servedRegions: [
      ['RU-SVE', 3],
      ['RU-CHE', 2],
      ['RU-PER', 1.5],
      ['RU-TYU', 1],
    ],
    share: 16,
    managerCount: 5,
    phoneCode: '343',
  },
  {
    code: 'VOLGA',
    nameEn: 'Volga branch (Kazan)',
    nameRu: 'Приволжский филиал (Казань)',
    regionCode: 'RU-TA',
    servedRegions: [
      ['RU-TA', 3],
      ['RU-NIZ', 2],
      ['RU-SAM', 2],
      ['RU-BA', 1.5],
    ],
    share: 22,
    managerCount: 6,
    phoneCode: '843',
  },
  {
    code: 'SIB',
    nameEn: 'Siberia branch (Novosibirsk)',
    nameRu: 'Сибирский филиал (Новосибирск)',
    regionCode: 'RU-NVS',
    servedRegions: [
      ['RU-NVS', 3],
      ['RU-KYA', 2],
      ['RU-OMS', 1],
    ],
    share: 11,
    managerCount: 4,
    phoneCode: '383',
  },
];

export const productCodes = [
  'cash_management',
  'lending',
  'deposits',
  'payroll',
  'acquiring',
  'fx_trade_finance',
  'remote_banking',
  'guarantees',
  'leasing',
  'cash_collection',
  'corporate_cards',
  'custody',
] as const;
export type ProductCode = (typeof productCodes)[number];

export interface ProductSeed {
  code: ProductCode;
  nameEn: string;
  nameRu: string;
  costToServeRub: number;
}

export const productSeeds: readonly ProductSeed[] = [
  {
    code: 'cash_management',
    nameEn: 'Cash management',
    nameRu: 'Расчётно-кассовое обслуживание',
    costToServeRub: 18_000,
  },
  { code: 'lending', nameEn: 'Lending', nameRu: 'Кредитование', costToServeRub: 95_000 },
  { code: 'deposits', nameEn: 'Deposits', nameRu: 'Депозиты', costToServeRub: 6_000 },
  { code: 'payroll', nameEn: 'Payroll', nameRu: 'Зарплатный проект', costToServeRub: 24_000 },
  { code: 'acquiring', nameEn: 'Merchant acquiring', nameRu: 'Эквайринг', costToServeRub: 30_000 },
  {
    code: 'fx_trade_finance',
    nameEn: 'FX and trade finance',
    nameRu: 'ВЭД, валютный контроль и торговое финансирование',
    costToServeRub: 55_000,
  },
  {
    code: 'remote_banking',
    nameEn: 'Online banking',
    nameRu: 'Дистанционное банковское обслуживание',
    costToServeRub: 4_000,
  },
  { code: 'guarantees', nameEn: 'Bank guarantees', nameRu: 'Банковские гарантии', costToServeRub: 40_000 },
  { code: 'leasing', nameEn: 'Leasing', nameRu: 'Лизинг', costToServeRub: 70_000 },
  { code: 'cash_collection', nameEn: 'Cash collection', nameRu: 'Инкассация', costToServeRub: 36_000 },
  {
    code: 'corporate_cards',
    nameEn: 'Corporate cards',
    nameRu: 'Корпоративные карты',
    costToServeRub: 5_000,
  },
  { code: 'custody', nameEn: 'Custody', nameRu: 'Депозитарное обслуживание', costToServeRub: 120_000 },
];

const kpiCodes = [
  'credit_portfolio',
  'attracted_funds',
  'commission_income',
  'remote_channel_clients',
  'satisfaction',
  'follow_up_sla',
  'response_coverage',
] as const;
export type KpiCode = (typeof kpiCodes)[number];

export interface KpiSeed {
  code: KpiCode;
  nameEn: string;
  nameRu: string;
  unit: string;
  direction: 'higher_is_better' | 'lower_is_better';
  /** Rates and scores are levels (see kpis.aggregation); money and counts are monthly flows. */
  aggregation?: 'sum' | 'level';
}

export const kpiSeeds: readonly KpiSeed[] = [
  {
    code: 'credit_portfolio',
    nameEn: 'Credit portfolio growth',
    nameRu: 'Прирост кредитного портфеля',
    unit: 'RUB',
    direction: 'higher_is_better',
  },
  {
    code: 'attracted_funds',
    nameEn: 'Attracted funds',
    nameRu: 'Привлечённые средства',
    unit: 'RUB',
    direction: 'higher_is_better',
  },
  {
    code: 'commission_income',
    nameEn: 'Commission income',
    nameRu: 'Комиссионный доход',
    unit: 'RUB',
    direction: 'higher_is_better',
  },
  {
    code: 'remote_channel_clients',
    nameEn: 'Clients connected to remote channels',
    nameRu: 'Клиенты, подключённые к дистанционным каналам',
    unit: 'clients',
    direction: 'higher_is_better',
  },
  {
    code: 'satisfaction',
    nameEn: 'Portfolio satisfaction (adjusted CSI)',
    nameRu: 'Удовлетворённость портфеля (скорректированный CSI)',
    unit: 'points',
    direction: 'higher_is_better',
    aggregation: 'level',
  },
  {
    code: 'follow_up_sla',
    nameEn: 'Follow-ups closed on time',
    nameRu: 'Обратная связь отработана в срок',
    unit: '%',
    direction: 'higher_is_better',
    aggregation: 'level',
  },
  {
    code: 'response_coverage',
    nameEn: 'Portfolio response coverage',
    nameRu: 'Охват портфеля опросом',
    unit: '%',
    direction: 'higher_is_better',
    aggregation: 'level',
  },
];
