import { cityClock, cityDate } from '@xc/shared';
/**
 * Subscribe-message (订阅消息) data within WeChat's limits: a value over its field type's limit is
 * refused with errcode 47003, so it is cut here. Limits by the key's type prefix (WeChat's
 * documentation, 订阅消息参数值内容限制): thing 20 characters, character_string 32, phrase 5,
 * number 32, letter 32, name 10 (with thing and phrase also taking no more).
 */
const LIMITS: [prefix: string, max: number][] = [
  ['character_string', 32],
  ['thing', 20],
  ['phrase', 5],
  ['number', 32],
  ['letter', 32],
  ['name', 10],
  ['car_number', 8],
];

/** Cut to the field type's limit, by characters (code points), with `…` when something was cut from a thing. */
export function fitField(key: string, value: string): string {
  const limit = LIMITS.find(([p]) => key.startsWith(p))?.[1];
  const chars = [...value];
  if (!limit || chars.length <= limit) return value;
  if (key.startsWith('thing')) return `${chars.slice(0, limit - 1).join('')}…`;
  return chars.slice(0, limit).join('');
}

/** `time` fields: 'YYYY-MM-DD HH:mm' in Beijing time. */
export function wechatTime(d: Date): string {
  return `${cityDate(d)} ${cityClock(d)}`;
}

/**
 * The fields of both configured templates (案件进度 and 结案评价): 案件编号 character_string1,
 * 状态 phrase2, 说明 thing3, 时间 time4. A template with other keys needs this mapping changed.
 */
export function subscribeData(fields: { caseNo: string; phrase: string; text: string; at: Date }): Record<string, { value: string }> {
  const raw: Record<string, string> = {
    character_string1: fields.caseNo,
    phrase2: fields.phrase,
    thing3: fields.text,
    time4: wechatTime(fields.at),
  };
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, { value: fitField(k, v) }]));
}
