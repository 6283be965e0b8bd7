import { describe, expect, it } from '@jest/globals';
import { bulletinLineText, bulletinTitle, formatScore, renderBulletinText, type BulletinDocument } from './bulletin.js';

describe('the bulletin document', () => {
  it('prints scores as the page does: no trailing zeros, two decimals at most', () => {
    expect([100, 89.6, 85.66, 99.0, 70.1049, 85.656].map(formatScore)).toEqual(['100', '89.6', '85.66', '99', '70.1', '85.66']);
    expect(bulletinLineText({ names: ['市民政局', '市供销合作社'], score: 99.6, grade: '优秀' })).toBe(
      '市民政局、市供销合作社 99.6分（优秀）',
    );
    expect(bulletinTitle('2023-02')).toBe('许昌市城市管理综合考评2月份调度情况通报');
    expect(bulletinTitle('2026-11')).toBe('许昌市城市管理综合考评11月份调度情况通报');
  });

  it('renders title, paragraphs, sections with their parts, and the closing, separated as on the page', () => {
    const doc: BulletinDocument = {
      month: '2026-10',
      revision: 1,
      source: 'computed',
      title: '标题',
      issuer: '发布单位',
      publishedAt: null,
      paragraphs: ['第一段。', '第二段。'],
      sections: [
        { heading: '一、甲组', groupCode: 'a', parts: [{ heading: null, lines: [{ names: ['甲'], score: 90, grade: '良好' }] }] },
        {
          heading: '二、乙组',
          groupCode: 'b',
          parts: [
            { heading: '1.前三名的单位', lines: [{ names: ['乙', '丙'], score: 95.5, grade: '优秀' }] },
            { heading: '2.后三名的单位', lines: [{ names: ['丁'], score: 60, grade: '不合格' }] },
          ],
        },
      ],
      closing: ['结尾。'],
    };
    expect(renderBulletinText(doc)).toBe(
      '标题\n\n第一段。\n\n第二段。\n\n一、甲组\n甲 90分（良好）\n二、乙组\n1.前三名的单位\n乙、丙 95.5分（优秀）\n2.后三名的单位\n丁 60分（不合格）\n\n结尾。\n',
    );
  });
});
