import { parsePolicyBody } from './policy-body';

describe('parsePolicyBody', () => {
  it('reads the lead, then one section per ## heading with its paragraphs', () => {
    expect(parsePolicyBody('我们依法处理个人信息。\n## 收集哪些信息\n微信标识\n\n手机号（可选）\n## 保存多久\n36 个月')).toEqual({
      lead: '我们依法处理个人信息。',
      sections: [
        { title: '收集哪些信息', paragraphs: ['微信标识', '手机号（可选）'] },
        { title: '保存多久', paragraphs: ['36 个月'] },
      ],
    });
  });

  it('keeps a body without headings as its lead', () => {
    expect(parsePolicyBody('新版本正文')).toEqual({ lead: '新版本正文', sections: [] });
  });
});
