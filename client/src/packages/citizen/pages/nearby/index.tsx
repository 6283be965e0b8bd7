import { ComingSoon } from '../../../../components/ComingSoon';

export default function NearbyPage() {
  return <ComingSoon feature='附近问题' description='按距离列出您身边已上报的问题，避免重复上报。' />;
}
