import type { Random } from './random.ts';

// Word lists are kept as whitespace-separated text: hundreds of one-word lines would bury the code.
function words(text: string): string[] {
  return text.trim().split(/\s+/);
}

const maleFirstNames = words(`
  Александр Алексей Андрей Антон Артём Борис Вадим Василий Виктор Владимир Вячеслав Геннадий Георгий
  Григорий Денис Дмитрий Евгений Егор Иван Игорь Илья Кирилл Константин Леонид Максим Михаил Никита
  Николай Олег Павел Пётр Роман Руслан Сергей Станислав Степан Тимур Фёдор Юрий Ярослав
`);

const femaleFirstNames = words(`
  Алина Алла Анастасия Анна Валентина Валерия Вера Виктория Галина Дарья Екатерина Елена Елизавета Жанна
  Зоя Инна Ирина Карина Кристина Ксения Лариса Людмила Марина Мария Надежда Наталья Нина Оксана Ольга
  Полина Светлана Софья Тамара Татьяна Ульяна Юлия
`);

// Male forms; the female form ends in -на instead of -ич (Иванович, Ивановна).
const patronymics = words(`
  Александрович Алексеевич Андреевич Анатольевич Борисович Васильевич Викторович Владимирович Геннадьевич
  Григорьевич Дмитриевич Евгеньевич Иванович Игоревич Константинович Михайлович Николаевич Олегович
  Павлович Петрович Романович Сергеевич Юрьевич Валерьевич
`);

// Male forms; feminineSurname derives the female form.
const surnames = words(`
  Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов Волков Алексеев
  Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин Захаров Зайцев
  Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов Александров Дмитриев Королёв
  Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов Ковалёв Белов Медведев Антонов Тарасов Жуков
  Баранов Филиппов Комаров Давыдов Беляев Герасимов Богданов Осипов Сидоров Матвеев Титов Марков Миронов
  Крылов Куликов Карпов Власов Мельников Денисов Гаврилов Тихонов Казаков Афанасьев Данилов Савельев
  Тимофеев Фомин Чернов Абрамов Мартынов Ефимов Федотов Щербаков Назаров Калинин Исаев Чернышёв Быков
  Маслов Родионов Коновалов Лазарев Воронин Климов Филатов Пономарёв Голубев Кудрявцев Прохоров Наумов
  Потапов Журавлёв Овчинников Трофимов Леонов Соболев Ермаков Колесников Гончаров Емельянов Никифоров
  Грачёв Котов Гришин Ефремов Архипов Громов Кириллов Малышев Панов Моисеев Румянцев Акимов Кондратьев
  Бирюков Горбунов Анисимов Еремин Тихомиров Галкин Лукьянов Михеев Скворцов Юдин Белоусов Нестеров
  Симонов Прокофьев Харитонов Князев Цветков Левин Митрофанов Воронов Аксёнов Софронов Мальцев Логинов
  Горшков Савин Краснов Майоров Демидов Елисеев Рыбаков Сафонов Плотников Демин Хохлов Фадеев Молчанов
  Игнатов Литвинов Ершов Ушаков Дементьев Рябов Мухин Калашников Леонтьев Лобанов Кузин Корнилов
  Евдокимов Бородин Платонов Некрасов Балашов Бобров Жданов Блинов Игнатьев Коротков Муравьёв Крюков
  Беляков Богомолов Дроздов Лавров Зуев Петухов Ларин Никулин Серов Терентьев Зотов Устинов Фокин
  Самойлов Константинов Сахаров Шишкин Самсонов Черкасов Чистяков Носов Спиридонов Карасёв Авдеев
  Воронцов Зверев Владимиров Селезнёв Нечаев Кудряшов Седов Фирсов Андрианов Панин Головин Терехов
  Ульянов Шестаков Агеев Никонов Селиванов Баженов Гордеев Кожевников Пахомов Зимин Костин Широков
  Филимонов Ларионов Овсянников Сазонов Суворов Нефёдов Корнеев Любимов Львов Горбачёв Копылов Лукин
  Токарев Кулешов Шилов Большаков Панкратов Родин Шаповалов Покровский Бочаров Никольский Маркин Горелов
  Агафонов Березин Ермолаев Зубков Куприянов Трифонов Масленников Круглов Третьяков Колосов Рожков
  Артамонов Шмелёв Лаптев Лапшин Федосеев Зиновьев Зорин Уткин Столяров Зубов Ткачёв Дорофеев Антипов
  Завьялов Свиридов Золотарёв Кулаков Мещеряков Макеев Дьяконов Гуляев Петровский Бондарев Поздняков
  Панфилов Кочетков Суханов Рыжов Старостин Калмыков Колесов Золотов Кравцов Субботин Шубин Щукин Лосев
  Винокуров Лапин Парфёнов Исаков Голованов Коровин Розанов Артёмов Козырев Русаков Алёшин Крючков
  Булгаков Кошелев Сычёв Синицын Черных Коваленко Шевчук Бондаренко Ткаченко Кравченко Мельник Гарипов
  Хабибуллин Сафин Галиев Латыпов Ахметов Валиев Зарипов Нуриев Шарипов
`);

