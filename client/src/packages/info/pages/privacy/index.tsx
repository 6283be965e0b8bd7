import { PolicyPage } from '../../components/PolicyPage';

export default function PrivacyPage() {
  return <PolicyPage kind="privacy" />;
}
