import { InfoPage } from '../../components/InfoPage';
import { ABOUT } from '../../content';

export default function AboutPage() {
  return <InfoPage {...ABOUT} />;
}
