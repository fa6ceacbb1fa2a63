import { OverviewView } from '@/components/dashboard/overview-view';

export const metadata = { title: 'Overview · Data layer health' };

export default function OverviewPage() {
  return <OverviewView />;
}
