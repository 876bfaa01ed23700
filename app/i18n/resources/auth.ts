export const auth = {
  en: {
    title: 'Sign in to Barometer',
    tagline: 'Satisfaction of corporate clients, by segment, product and manager.',
    email: 'E-mail',
    password: 'Password',
    submit: 'Sign in',
  },
  ru: {
    title: 'Вход в Барометр',
    tagline: 'Удовлетворённость корпоративных клиентов по сегментам, продуктам и менеджерам.',
    email: 'E-mail',
    password: 'Пароль',
    submit: 'Войти',
  },
};
