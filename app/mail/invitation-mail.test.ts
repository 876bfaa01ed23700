import { describe, expect, it } from 'vitest';
import { compileInvitationMail, renderInvitationMail, senderNameOf } from './invitation-mail.ts';

const input = {
  kind: 'invitation' as const,
  language: 'en' as const,
  contactName: 'Anna <b>Lee</b>',
  clientName: 'Acme "Steel" & Sons',
  surveyTitle: 'Client survey',
  senderName: 'First Bank',
  link: 'https://barometer.example/s/abc_DEF-123',
  optOutLink: 'https://barometer.example/s/abc_DEF-123/opt-out',
  expiresAt: new Date('2031-05-15T20:59:00Z'),
};

describe('invitation mail', () => {
  it('writes the English invitation with the personal link, opt-out link and expiry date', () => {
    const mail = renderInvitationMail(input);
    expect(mail.subject).toBe('Client survey');
    expect(mail.text).toContain('Dear Anna <b>Lee</b>,');
    expect(mail.text).toContain('as a representative of Acme "Steel" & Sons');
    expect(mail.text).toContain('Answer the survey: https://barometer.example/s/abc_DEF-123\n');
    expect(mail.text).toContain('https://barometer.example/s/abc_DEF-123/opt-out');
    expect(mail.text).toContain('works until 15 May 2031');
    expect(mail.text).toContain('Kind regards,\nFirst Bank');
  });

  it('writes Russian for a Russian-speaking contact, with the date in Moscow time', () => {
    const mail = renderInvitationMail({
      ...input,
      language: 'ru',
      expiresAt: new Date('2031-05-15T21:30:00Z'),
    });
    expect(mail.text).toContain('Здравствуйте, Anna <b>Lee</b>!');
    expect(mail.text).toContain('Пройти опрос: https://barometer.example/s/abc_DEF-123');
    expect(mail.text).toContain('действует до 16 мая 2031');
    expect(mail.html).toContain('lang="ru"');
    expect(mail.html).toContain('Не присылать мне опросы');
  });

  it('marks a reminder as one', () => {
    const mail = renderInvitationMail({ ...input, kind: 'reminder', reminderNumber: 1 });
    expect(mail.subject).toBe('Reminder: Client survey');
    expect(mail.text).toContain('We have not yet received your answers');
  });

  it('escapes every value put into the HTML', () => {
    const mail = renderInvitationMail({
      ...input,
      surveyTitle: '<script>alert(1)</script>',
      link: 'https://x.example/s/a"onmouseover="alert(1)',
    });
    expect(mail.html).not.toMatch(/<script|<b>|"onmouseover/);
    expect(mail.html).toContain('Dear Anna &lt;b&gt;Lee&lt;/b&gt;,');
    expect(mail.html).toContain('Acme &quot;Steel&quot; &amp; Sons');
    expect(mail.html).toContain('href="https://x.example/s/a&quot;onmouseover=&quot;alert(1)"');
    expect(mail.html).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>');
  });

  it('gives the same mail compiled once per language and kind as rendered directly', () => {
    for (const language of ['en', 'ru'] as const) {
      for (const kind of ['invitation', 'reminder'] as const) {
        const { contactName, clientName, link, optOutLink, ...setting } = { ...input, language, kind };
        const compiled = compileInvitationMail(setting);
        const recipient = { contactName, clientName, link, optOutLink };
        expect(compiled(recipient)).toEqual(renderInvitationMail({ ...setting, ...recipient }));
      }
    }
  });

  it('reads the sender name from the From address', () => {
    expect(senderNameOf('First Bank <survey@bank.example>')).toBe('First Bank');
    expect(senderNameOf('"Bank, Corporate" <survey@bank.example>')).toBe('Bank, Corporate');
    expect(senderNameOf('survey@bank.example')).toBe('survey@bank.example');
  });
});
