import ExcelJS from 'exceljs';
import type { RankingDto } from '@xc/shared';

/** The whole ranking of a month as a spreadsheet: one sheet, every group, every unit. */
export async function rankingWorkbook(ranking: RankingDto & { revision: number }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '许昌智慧城管便民服务平台';
  const ws = wb.addWorksheet(`${ranking.month} 考评排名`);
  ws.columns = [
    { header: '考评组', key: 'group', width: 26 },
    { header: '名次', key: 'rank', width: 8 },
    { header: '单位', key: 'unit', width: 40 },
    { header: '得分', key: 'score', width: 10 },
    { header: '等次', key: 'grade', width: 10 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const g of ranking.groups)
    for (const u of g.units) ws.addRow({ group: g.name, rank: u.rank, unit: u.name, score: u.score, grade: u.grade });
  ws.getColumn('score').numFmt = '0.##';
  ws.addRow([]);
  ws.addRow([`月份：${ranking.month}`, `版本：第 ${ranking.revision} 版`]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
