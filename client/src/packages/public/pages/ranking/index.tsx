import { ComingSoon } from '../../../../components/ComingSoon';

export default function RankingPage() {
  return <ComingSoon feature='排行榜' description='按月查看各区县、街道和市直单位的城市管理考评得分与排名。' />;
}
