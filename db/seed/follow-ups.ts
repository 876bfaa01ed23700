import type { SurveyDefinition } from '../../surveys/definition.ts';
import { type AlertReason, alertReasons } from '../../surveys/scoring.ts';
import type { followUps } from '../schema/index.ts';
import { addHours, addWorkingDays, dateOf, isoDate } from './calendar.ts';
import type { ManagerPlan } from './managers.ts';
import type { Random } from './random.ts';
import { FOLLOW_UP_SLA_DAYS } from './settings.ts';
import type { CompletedResponse } from './waves.ts';

type FollowUpRow = typeof followUps.$inferInsert;

// One call settles all of a response's alerts, so a response gets one task for its most urgent reason.
const urgency: readonly AlertReason[] = ['contact_request', 'detractor', 'low_score'];

const outcomes: Record<AlertReason, readonly string[]> = {
  contact_request: [
    'Созвонились с клиентом, ответили на вопросы по тарифам, направили коммерческое предложение.',
    'Провели встречу с финансовым директором, договорились о ежеквартальных встречах.',
    'Связались с клиентом: вопрос по выпискам решён, настроили выгрузку в 1С.',
  ],
  detractor: [
    'Встреча с руководством клиента; согласовали индивидуальный тариф на РКО.',
    'Разобрали задержку с согласованием ставки, решение принято, клиент уведомлён.',
    'Клиенту назначен резервный менеджер на время отпуска основного.',
    'Обсудили претензии по эквайрингу, терминалы заменены.',
  ],
  low_score: [
    'Замечания по интернет-банку переданы в ИТ, клиенту дан прямой контакт поддержки.',
    'Пересмотрели пакет услуг: клиент перешёл на более выгодный тарифный план.',
    'Проинформировали клиента о новом регламенте согласования лимитов.',
  ],
};

/** Tasks for the personal manager after a detractor, a low score or a request to be contacted. */
export function planFollowUps(
  random: Random,
  definition: SurveyDefinition,
  completed: readonly CompletedResponse[],
  managers: readonly ManagerPlan[],
  lastWaveIndex: number,
): FollowUpRow[] {
  const managerById = new Map(managers.map((manager) => [manager.row.id, manager]));
  return completed.flatMap(({ response, answers, waveIndex, completedAt }) => {
    const reasons = alertReasons(definition, answers);
    const reason = urgency.find((candidate) => reasons.includes(candidate));
    if (!reason) return [];
    const manager = response.managerId ? managerById.get(response.managerId) : undefined;
    const diligent = manager?.part !== 'weak';
    const status = followUpStatus(random, { recent: waveIndex === lastWaveIndex, diligent });
    const completedOn = isoDate(completedAt);
    const resolvedAt = status === 'resolved' ? resolutionTime(random, completedAt, diligent) : null;
    return [
      {
        responseId: response.id,
        clientId: response.clientId,
        managerId: response.managerId,
        reason,
        status,
        dueOn: addWorkingDays(completedOn, FOLLOW_UP_SLA_DAYS),
        resolvedAt,
        resolvedBy: resolvedAt ? (manager?.row.userId ?? null) : null,
        outcome: resolvedAt ? random.pick(outcomes[reason]) : null,
        createdAt: completedAt,
        updatedAt: resolvedAt ?? completedAt,
      },
    ];
  });
}

// Older alerts are mostly dealt with; the last wave's are still being worked through.
function followUpStatus(random: Random, { recent, diligent }: { recent: boolean; diligent: boolean }) {
  return random.weighted(
    recent
      ? ([
          ['resolved', diligent ? 60 : 30],
          ['in_progress', diligent ? 15 : 20],
          ['open', diligent ? 25 : 50],
        ] as const)
      : ([
          ['resolved', diligent ? 90 : 65],
          ['in_progress', diligent ? 4 : 10],
          ['open', diligent ? 6 : 25],
        ] as const),
  );
}

/** Diligent managers mostly close within the two working days allowed; the weak one mostly does not. */
function resolutionTime(random: Random, completedAt: Date, diligent: boolean): Date {
  const workingDays = random.chance(diligent ? 0.75 : 0.35) ? random.int(0, 2) : random.int(3, 10);
  if (workingDays === 0) return addHours(completedAt, random.uniform(1, 5));
  // 06:00–12:00 UTC is 09:00–15:00 in Moscow.
  return addHours(dateOf(addWorkingDays(isoDate(completedAt), workingDays)), random.uniform(6, 12));
}
