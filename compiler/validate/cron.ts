/**
 * Kubernetes CronJob schedules: five fields (minute, hour, day of month, month, day of week), each
 * a comma list of `*`, `n`, `a-b`, with an optional `/step`; months and weekdays also by name
 * (`JAN`, `MON`); `?` for either day field; or one of the macros. The same grammar as the cron
 * library Kubernetes uses (robfig/cron, standard parser), so what passes here schedules there.
 */
const MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface CronField {
  name: string;
  min: number;
  max: number;
  names?: string[];
  question?: boolean;
}
const FIELDS: CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31, question: true },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 6, names: WEEKDAYS, question: true },
];

function value(text: string, field: CronField): number | string {
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (index >= 0) return index + field.min;
  if (!/^\d+$/.test(text)) return `"${text}" is not a number${field.names ? ' or a name like ' + field.names[0] : ''}`;
  const number = Number(text);
  return number < field.min || number > field.max ? `${number} is outside ${field.min}–${field.max}` : number;
}

/** What is wrong with one comma-separated part of a field, or undefined. */
function partProblem(part: string, field: CronField): string | undefined {
  const [range, step, extra] = part.split('/');
  if (extra !== undefined || range === '') return `"${part}" is not a value, range or step`;
  if (step !== undefined && (!/^\d+$/.test(step) || Number(step) === 0)) return `step "${step}" must be a whole number above 0`;
  if (range === '*' || (range === '?' && field.question)) return undefined;
  const bounds = range!.split('-');
  if (bounds.length > 2) return `"${range}" is not a range like 1-5`;
  const values = bounds.map((bound) => value(bound, field));
  const problem = values.find((entry): entry is string => typeof entry === 'string');
  if (problem) return problem;
  if (values.length === 2 && (values[0] as number) > (values[1] as number)) return `range "${range}" runs backwards`;
  return undefined;
}

/** Why `schedule` is not a schedule Kubernetes accepts, or undefined when it is one. */
export function cronProblem(schedule: string): string | undefined {
  const text = schedule.trim();
  if (text.startsWith('@')) return MACROS.includes(text) ? undefined : `"${text}" is not one of ${MACROS.join(', ')}`;
  if (/^(rate|cron)\(/.test(text)) return 'an EventBridge expression; jobs take five-field cron like "30 2 * * *"';
  const fields = text.split(/\s+/);
  if (fields.length !== 5) return `${fields.length} field${fields.length === 1 ? '' : 's'}; cron needs five: minute hour day-of-month month day-of-week`;
  for (const [index, field] of FIELDS.entries()) {
    for (const part of fields[index]!.split(',')) {
      const problem = partProblem(part, field);
      if (problem) return `${field.name} field: ${problem}`;
    }
  }
  return undefined;
}

/** Whether `zone` is an IANA time zone name the runtime knows (offsets like `+01:00` are not). */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
