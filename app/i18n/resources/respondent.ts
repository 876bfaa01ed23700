export const respondent = {
  en: {
    surveyFor: 'Questionnaire for {{name}}',
    questionnaire: 'Questionnaire',
    language: 'Language',
    loading: 'Loading the questionnaire…',
    needsJavaScript:
      'This questionnaire needs JavaScript. Please enable it in your browser, or open the link on another device.',
    saving: 'Saving…',
    saved:
      'Your answers are saved. You can close this page and continue later from the same link, on any device.',
    saveFailed:
      'Your latest answers are not saved yet: we could not reach the server. We will try again; please keep this page open.',
    completeFailed: 'Your answers could not be sent. Check your connection and press Complete again.',
    invalidAnswers: 'Some answers need your attention: {{questions}}.',
    checkAnswer: 'Please check this answer.',
    optOutLink: 'Do not want to receive our surveys?',
    optOutAction: 'Opt out',
    invalid: {
      title: 'This link is not valid',
      text: 'Please check that you opened the whole link from the e-mail. If it still does not work, contact your personal manager.',
    },
    closed: {
      title: 'This survey has closed',
      text: 'Thank you for your interest. The survey no longer accepts answers.',
    },
    optedOut: {
      title: 'You have opted out',
      text: 'You will not receive any more surveys from us.',
    },
    completed: {
      title: 'Already answered — thank you',
      text: 'Your answers to this questionnaire have been received. There is nothing more to do.',
    },
    optOut: {
      title: 'Opt out of our surveys',
      text: 'If you opt out, we will send you no more survey invitations or reminders. You do not need to answer the questionnaire.',
      confirm: 'Opt me out',
      back: 'Back to the questionnaire',
    },
    errorTitle: 'Something went wrong',
    errorText: 'Please try again in a few minutes.',
  },
  ru: {
    surveyFor: 'Анкета для компании {{name}}',
    questionnaire: 'Анкета',
    language: 'Язык',
    loading: 'Загружаем анкету…',
    needsJavaScript:
      'Для анкеты нужен JavaScript. Включите его в браузере или откройте ссылку на другом устройстве.',
    saving: 'Сохраняем…',
    saved:
      'Ваши ответы сохранены. Можно закрыть страницу и продолжить позже по той же ссылке, на любом устройстве.',
    saveFailed:
      'Последние ответы ещё не сохранены: нет связи с сервером. Мы попробуем ещё раз, пожалуйста, не закрывайте страницу.',
    completeFailed: 'Не удалось отправить ответы. Проверьте подключение и снова нажмите «Завершить».',
    invalidAnswers: 'Проверьте, пожалуйста, ответы: {{questions}}.',
    checkAnswer: 'Проверьте, пожалуйста, этот ответ.',
    optOutLink: 'Не хотите получать наши опросы?',
    optOutAction: 'Отказаться',
    invalid: {
      title: 'Ссылка недействительна',
      text: 'Проверьте, что вы открыли ссылку из письма целиком. Если она всё равно не работает, свяжитесь с вашим персональным менеджером.',
    },
    closed: {
      title: 'Опрос завершён',
      text: 'Спасибо за интерес. Опрос больше не принимает ответы.',
    },
    optedOut: {
      title: 'Вы отказались от опросов',
      text: 'Мы больше не будем присылать вам опросы.',
    },
    completed: {
      title: 'Вы уже ответили — спасибо',
      text: 'Ваши ответы на эту анкету получены. Больше ничего делать не нужно.',
    },
    optOut: {
      title: 'Отказ от наших опросов',
      text: 'Если вы откажетесь, мы больше не будем присылать вам приглашения и напоминания об опросах. Отвечать на анкету для этого не нужно.',
      confirm: 'Отказаться от опросов',
      back: 'Вернуться к анкете',
    },
    errorTitle: 'Что-то пошло не так',
    errorText: 'Попробуйте, пожалуйста, ещё раз через несколько минут.',
  },
};
