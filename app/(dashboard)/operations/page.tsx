import { OperationsView } from '@/components/dashboard/operations-view';

export const metadata = { title: 'Operations · Data layer health' };

export default function OperationsPage() {
  return <OperationsView />;
}
