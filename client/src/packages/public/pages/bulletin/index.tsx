import { ComingSoon } from '../../../../components/ComingSoon';

export default function BulletinPage() {
  return <ComingSoon feature='考评通报' description='阅读每月的城市管理考评通报全文，可一键复制。' />;
}