const foreignNames = [
  'John Miller',
  'Sarah Thompson',
  'Michael Weber',
  'Anna Schneider',
  'David Clarke',
  'Laura Fischer',
  'Thomas Becker',
  'Emma Wilson',
  'Mark Jansen',
  'Julia Hoffmann',
  'Peter Novak',
  'Claire Dubois',
  'Marco Rossi',
  'Sofia Lindqvist',
  'Daniel Kim',
  'Hannah Meyer',
  'Robert Evans',
  'Elena Petrova',
];

export interface PersonName {
  fullName: string;
  /** Given name and surname in Latin letters, for e-mail addresses. */
  latinGiven: string;
  latinSurname: string;
}

/** A Russian full name: Фамилия Имя Отчество, genders balanced. */
export function russianPerson(random: Random): PersonName {
  const female = random.chance(0.5);
  const given = random.pick(female ? femaleFirstNames : maleFirstNames);
  const patronymic = random.pick(patronymics);
  const surname = random.pick(surnames);
  const shownSurname = female ? feminineSurname(surname) : surname;
  return {
    fullName: `${shownSurname} ${given} ${female ? patronymic.replace(/ич$/, 'на') : patronymic}`,
    latinGiven: transliterate(given),
    latinSurname: transliterate(shownSurname),
  };
}

export function foreignPerson(random: Random): PersonName {
  const fullName = random.pick(foreignNames);
  const [given, surname] = fullName.toLowerCase().split(' ');
  return { fullName, latinGiven: given, latinSurname: surname };
}

function feminineSurname(surname: string): string {
  if (/(ов|ев|ёв|ин|ын)$/.test(surname)) return `${surname}а`;
  if (surname.endsWith('ский')) return `${surname.slice(0, -4)}ская`;
  return surname; // -енко, -ук, -ых and the like do not change.
}

const latin: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** Lower-case Latin spelling (close to the passport rules) for e-mail addresses and domains. */
function transliterate(text: string): string {
  return [...text.toLowerCase()].map((char) => latin[char] ?? char).join('');
}

/** A domain label from a company name: Latin letters, digits and single hyphens. */
export function domainLabel(text: string): string {
  return transliterate(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

// Company names: a stem (a place or a word) joined with an industry root, or a trade word with a
// name, the two shapes most Russian company names take.
export const nameStems = words(`
  Урал Сиб Волга Кама Нева Балт Сев Юг Вост Зап Центр Кварц Вектор Гранит Меридиан Горизонт Прогресс
  Стандарт Континент Импульс Ресурс Регион Дон Амур Енисей Обь Байкал Ладога Ока Иртыш Алтай Тайга Полюс
  Сигма Эталон Норд Пром Гефест Атлант Орион Профи Интер Евро Старт Кедр Агат
`);

export const nameWords = words(`
  Рассвет Заря Север Меридиан Вектор Гранит Эталон Ориентир Надежда Содружество Парус Созвездие
  Магистраль Престиж Лидер Фаворит Радуга Берёзка Исток Родник Горизонт Маяк Олимп Гарант Сфера Спектр
  Династия Партнёр Капитал Монолит Феникс Арсенал Кристалл Успех Восход Медведь Сокол Аврора
`);

// Subsidiaries of a holding: a suffix on the parent's stem and the section the subsidiary works in.
export const subsidiaryKinds: readonly { suffix: string; okved2: string }[] = [
  { suffix: 'Логистика', okved2: '52.29' },
  { suffix: 'Сервис', okved2: '33.12' },
  { suffix: 'Торговый дом', okved2: '46.90' },
  { suffix: 'Девелопмент', okved2: '68.20' },
  { suffix: 'Энерго', okved2: '35.11' },
  { suffix: 'Агро', okved2: '01.11' },
  { suffix: 'Инжиниринг', okved2: '71.12' },
  { suffix: 'Транс', okved2: '49.41' },
  { suffix: 'Строй', okved2: '41.20' },
  { suffix: 'ИТ', okved2: '62.01' },
  { suffix: 'Лизинг', okved2: '64.91' },
];
