/** One OKVED2 activity with the words companies doing it are named with. */
export interface Activity {
  okved2: string;
  /** Roots joined to a stem: «Урал» + «маш» → «Уралмаш». */
  roots: readonly string[];
  /** Trade words put before a name: «Агрофирма» + «Рассвет». */
  tradeWords: readonly string[];
}

/**
 * The industries of the demo bank's client base, roughly in the proportions of a Russian regional
 * bank's corporate book: trade, manufacturing and construction dominate, a long tail follows.
 */
export interface IndustryProfile {
  section: string;
  /** Share of clients, relative. */
  share: number;
  /** Revenue per employee, RUB a year: ties headcount to revenue believably. */
  revenuePerEmployee: number;
  /** >1 makes medium and large companies more likely (mining, utilities), <1 less (cafés, clinics). */
  sizeTilt: number;
  activities: readonly Activity[];
}

const activity = (okved2: string, roots: string, tradeWords: string): Activity => ({
  okved2,
  roots: roots.split(' '),
  tradeWords: tradeWords.split(', '),
});

export const industryProfiles: readonly IndustryProfile[] = [
  {
    section: 'A',
    share: 5,
    revenuePerEmployee: 4_000_000,
    sizeTilt: 0.8,
    activities: [
      activity('01.11', 'агро зерно нива агропром', 'Агрофирма, Агрохолдинг, Хозяйство'),
      activity('01.41', 'агро молоко нива', 'Племзавод, Агрофирма, Молочная ферма'),
      activity('01.13', 'агро овощ теплица', 'Агрокомбинат, Тепличный комбинат'),
      activity('02.20', 'лес леспром', 'Леспромхоз, Лесозаготовительная компания'),
      activity('03.22', 'рыба аква', 'Рыбхоз, Рыбоводное хозяйство'),
    ],
  },
  {
    section: 'B',
    share: 1.5,
    revenuePerEmployee: 14_000_000,
    sizeTilt: 3,
    activities: [
      activity('05.10', 'уголь', 'Разрез, Шахта'),
      activity('06.10', 'нефть нефтегаз', 'Нефтедобывающая компания'),
      activity('07.29', 'руда недра', 'Рудник, Горнорудная компания'),
      activity('08.12', 'карьер нерудпром', 'Карьер, Карьероуправление'),
    ],
  },
  {
    section: 'C',
    share: 16,
    revenuePerEmployee: 6_000_000,
    sizeTilt: 1.6,
    activities: [
      activity('10.11', 'мясо мясопром', 'Мясокомбинат, Мясоперерабатывающий завод'),
      activity('10.51', 'молпром молоко', 'Молочный комбинат, Молокозавод'),
      activity('10.71', 'хлеб', 'Хлебозавод, Пекарня'),
      activity('16.10', 'лес лесопром', 'Лесопильный завод, Деревообрабатывающий комбинат'),
      activity('20.14', 'хим химпром', 'Химический завод'),
      activity('22.29', 'пласт полимер', 'Завод пластмасс'),
      activity('24.10', 'сталь мет металл', 'Металлургический завод'),
      activity('25.11', 'металлоконструкция стальконструкция', 'Завод металлоконструкций'),
      activity('28.22', 'маш техмаш кран', 'Машиностроительный завод, Завод'),
      activity('29.32', 'автокомпонент автодеталь', 'Завод автокомпонентов'),
      activity('31.01', 'мебель', 'Мебельная фабрика, Фабрика'),
    ],
  },
  {
    section: 'D',
    share: 1,
    revenuePerEmployee: 12_000_000,
    sizeTilt: 3,
    activities: [
      activity('35.11', 'энерго генерация', 'Электростанция, Энергокомпания'),
      activity('35.12', 'электросеть энерго', 'Электросетевая компания'),
      activity('35.30', 'теплосеть теплоэнерго', 'Теплоснабжающая компания'),
    ],
  },
  {
    section: 'E',
    share: 1.5,
    revenuePerEmployee: 3_500_000,
    sizeTilt: 1.2,
    activities: [
      activity('36.00', 'водоканал', 'Водоканал'),
      activity('38.11', 'экосервис экотранс', 'Экосервис, Спецавтохозяйство'),
      activity('38.32', 'вторресурс вторсырьё', 'Вторресурс'),
    ],
  },
  {
    section: 'F',
    share: 11,
    revenuePerEmployee: 6_500_000,
    sizeTilt: 1,
    activities: [
      activity('41.20', 'строй стройинвест домострой', 'СМУ, Стройтрест, Строительная компания'),
      activity('42.11', 'дорстрой автодор', 'Дорожно-строительная компания, ДСУ'),
      activity('43.21', 'электромонтаж монтаж', 'Монтажное управление, Электромонтаж'),
      activity('43.99', 'спецстрой', 'Спецстрой, СМУ'),
    ],
  },
  {
    section: 'G',
    share: 22,
    revenuePerEmployee: 16_000_000,
    sizeTilt: 0.9,
    activities: [
      activity('46.90', 'торг трейд опт снаб', 'Торговый дом, Оптторг'),
      activity('46.71', 'нефтепродукт топливо', 'Топливная компания'),
      activity('46.73', 'стройснаб лесторг', 'Торговый дом, Стройснаб'),
      activity('46.38', 'продторг продукт', 'Продторг, Торговый дом'),
      activity('45.20', 'автосервис авто', 'Автосервис, Автоцентр'),
      activity('47.11', 'маркет продукты', 'Магазин, Супермаркет'),
      activity('47.73', 'фарм аптека', 'Аптека, Аптечная сеть'),
    ],
  },
  {
    section: 'H',
    share: 8,
    revenuePerEmployee: 5_000_000,
    sizeTilt: 1.1,
    activities: [
      activity('49.41', 'транс автотранс карго', 'Автоколонна, Транспортная компания'),
      activity('52.10', 'терминал склад', 'Терминал, Складской комплекс'),
      activity('52.29', 'логистик экспедиция', 'Транспортно-экспедиционная компания'),
      activity('49.31', 'автобус пассажиртранс', 'Автобусный парк, Пассажирское автопредприятие'),
    ],
  },
  {
    section: 'I',
    share: 3,
    revenuePerEmployee: 2_500_000,
    sizeTilt: 0.4,
    activities: [
      activity('55.10', 'отель тур', 'Гостиница, Отель'),
      activity('56.10', 'гастро', 'Ресторан, Кафе'),
    ],
  },
  {
    section: 'J',
    share: 6,
    revenuePerEmployee: 5_500_000,
    sizeTilt: 0.9,
    activities: [
      activity('62.01', 'софт лаб тех', 'Лаборатория, Студия, Цифровые решения'),
      activity('62.02', 'системс инфо тех', 'ИТ-интегратор, Цифровые решения'),
      activity('63.11', 'дата инфо', 'Дата-центр'),
      activity('61.10', 'телеком связь', 'Телеком'),
    ],
  },
  {
    section: 'K',
    share: 2,
    revenuePerEmployee: 12_000_000,
    sizeTilt: 1.3,
    activities: [
      activity('64.91', 'лизинг', 'Лизинговая компания'),
      activity('64.92', 'финанс капитал', 'Микрофинансовая компания'),
      activity('66.22', 'страхброкер', 'Страховой брокер'),
      activity('65.12', 'страх', 'Страховая компания'),
    ],
  },
  {
    section: 'L',
    share: 6,
    revenuePerEmployee: 12_000_000,
    sizeTilt: 0.8,
    activities: [
      activity('68.20', 'недвижимость сити эстейт', 'Бизнес-центр, Торговый центр'),
      activity('68.10', 'девелопмент инвест', 'Девелоперская компания'),
      activity('68.32', 'управдом эстейт', 'Управляющая компания'),
    ],
  },
  {
    section: 'M',
    share: 7,
    revenuePerEmployee: 4_000_000,
    sizeTilt: 0.7,
    activities: [
      activity('71.12', 'проект инжиниринг гипро', 'Проектный институт, Инжиниринговая компания'),
      activity('69.10', 'право юрконсалт', 'Юридическое бюро, Коллегия'),
      activity('69.20', 'аудит консалт', 'Аудиторская фирма'),
      activity('73.11', 'медиа промо', 'Рекламное агентство, Агентство'),
    ],
  },
  {
    section: 'N',
    share: 3,
    revenuePerEmployee: 2_500_000,
    sizeTilt: 0.6,
    activities: [
      activity('77.11', 'прокат авторент', 'Прокат'),
      activity('81.21', 'клининг сервис', 'Клининговая компания'),
      activity('80.10', 'охрана секьюрити', 'Охранное предприятие, ЧОП'),
    ],
  },
  {
    section: 'P',
    share: 1.5,
    revenuePerEmployee: 1_500_000,
    sizeTilt: 0.4,
    activities: [
      activity('85.41', 'учцентр академия', 'Учебный центр, Школа'),
      activity('85.22', 'академия', 'Институт'),
      activity('85.30', 'профи учцентр', 'Учебный центр'),
    ],
  },
  {
    section: 'Q',
    share: 3,
    revenuePerEmployee: 2_500_000,
    sizeTilt: 0.5,
    activities: [
      activity('86.10', 'мед клиник', 'Клиника, Медицинский центр'),
      activity('86.23', 'дент', 'Стоматология'),
      activity('86.90', 'мед лаб', 'Медицинская лаборатория'),
    ],
  },
  {
    section: 'R',
    share: 1.5,
    revenuePerEmployee: 2_000_000,
    sizeTilt: 0.4,
    activities: [
      activity('93.19', 'спорт', 'Спортклуб'),
      activity('93.29', 'фитнес арена', 'Фитнес-клуб, Парк развлечений'),
      activity('90.04', 'арт сцена', 'Концертный зал'),
    ],
  },
  {
    section: 'S',
    share: 1.5,
    revenuePerEmployee: 2_000_000,
    sizeTilt: 0.3,
    activities: [
      activity('95.11', 'ремонт сервис', 'Сервисный центр'),
      activity('96.02', 'стиль бьюти', 'Салон'),
      activity('96.01', 'бытсервис', 'Химчистка'),
    ],
  },
];

export function profileOfSection(section: string): IndustryProfile {
  const profile = industryProfiles.find((candidate) => candidate.section === section);
  if (!profile) throw new Error(`No industry profile for section ${section}`);
  return profile;
}
