import { InfoPage } from '../../components/InfoPage';
import { PRIVACY } from '../../content';

export default function PrivacyPage() {
  return <InfoPage {...PRIVACY} />;
}
