import type { Open311AttributeDto } from '@xc/shared';
import type { StoredAttribute } from './open311.entities.js';

/**
 * Open311 service definitions: what a category needs to know beyond the description and the
 * place (GeoReport v2, GET Service Definition). Pure: the definitions follow from the category.
 */

/** The wire type of an attribute (shared/src/open311.ts). */
export type ServiceAttribute = Open311AttributeDto;

/** A list to pick from (`multi`: several at once). */
function choice(
  order: number,
  code: string,
  description: string,
  values: [key: string, name: string][],
  opts: { required?: boolean; multi?: boolean } = {},
): ServiceAttribute {
  return {
    variable: true,
    code,
    datatype: opts.multi ? 'multivaluelist' : 'singlevaluelist',
    required: opts.required ?? true,
    datatype_description: null,
    order,
    description,
    values: values.map(([key, name]) => ({ key, name })),
  };
}

/** A value typed in; `hint` tells the reporter what to write. */
function entry(
  order: number,
  code: string,
  description: string,
  datatype: 'string' | 'number' | 'datetime',
  hint: string,
  required = false,
): ServiceAttribute {
  return { variable: true, code, datatype, required, datatype_description: hint, order, description };
}

/** Every kind of 井盖 (manhole cover): which cover, and whether it is missing or broken. */
const COVER: ServiceAttribute[] = [
  choice(1, 'condition', '井盖的情况', [
    ['missing', '丢失（井口敞开）'],
    ['broken', '破损、断裂'],
    ['loose', '松动、有响声'],
    ['uneven', '下沉或凸起'],
  ]),
  entry(2, 'cover_marking', '是哪个井盖', 'string', '井盖上的字样或编号，如“污水 WS-0231”；井盖丢失时可写相邻井盖的'),
];

const LAMP_FAULT = choice(1, 'fault', '故障情况', [
  ['off', '夜间不亮'],
  ['day_on', '白天常亮'],
  ['flicker', '闪烁'],
  ['damaged', '灯杆或灯具破损、倾斜'],
]);

const BY_CODE: Record<string, ServiceAttribute[]> = {
  // 路灯: the fault and the pole number painted on it (how the lighting office finds the lamp).
  '100118': [LAMP_FAULT, entry(2, 'pole_number', '灯杆编号', 'string', '灯杆上喷涂或挂牌的编号，如“XC-LD-01234”', true)],
  '100119': [LAMP_FAULT], // 地灯
  '100120': [LAMP_FAULT], // 景观灯
  '100210': [
    // 交通信号灯
    choice(1, 'fault', '故障情况', [
      ['off', '不亮'],
      ['stuck', '长时间不变灯'],
      ['damaged', '灯头损坏或被遮挡'],
    ]),
  ],
  '100402': [
    // 行道树
    choice(1, 'problem', '树木的情况', [
      ['fallen', '倒伏或倾斜'],
      ['broken_branch', '断枝悬挂'],
      ['dead', '枯死'],
      ['blocking', '遮挡信号灯、路牌或路灯'],
    ]),
  ],
  '200107': [
    // 废弃车辆
    choice(1, 'vehicle_type', '车辆类型', [
      ['car', '汽车'],
      ['motorcycle', '摩托车'],
      ['e_bike', '电动自行车'],
      ['bicycle', '自行车'],
    ]),
    entry(2, 'since', '大约从何时停放', 'datetime', 'ISO 8601 日期或时间，如 2026-10-01'),
  ],
  '200201': [
    // 非法小广告
    entry(1, 'area_m2', '张贴面积约多少平方米', 'number', '平方米，数字'),
    choice(
      2,
      'surface',
      '贴在哪里（可多选）',
      [
        ['wall', '墙面'],
        ['pole', '电线杆、灯杆'],
        ['box', '配电箱、通信箱'],
        ['ground', '地面'],
      ],
      { required: false, multi: true },
    ),
  ],
};

/** The attributes of a category (service); empty when the description and the place are enough. */
export function attributesOf(category: { code: string; name: string }): ServiceAttribute[] {
  if (BY_CODE[category.code]) return BY_CODE[category.code];
  return category.name.endsWith('井盖') ? COVER : [];
}

const MAX_STRING = 100;
const MAX_TEXT = 1000;

/**
 * Checks the answers of a POST (`attribute[code]=value`; a multivaluelist as an array or a
 * comma-separated string) against the definition. Answers to codes the service does not define
 * are ignored (clients such as FixMyStreet add their own). Returns the stored answers with their
 * labels, or the errors per `attribute[code]`.
 */
export function validateAttributes(
  defs: ServiceAttribute[],
  answers: Record<string, unknown>,
): { ok: true; values: StoredAttribute[] } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const values: StoredAttribute[] = [];
  for (const def of defs) {
    const field = `attribute[${def.code}]`;
    const raw = answers[def.code];
    if (raw !== undefined && raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
      errors[field] = `${def.description}的值格式不正确`;
      continue;
    }
    const parts = (Array.isArray(raw) ? raw : typeof raw === 'string' || typeof raw === 'number' ? [raw] : [])
      .map((v) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : ''))
      .flatMap((v) => (def.datatype === 'multivaluelist' ? v.split(',').map((x) => x.trim()) : [v]))
      .filter(Boolean);
    if (!parts.length) {
      if (def.required) errors[field] = `请填写${def.description}`;
      continue;
    }
    if (def.datatype !== 'multivaluelist' && parts.length > 1) {
      errors[field] = `${def.description}只能填一个值`;
      continue;
    }
    const [one] = parts;
    switch (def.datatype) {
      case 'singlevaluelist':
      case 'multivaluelist': {
        const names = parts.map((p) => def.values?.find((v) => v.key === p)?.name);
        if (names.some((n) => n === undefined)) {
          errors[field] = `${def.description}只能是 ${def.values!.map((v) => v.key).join('、')} 之一`;
          continue;
        }
        const keys = [...new Set(parts)];
        values.push({ code: def.code, value: keys.join(','), label: def.description, text: [...new Set(names)].join('、') });
        break;
      }
      case 'number': {
        if (!/^-?\d+(\.\d+)?$/.test(one)) {
          errors[field] = `${def.description}须为数字`;
          continue;
        }
        values.push({ code: def.code, value: one, label: def.description, text: one });
        break;
      }
      case 'datetime': {
        if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(one) || Number.isNaN(Date.parse(one))) {
          errors[field] = `${def.description}须为 ISO 8601 日期或时间`;
          continue;
        }
        values.push({ code: def.code, value: one, label: def.description, text: one });
        break;
      }
      default: {
        const max = def.datatype === 'text' ? MAX_TEXT : MAX_STRING;
        if (one.length > max) {
          errors[field] = `${def.description}不超过 ${max} 字`;
          continue;
        }
        values.push({ code: def.code, value: one, label: def.description, text: one });
      }
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, values };
}
