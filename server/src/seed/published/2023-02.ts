/**
 * The February 2023 scores as published on the source page (许昌日报, March 2023: 许昌市城市管理
 * 综合考评 2 月份调度情况通报). The page lists every unit of the first two groups and only the top
 * and bottom three scores of the other two, so only those units have a score for this month.
 */
export const PUBLISHED_2023_02 = {
  month: '2023-02',
  /** 3 月 13 日，从市城市管理委员会办公室传来消息 */
  publishedAt: '2023-03-13T09:00:00+08:00',
  /** 积极采集上报各类城市管理问题 35395 件，涉及问题的结案率达到 88.41% */
  figures: { reported: 35395, closureRate: 0.8841 },
  scores: [
    { unit: '襄城县', score: 85.66 },
    { unit: '长葛市', score: 85.65 },
    { unit: '禹州市', score: 83.41 },
    { unit: '鄢陵县', score: 83.24 },
    { unit: '市城乡一体化示范区', score: 92.24 },
    { unit: '东城区', score: 89.6 },
    { unit: '魏都区', score: 88.39 },
    { unit: '建安区', score: 83.72 },
    { unit: '许昌经济技术开发区', score: 78.74 },
    { unit: '市市场监督管理局', score: 100 },
    { unit: '市政务服务和大数据管理局', score: 100 },
    { unit: '市退役军人事务局', score: 100 },
    { unit: '许昌供电公司', score: 100 },
    { unit: '市投资集团有限公司', score: 100 },
    { unit: '市民政局', score: 99.6 },
    { unit: '市供销合作社', score: 99.6 },
    { unit: '市公安局', score: 97.36 },
    { unit: '许昌电信公司', score: 69.46 },
    { unit: '许昌学院', score: 71.77 },
    { unit: '许昌联通公司', score: 72.73 },
    { unit: '东城区永昌街道办事处', score: 99.42 },
    { unit: '市城乡一体化示范区永兴街道办事处', score: 99 },
    { unit: '建安区小召乡', score: 99 },
    { unit: '建安区椹涧乡', score: 98.4 },
    { unit: '许昌经济技术开发区长村张街道办事处', score: 54.27 },
    { unit: '建安区蒋李集镇', score: 62.89 },
    { unit: '建安区张潘镇', score: 72.39 },
  ],
} as const;
