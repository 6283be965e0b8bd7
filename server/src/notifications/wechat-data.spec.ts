import { describe, expect, it } from '@jest/globals';
import { fitField, subscribeData, wechatTime } from './wechat-data.js';

describe('subscribe-message fields within WeChat limits', () => {
  it('cuts thing to 20 characters (counting Chinese characters as one) with an ellipsis', () => {
    const long = '你上报的问题已处置完毕等待核查请耐心等待结果谢谢';
    const v = fitField('thing3', long);
    expect([...v]).toHaveLength(20);
    expect(v.endsWith('…')).toBe(true);
    expect(fitField('thing3', '短说明')).toBe('短说明');
  });
  it('cuts character_string to 32 and phrase to 5', () => {
    expect(fitField('character_string1', 'X'.repeat(40))).toBe('X'.repeat(32));
    expect(fitField('phrase2', '已受理立案完成了')).toBe('已受理立案');
    expect(fitField('phrase2', '已结案')).toBe('已结案');
  });
  it('leaves unknown types and time as they are', () => {
    expect(fitField('date5', '2026-11-30')).toBe('2026-11-30');
    expect(wechatTime(new Date('2026-11-30T02:05:00Z'))).toBe('2026-11-30 10:05');
  });
  it('builds the template data with every field fitted', () => {
    const d = subscribeData({
      caseNo: 'XC202611300001',
      phrase: '已派遣',
      text: '你上报的问题 XC202611300001 已派遣至相关局处理',
      at: new Date('2026-11-30T00:00:00Z'),
    });
    expect(d.character_string1.value).toBe('XC202611300001');
    expect(d.phrase2.value).toBe('已派遣');
    expect([...d.thing3.value].length).toBeLessThanOrEqual(20);
    expect(d.time4.value).toBe('2026-11-30 08:00');
  });
});
