/** Sections of OKVED2 (OK 029-2014, КДЕС Ред. 2), the same letters as NACE Rev. 2. */
export type IndustrySection =
  | 'A'
  | 'B'
  | 'C'
  | 'D'
  | 'E'
  | 'F'
  | 'G'
  | 'H'
  | 'I'
  | 'J'
  | 'K'
  | 'L'
  | 'M'
  | 'N'
  | 'O'
  | 'P'
  | 'Q'
  | 'R'
  | 'S'
  | 'T'
  | 'U';

export interface IndustrySectionInfo {
  section: IndustrySection;
  /** First and last two-digit class of the section. */
  classes: readonly [number, number];
  nameEn: string;
  nameRu: string;
}

export const INDUSTRY_SECTIONS: readonly IndustrySectionInfo[] = [
  {
    section: 'A',
    classes: [1, 3],
    nameEn: 'Agriculture, forestry and fishing',
    nameRu: 'Сельское, лесное хозяйство, охота, рыболовство и рыбоводство',
  },
  { section: 'B', classes: [5, 9], nameEn: 'Mining and quarrying', nameRu: 'Добыча полезных ископаемых' },
  { section: 'C', classes: [10, 33], nameEn: 'Manufacturing', nameRu: 'Обрабатывающие производства' },
  {
    section: 'D',
    classes: [35, 35],
    nameEn: 'Electricity, gas, steam and air conditioning supply',
    nameRu: 'Обеспечение электрической энергией, газом и паром; кондиционирование воздуха',
  },
  {
    section: 'E',
    classes: [36, 39],
    nameEn: 'Water supply; sewerage, waste management and remediation activities',
    nameRu:
      'Водоснабжение; водоотведение, организация сбора и утилизации отходов, деятельность по ликвидации загрязнений',
  },
  { section: 'F', classes: [41, 43], nameEn: 'Construction', nameRu: 'Строительство' },
  {
    section: 'G',
    classes: [45, 47],
    nameEn: 'Wholesale and retail trade; repair of motor vehicles and motorcycles',
    nameRu: 'Торговля оптовая и розничная; ремонт автотранспортных средств и мотоциклов',
  },
  {
    section: 'H',
    classes: [49, 53],
    nameEn: 'Transportation and storage',
    nameRu: 'Транспортировка и хранение',
  },
  {
    section: 'I',
    classes: [55, 56],
    nameEn: 'Accommodation and food service activities',
    nameRu: 'Деятельность гостиниц и предприятий общественного питания',
  },
  {
    section: 'J',
    classes: [58, 63],
    nameEn: 'Information and communication',
    nameRu: 'Деятельность в области информации и связи',
  },
  {
    section: 'K',
    classes: [64, 66],
    nameEn: 'Financial and insurance activities',
    nameRu: 'Деятельность финансовая и страховая',
  },
  {
    section: 'L',
    classes: [68, 68],
    nameEn: 'Real estate activities',
    nameRu: 'Деятельность по операциям с недвижимым имуществом',
  },
  {
    section: 'M',
    classes: [69, 75],
    nameEn: 'Professional, scientific and technical activities',
    nameRu: 'Деятельность профессиональная, научная и техническая',
  },
  {
    section: 'N',
    classes: [77, 82],
    nameEn: 'Administrative and support service activities',
    nameRu: 'Деятельность административная и сопутствующие дополнительные услуги',
  },
  {
    section: 'O',
    classes: [84, 84],
    nameEn: 'Public administration and defence; compulsory social security',
    nameRu: 'Государственное управление и обеспечение военной безопасности; социальное обеспечение',
  },
  { section: 'P', classes: [85, 85], nameEn: 'Education', nameRu: 'Образование' },
  {
    section: 'Q',
    classes: [86, 88],
    nameEn: 'Human health and social work activities',
    nameRu: 'Деятельность в области здравоохранения и социальных услуг',
  },
  {
    section: 'R',
    classes: [90, 93],
    nameEn: 'Arts, entertainment and recreation',
    nameRu: 'Деятельность в области культуры, спорта, организации досуга и развлечений',
  },
  {
    section: 'S',
    classes: [94, 96],
    nameEn: 'Other service activities',
    nameRu: 'Предоставление прочих видов услуг',
  },
  {
    section: 'T',
    classes: [97, 98],
    nameEn:
      'Activities of households as employers; undifferentiated goods- and services-producing activities of households for own use',
    nameRu:
      'Деятельность домашних хозяйств как работодателей; недифференцированная деятельность частных домашних хозяйств по производству товаров и оказанию услуг для собственного потребления',
  },
  {
    section: 'U',
    classes: [99, 99],
    nameEn: 'Activities of extraterritorial organisations and bodies',
    nameRu: 'Деятельность экстерриториальных организаций и органов',
  },
];

const OKVED2_CODE = /^\d{2}(\.\d{1,2}(\.\d{1,2})?)?$/;

/** Two-digit class → section; the gaps between sections (04, 34, 40, …) are not OKVED2 classes. */
const SECTION_BY_CLASS: ReadonlyMap<number, IndustrySection> = new Map(
  INDUSTRY_SECTIONS.flatMap(({ section, classes: [first, last] }) =>
    Array.from({ length: last - first + 1 }, (_, offset) => [first + offset, section] as const),
  ),
);

/** A well-formed OKVED2 code whose two-digit class exists. */
export function isValidOkved2(code: string): boolean {
  return industrySection(code) !== null;
}

/** Section letter of an OKVED2 code, looked up from its two-digit class; null for an invalid code. */
export function industrySection(code: string): IndustrySection | null {
  if (!OKVED2_CODE.test(code)) return null;
  return SECTION_BY_CLASS.get(Number(code.slice(0, 2))) ?? null;
}
